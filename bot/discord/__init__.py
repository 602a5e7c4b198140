"""The Discord adapter: ``serve(app, stop)`` runs the bot until ``stop`` is set.

The client (``bot.discord.client``) generates slash commands from the command registry, renders
replies as embeds (``bot.discord.render``) with buttons (``bot.discord.views``), and puts a Sender
for platform "discord" (``bot.discord.sender``) into ``app.services["senders"]``.
``DISCORD_API_BASE_URL`` (a proxy, or the tests' fake) is honoured for REST and the gateway; see
the client's docstring for how. The token is read from the settings' Secret and never logged.

Discord unreachable (at start or while running: connection refused, timeouts, HTTP 5xx, the
gateway gone): discord.py is started with ``reconnect=False`` so that such a failure ends the
client instead of looping in discord.py's own backoff (random waits up to 17 minutes, a traceback
logged each time); ``serve`` then waits ``bot.Backoff`` (``bot.reconnect_base_seconds`` doubling up to
``bot.reconnect_max_seconds``, reset once a connection is ready again), logs one line, and starts a
fresh client. Only a client the gateway has said READY to is the Discord sender (before that its
HTTP session does not exist), so while none is connected digests for Discord wait as pending
deliveries; a READY also ends the broadcaster's hold on Discord, so held deliveries go at once. Gateway requests to reconnect or resume are still handled inside
discord.py. A refused token is logged once and this adapter stops without stopping the others.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

import aiohttp
import discord

from bot.backoff import Backoff, wait_or_stop
from bot.discord.client import NewsClient, restore_api
from bot.discord.sender import DiscordSender

log = logging.getLogger(__name__)

__all__ = ["DiscordSender", "NewsClient", "serve"]

# gave up for good: a refused token, or intents the application does not have
FATAL = (discord.LoginFailure, discord.PrivilegedIntentsRequired)


def unreachable(error: BaseException | None) -> bool:
    """True for failures that say Discord cannot be reached now; None is a closed connection."""
    if error is None:
        return True
    if isinstance(error, discord.DiscordServerError):  # HTTP 5xx after discord.py's own retries
        return True
    if isinstance(error, discord.ConnectionClosed):
        return error.code not in (4004, 4010, 4011, 4012, 4013, 4014)
    return isinstance(error, OSError | TimeoutError | aiohttp.ClientError | discord.GatewayNotFound)


async def serve(app: Any, stop: asyncio.Event, **options: Any) -> None:
    """Log in, sync the commands, answer until ``stop`` is set; reconnect with backoff; close cleanly.

    ``options`` go to ``NewsClient`` (``view_timeout``, ``defer_after``, discord.Client options), for tests.
    """
    token = app.settings.discord_token.reveal()
    if not token:
        raise RuntimeError("DISCORD_BOT_TOKEN is not set")
    backoff = Backoff.from_settings(app.settings)
    try:
        while not stop.is_set():
            error, was_ready = await _run_client(app, stop, token, options)
            if stop.is_set():
                return
            if isinstance(error, FATAL):
                log.error("discord: %s; the Discord adapter stays off", error)
                return
            if not unreachable(error):
                assert error is not None
                raise error
            if was_ready:
                backoff.reset()
            delay = backoff.next()
            reason = f"{type(error).__name__}: {error}" if error is not None else "the connection closed"
            log.warning("discord: cannot reach Discord (%s); try %d again in %.1f s", reason, backoff.failures, delay)
            if await wait_or_stop(stop, delay):
                return
    finally:
        restore_api()


async def _run_client(app: Any, stop: asyncio.Event, token: str, options: dict[str, Any]) -> tuple[BaseException | None, bool]:
    """One client from login to its end; returns (what ended it, whether it had been ready)."""
    client = NewsClient(app, **options)
    sender = DiscordSender(client)
    senders = app.services.setdefault("senders", {})
    app.services["discord_client"] = client

    def ready() -> None:
        # only a connected client sends: before READY its HTTP session does not exist yet
        senders["discord"] = sender
        scheduler = app.services.get("scheduler")
        if scheduler is not None:
            scheduler.broadcaster.platform_reachable("discord")

    client.on_ready_hooks.append(ready)
    runner = asyncio.create_task(client.start(token, reconnect=False), name="discord-client")
    waiter = asyncio.create_task(stop.wait(), name="discord-stop")
    error: BaseException | None = None
    try:
        done, _ = await asyncio.wait({runner, waiter}, return_when=asyncio.FIRST_COMPLETED)
        if runner in done:
            error = runner.exception()
        return error, client.is_ready() or client.was_ready
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
