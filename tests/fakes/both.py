"""Both adapters and the scheduler in one process (``bot.runner.run_adapters``) against both fakes.

``both_running`` starts the Telegram and Discord fakes (optionally already down), one App with both
tokens and a short backoff and retry tick (``CONFIG``), and ``run_adapters`` in a task; on exit
everything is stopped within a bounded time. Helpers ask each platform for /help.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import itertools
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.app import App, create_app
from bot.runner import run_adapters
from bot.settings import load_settings
from digests.delivery import Pacer, PlatformLimits
from tests.fakes.discord_api import ADMIN_USER, GUILD_ID, TEXT_CHANNEL, FakeDiscord
from tests.fakes.telegram_api import FakeTelegram

ROOT = Path(__file__).resolve().parent.parent.parent
TG_CHAT = 777
CONFIG = """
[bot]
reconnect_base_seconds = 0.2
reconnect_max_seconds = 1.0
commands_per_minute = 0
[telegram]
group_messages_per_minute = 6000
[digest]
retry_seconds = 0.3
send_when_empty = true
"""
FAST = Pacer({p: PlatformLimits(per_second=200.0, group_interval=0.0, private_interval=0.0) for p in ("telegram", "discord")})


@dataclass
class Both:
    app: App
    tg: FakeTelegram
    dc: FakeDiscord
    task: asyncio.Task[None]
    stop: asyncio.Event


async def until(check: Callable[[], Any], within: float = 20.0, step: float = 0.05) -> None:
    """Poll ``check()`` (a value or an awaitable) until it is truthy; TimeoutError after ``within`` s."""
    async with asyncio.timeout(within):
        for _ in itertools.count():
            value = check()
            if inspect.isawaitable(value):
                value = await value
            if value:
                return
            await asyncio.sleep(step)


@contextlib.asynccontextmanager
async def both_running(tmp_path: Path, *, telegram_down: str | None = None, discord_down: str | None = None) -> AsyncIterator[Both]:
    """The fakes (optionally already down), one App with both tokens, ``run_adapters`` in a task."""
    tg, dc = FakeTelegram(), FakeDiscord()
    await tg.start()
    root = await dc.start()
    if telegram_down:
        await tg.go_down(telegram_down)
    if discord_down:
        await dc.go_down(discord_down)
    config = tmp_path / "outage.toml"
    config.write_text(CONFIG, encoding="utf-8")
    settings = load_settings({
        "NEWSBOT_DATABASE": str(tmp_path / "bot.db"), "NEWSBOT_SEEDS_DIR": str(ROOT / "seeds"), "NEWSBOT_CONFIG": str(config),
        "NEWSBOT_LANGUAGE": "en", "NEWSBOT_ADMINS": f"telegram:42,discord:{ADMIN_USER}",
        "TELEGRAM_BOT_TOKEN": tg.token, "TELEGRAM_API_BASE_URL": tg.root,
        "DISCORD_BOT_TOKEN": dc.token, "DISCORD_API_BASE_URL": root, "DISCORD_GUILD_ID": str(GUILD_ID),
    })
    app = await create_app(settings)
    app.registry.limiter.per_minute = 0
    stop = asyncio.Event()
    task = asyncio.create_task(run_adapters(app, stop, ["telegram", "discord"]))
    try:
        await until(lambda: "scheduler" in app.services)
        app.services["scheduler"].broadcaster.pacer = FAST
        if not telegram_down:
            await until(lambda: "telegram" in app.services.get("senders", {}))
        if not discord_down:
            await discord_ready(app, dc)
        yield Both(app, tg, dc, task, stop)
        assert not task.done(), "run_adapters ended during the test"
    finally:
        stop.set()
        try:
            async with asyncio.timeout(30):
                await task
        finally:
            await app.close()
            await tg.close()
            await dc.close()


async def discord_ready(app: App, dc: FakeDiscord, within: float = 20.0) -> None:
    async with asyncio.timeout(within):
        await dc.ready.wait()
    await until(lambda: app.services.get("discord_client") and app.services["discord_client"].is_ready()
                and "discord" in app.services.get("senders", {}), within)


async def telegram_answers(tg: FakeTelegram, within: float = 20.0) -> str:
    """Send /help in the private chat; the answer's text (digests sent meanwhile are skipped)."""
    chat, user = tg.private_chat(TG_CHAT), tg.user(TG_CHAT, "en")
    before = len(tg.sent)
    tg.message(chat, user, "/help")
    found = await tg.wait_for(
        lambda fake: [s for s in fake.sent[before:] if s.chat_id == TG_CHAT and "Commands" in s.text], within)
    return found[0].text


async def discord_answers(dc: FakeDiscord, within: float = 20.0) -> str:
    rec = await dc.slash("help", channel=TEXT_CHANNEL)
    [msg] = await dc.wait_answer(rec, limit=within)
    return " ".join((e.get("title") or "") + (e.get("description") or "") for e in msg["embeds"]) + msg.get("content", "")


def discord_text(message: dict[str, Any]) -> str:
    """What a user reads in a Discord message: its content and its embeds' titles and descriptions."""
    return (message.get("content") or "") + " ".join(
        (e.get("title") or "") + " " + (e.get("description") or "") for e in message.get("embeds") or [])
