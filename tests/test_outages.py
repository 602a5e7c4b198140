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
import logging
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.app import App
from bot.settings import load_settings
from digests.store import subscriptions as sub_rows
from tests.fakes.both import (
    TG_CHAT,
    both_running,
    discord_answers,
    discord_ready,
    discord_text,
    telegram_answers,
    until,
)
from tests.fakes.discord_api import TEXT_CHANNEL


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
        assert await telegram_answers(tg)
        caplog.clear()

        await tg.go_down("5xx")
        fire = datetime.now(UTC)
        await app.services["scheduler"].digest_job("08:00", "UTC", fire)  # the 08:00 digest, during the outage
        assert await _status(app, dc_sub) == "sent"
        assert await _status(app, tg_sub) == "failed"  # held back, not abandoned
        assert "Commands" in await discord_answers(dc)  # Discord keeps answering
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
        assert "Commands" in await telegram_answers(tg)
        await until(lambda: _is_sent(app, tg_sub))
        await asyncio.sleep(1.0)  # a few more retry ticks: nothing is sent again
        title = _digest_title(app, fire)
        assert sum(title in s.text for s in tg.sent if s.chat_id == TG_CHAT) == 1
        discord_texts = [discord_text(m) for m in dc.messages[TEXT_CHANNEL]]
        assert sum(title in t for t in discord_texts) == 1
        assert not _tracebacks(caplog), [r.getMessage() for r in _tracebacks(caplog)]
        assert not h.task.done()


async def _discord_sender_seen(app, seconds: float) -> bool:
    """Whether a Discord sender was registered at any moment of the next ``seconds`` (sampled every 5 ms):
    a client that has not connected has no HTTP session to send with."""
    seen = False
    deadline = asyncio.get_running_loop().time() + seconds
    while asyncio.get_running_loop().time() < deadline:
        seen = seen or "discord" in app.services.get("senders", {})
        await asyncio.sleep(0.005)
    return seen


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
        assert "Commands" in await telegram_answers(tg)  # Telegram keeps answering
        assert not await _discord_sender_seen(app, 3.0)  # no client the digests could be handed to meanwhile
        tries = _delays(caplog, r"discord: cannot reach Discord .*again in ([\d.]+) s")
        assert len(tries) >= 3, tries
        assert tries[:3] == sorted(tries[:3]) and tries[0] < 0.25 and max(tries) <= 1.0 * 1.1, tries  # growing, capped
        assert await _status(app, dc_sub) in ("pending", "failed")

        await dc.come_back()
        await discord_ready(app, dc)
        assert app.services["discord_client"] is not first_client
        assert "Commands" in await discord_answers(dc)
        await until(lambda: _is_sent(app, dc_sub))
        await asyncio.sleep(1.0)
        title = _digest_title(app, fire)
        assert sum(title in discord_text(m) for m in dc.messages[TEXT_CHANNEL]) == 1
        assert sum(title in s.text for s in tg.sent if s.chat_id == TG_CHAT) == 1
        assert len(dc.command_puts) == 1  # the reconnected client did not upload the same commands again
        assert not _tracebacks(caplog), [r.getMessage() for r in _tracebacks(caplog)]


# ------------------------------------------------------------------ at start


async def test_telegram_unreachable_at_start(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    async with both_running(tmp_path, telegram_down="refuse") as h:
        app, tg, dc = h.app, h.tg, h.dc
        assert "Commands" in await discord_answers(dc)
        await asyncio.sleep(2.0)
        assert "telegram" not in app.services.get("senders", {})
        tries = _delays(caplog, r"telegram: cannot reach the Bot API .*again in ([\d.]+) s")
        assert len(tries) >= 3 and tries[:3] == sorted(tries[:3]) and tries[0] < 0.25 and max(tries) <= 1.1, tries
        await tg.come_back()
        assert "Commands" in await telegram_answers(tg)
        assert "telegram" in app.services["senders"]
        assert not _tracebacks(caplog), [r.getMessage() for r in _tracebacks(caplog)]


async def test_discord_unreachable_at_start(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    async with both_running(tmp_path, discord_down="refuse") as h:
        app, tg, dc = h.app, h.tg, h.dc
        tg.private_chat(TG_CHAT)
        assert "Commands" in await telegram_answers(tg)
        assert not await _discord_sender_seen(app, 2.0)
        tries = _delays(caplog, r"discord: cannot reach Discord .*again in ([\d.]+) s")
        assert len(tries) >= 3 and tries[:3] == sorted(tries[:3]) and tries[0] < 0.25 and max(tries) <= 1.1, tries
        await dc.come_back()
        await discord_ready(app, dc)
        assert "Commands" in await discord_answers(dc)
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
