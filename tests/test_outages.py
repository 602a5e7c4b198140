"""A platform unreachable for a while, with both adapters and the scheduler in one process.

The real python-telegram-bot and discord.py clients run side by side (``bot.runner.run_adapters``)
against the fakes on 127.0.0.1. One fake goes down (connections refused, or 5xx answers) and comes
back; "minutes" are compressed by a short backoff (``bot.reconnect_*_seconds``) and retry tick
(``digest.retry_seconds``). The process must not crash, must retry with growing waits and one log
line per try (no tracebacks), must keep answering on the other platform, and must answer again —
and deliver the digest held during the outage exactly once — when the platform is back.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import itertools
import logging
import re
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.app import App, create_app
from bot.runner import run_adapters
from bot.settings import load_settings
from digests.delivery import Pacer, PlatformLimits
from digests.store import subscriptions as sub_rows
from tests.fakes.discord_api import ADMIN_USER, GUILD_ID, TEXT_CHANNEL, FakeDiscord
from tests.fakes.telegram_api import FakeTelegram

ROOT = Path(__file__).resolve().parent.parent
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


async def _until(check: Callable[[], Any], within: float = 20.0, step: float = 0.05) -> None:
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
        await _until(lambda: "scheduler" in app.services)
        app.services["scheduler"].broadcaster.pacer = FAST
        if not telegram_down:
            await _until(lambda: "telegram" in app.services.get("senders", {}))
        if not discord_down:
            await _discord_ready(app, dc)
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


async def _discord_ready(app: App, dc: FakeDiscord, within: float = 20.0) -> None:
    async with asyncio.timeout(within):
        await dc.ready.wait()
    await _until(lambda: app.services.get("discord_client") and app.services["discord_client"].is_ready(), within)


async def _telegram_answers(tg: FakeTelegram, within: float = 20.0) -> str:
    """Send /help in the private chat; the answer's text (digests sent meanwhile are skipped)."""
    chat, user = tg.private_chat(TG_CHAT), tg.user(TG_CHAT, "en")
    before = len(tg.sent)
    tg.message(chat, user, "/help")
    found = await tg.wait_for(
        lambda fake: [s for s in fake.sent[before:] if s.chat_id == TG_CHAT and "Commands" in s.text], within)
    return found[0].text


async def _discord_answers(dc: FakeDiscord, within: float = 20.0) -> str:
    rec = await dc.slash("help", channel=TEXT_CHANNEL)
    [msg] = await dc.wait_answer(rec, limit=within)
    return " ".join((e.get("title") or "") + (e.get("description") or "") for e in msg["embeds"]) + msg.get("content", "")


async def _subscribe_both(app: App) -> tuple[int, int]:
    tg_sub = await sub_rows.subscribe(app.store, "telegram", str(TG_CHAT), time="08:00", timezone="UTC")
    dc_sub = await sub_rows.subscribe(app.store, "discord", str(TEXT_CHANNEL), time="08:00", timezone="UTC")
    return tg_sub, dc_sub


async def _status(app: App, sub_id: int) -> str | None:
    row = await app.store.fetchone("SELECT status FROM deliveries WHERE subscription_id = ?", (sub_id,))
    return row["status"] if row else None


async def _is_sent(app: App, sub_id: int) -> bool:
    return await _status(app, sub_id) == "sent"


def _digest_title(app: App, fire: datetime) -> str:
    from handlers.i18n import format_date

    return app.catalog.get("en", "digest.title", date=format_date(fire, "en"))


def _tracebacks(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.exc_info or r.stack_info]


def _delays(caplog: pytest.LogCaptureFixture, pattern: str) -> list[float]:
    found = []
    for r in caplog.records:
        m = re.search(pattern, r.getMessage())
        if m:
            found.append(float(m.group(1)))
    return found


# ------------------------------------------------------------------ while running


async def test_telegram_answering_5xx_for_a_while(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    async with both_running(tmp_path) as h:
        app, tg, dc = h.app, h.tg, h.dc
        tg.private_chat(TG_CHAT)
        tg_sub, dc_sub = await _subscribe_both(app)
        assert await _telegram_answers(tg)
        caplog.clear()

        await tg.go_down("5xx")
        fire = datetime.now(UTC)
        await app.services["scheduler"].digest_job("08:00", "UTC", fire)  # the 08:00 digest, during the outage
        assert await _status(app, dc_sub) == "sent"
        assert await _status(app, tg_sub) == "failed"  # held back, not abandoned
        assert "Commands" in await _discord_answers(dc)  # Discord keeps answering
        await asyncio.sleep(4.0)  # several failed polls and digest retries
        assert await _status(app, tg_sub) == "failed"
        polls = [r for r in caplog.records if "getUpdates failed" in r.getMessage()]
        assert len(polls) >= 2, "python-telegram-bot's polling retries are not logged"
        assert tg.outage_answers < 60, f"{tg.outage_answers} requests in 4 s: retrying without backoff"
        held = _delays(caplog, r"telegram unreachable: its deliveries wait ([\d.]+) s")
        assert len(held) >= 3 and held[:3] == sorted(held[:3]) and held[0] < 0.25 and max(held) <= 1.0 * 1.1, held
        row = await app.store.fetchone("SELECT attempts FROM deliveries WHERE subscription_id = ?", (tg_sub,))
        assert row["attempts"] == 0  # an outage uses up none of the chat's attempts

        await tg.come_back()
        assert "Commands" in await _telegram_answers(tg)
        await _until(lambda: _is_sent(app, tg_sub))
        await asyncio.sleep(1.0)  # a few more retry ticks: nothing is sent again
        title = _digest_title(app, fire)
        assert sum(title in s.text for s in tg.sent if s.chat_id == TG_CHAT) == 1
        discord_texts = [json_text(m) for m in dc.messages[TEXT_CHANNEL]]
        assert sum(title in t for t in discord_texts) == 1
        assert not _tracebacks(caplog), [r.getMessage() for r in _tracebacks(caplog)]
        assert not h.task.done()


def json_text(message: dict[str, Any]) -> str:
    return (message.get("content") or "") + " ".join(
        (e.get("title") or "") + " " + (e.get("description") or "") for e in message.get("embeds") or [])


async def test_discord_refusing_connections_for_a_while(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    async with both_running(tmp_path) as h:
        app, tg, dc = h.app, h.tg, h.dc
        tg.private_chat(TG_CHAT)
        tg_sub, dc_sub = await _subscribe_both(app)
        first_client = app.services["discord_client"]
        caplog.clear()

        await dc.go_down("refuse")
        await asyncio.sleep(0.5)
        fire = datetime.now(UTC)
        await app.services["scheduler"].digest_job("08:00", "UTC", fire)
        assert await _status(app, tg_sub) == "sent"
        assert await _status(app, dc_sub) in ("pending", "failed")
        assert "Commands" in await _telegram_answers(tg)  # Telegram keeps answering
        await asyncio.sleep(3.0)
        tries = _delays(caplog, r"discord: cannot reach Discord .*again in ([\d.]+) s")
        assert len(tries) >= 3, tries
        assert tries[:3] == sorted(tries[:3]) and tries[0] < 0.25 and max(tries) <= 1.0 * 1.1, tries  # growing, capped
        assert await _status(app, dc_sub) in ("pending", "failed")

        await dc.come_back()
        await _discord_ready(app, dc)
        assert app.services["discord_client"] is not first_client
        assert "Commands" in await _discord_answers(dc)
        await _until(lambda: _is_sent(app, dc_sub))
        await asyncio.sleep(1.0)
        title = _digest_title(app, fire)
        assert sum(title in json_text(m) for m in dc.messages[TEXT_CHANNEL]) == 1
        assert sum(title in s.text for s in tg.sent if s.chat_id == TG_CHAT) == 1
        assert len(dc.command_puts) == 1  # the reconnected client did not upload the same commands again
        assert not _tracebacks(caplog), [r.getMessage() for r in _tracebacks(caplog)]


# ------------------------------------------------------------------ at start


async def test_telegram_unreachable_at_start(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    async with both_running(tmp_path, telegram_down="refuse") as h:
        app, tg, dc = h.app, h.tg, h.dc
        assert "Commands" in await _discord_answers(dc)
        await asyncio.sleep(2.0)
        assert "telegram" not in app.services.get("senders", {})
        tries = _delays(caplog, r"telegram: cannot reach the Bot API .*again in ([\d.]+) s")
        assert len(tries) >= 3 and tries[:3] == sorted(tries[:3]) and tries[0] < 0.25 and max(tries) <= 1.1, tries
        await tg.come_back()
        assert "Commands" in await _telegram_answers(tg)
        assert "telegram" in app.services["senders"]
        assert not _tracebacks(caplog), [r.getMessage() for r in _tracebacks(caplog)]


async def test_discord_unreachable_at_start(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    async with both_running(tmp_path, discord_down="refuse") as h:
        app, tg, dc = h.app, h.tg, h.dc
        tg.private_chat(TG_CHAT)
        assert "Commands" in await _telegram_answers(tg)
        await asyncio.sleep(2.0)
        tries = _delays(caplog, r"discord: cannot reach Discord .*again in ([\d.]+) s")
        assert len(tries) >= 3 and tries[:3] == sorted(tries[:3]) and tries[0] < 0.25 and max(tries) <= 1.1, tries
        await dc.come_back()
        await _discord_ready(app, dc)
        assert "Commands" in await _discord_answers(dc)
        assert not _tracebacks(caplog), [r.getMessage() for r in _tracebacks(caplog)]


# ------------------------------------------------------------------ settings and backoff


def test_backoff_doubles_up_to_the_cap_and_resets() -> None:
    from bot.backoff import Backoff

    backoff = Backoff(base=0.5, cap=3.0, jitter=0.0)
    assert [backoff.next() for _ in range(6)] == [0.5, 1.0, 2.0, 3.0, 3.0, 3.0]
    backoff.reset()
    assert backoff.next() == 0.5
    jittered = Backoff(base=1.0, cap=8.0)
    assert all(d <= w * 1.1 for d, w in zip([jittered.next() for _ in range(5)], [1, 2, 4, 8, 8], strict=True))


@pytest.mark.parametrize("toml", ["[bot]\nreconnect_base_seconds = 0.0\n",
                                  "[bot]\nreconnect_base_seconds = 10.0\nreconnect_max_seconds = 5.0\n",
                                  "[digest]\nretry_seconds = 0\n"])
def test_reconnect_settings_are_validated(tmp_path: Path, toml: str) -> None:
    from bot.settings import SettingsError

    config = tmp_path / "bad.toml"
    config.write_text(toml, encoding="utf-8")
    with pytest.raises(SettingsError):
        load_settings({"NEWSBOT_CONFIG": str(config)})
