"""The Discord adapter: ``serve(app, stop)`` runs the bot until ``stop`` is set.

The client (``bot.discord.client``) generates slash commands from the command registry, renders
replies as embeds (``bot.discord.render``) with buttons (``bot.discord.views``), and puts a Sender
for platform "discord" (``bot.discord.sender``) into ``app.services["senders"]``.
``DISCORD_API_BASE_URL`` (a proxy, or the tests' fake) is honoured for REST and the gateway; see
the client's docstring for how. The token is read from the settings' Secret and never logged.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from bot.discord.client import NewsClient, restore_api
from bot.discord.sender import DiscordSender

log = logging.getLogger(__name__)

__all__ = ["DiscordSender", "NewsClient", "serve"]


async def serve(app: Any, stop: asyncio.Event, **options: Any) -> None:
    """Log in, sync the commands, answer until ``stop`` is set; then close cleanly.

    ``options`` go to ``NewsClient`` (``view_timeout``, ``defer_after``, discord.Client options), for tests.
    """
    token = app.settings.discord_token.reveal()
    if not token:
        raise RuntimeError("DISCORD_BOT_TOKEN is not set")
    client = NewsClient(app, **options)
    sender = DiscordSender(client)
    senders = app.services.setdefault("senders", {})
    senders["discord"] = sender
    app.services["discord_client"] = client
    runner = asyncio.create_task(client.start(token), name="discord-client")
    waiter = asyncio.create_task(stop.wait(), name="discord-stop")
    try:
        done, _ = await asyncio.wait({runner, waiter}, return_when=asyncio.FIRST_COMPLETED)
        if runner in done:
            runner.result()  # a login failure or a fatal gateway close: raise it
            log.warning("the Discord client stopped")
    finally:
        waiter.cancel()
        await client.close()
        if not runner.done():
            runner.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await runner
        with contextlib.suppress(asyncio.CancelledError):
            await waiter
        if senders.get("discord") is sender:
            del senders["discord"]
        if app.services.get("discord_client") is client:
            del app.services["discord_client"]
        restore_api()
