"""Telegram: an update answered just before the bot died is not answered again after the restart.

Telegram learns that an update was received only from the next ``getUpdates`` offset; the fake's
``lose_confirmations`` plays a bot killed before that call, so the restarted bot is given the same
update again. The real python-telegram-bot Application runs against the fake (in process, and as
``python -m bot run`` killed with SIGKILL); the per-chat watermark (``bot.telegram.journal``) must
let exactly one answer through.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bot.telegram.journal import TRUST_SECONDS, UpdateJournal
from digests.store import Store
from tests.fakes.telegram_api import FakeTelegram, running_bot

ROOT = Path(__file__).resolve().parent.parent
CHAT = 4242


def _watermark(db: Path, chat_id: int) -> int | None:
    """The handled-update watermark of a chat, read from the database file by another connection."""
    con = sqlite3.connect(db, timeout=5)
    try:
        row = con.execute("SELECT settings FROM chats WHERE platform = 'telegram' AND chat_id = ?", (str(chat_id),)).fetchone()
    except sqlite3.OperationalError:  # not created yet
        return None
    finally:
        con.close()
    if row is None:
        return None
    values = [v for k, v in json.loads(row[0]).items() if k.startswith("telegram_update_")]
    return values[0]["update"] if values else None


async def _eventually(check: Callable[[], bool], within: float = 30.0) -> None:
    async with asyncio.timeout(within):
        for _ in iter(int, 1):
            if check():
                return
            await asyncio.sleep(0.05)


def _answers(fake: FakeTelegram, needle: str) -> int:
    return sum(needle in s.text for s in fake.sent if s.chat_id == CHAT)


async def test_an_update_given_again_after_a_restart_is_answered_once(tmp_path: Path) -> None:
    fake = FakeTelegram()
    fake.lose_confirmations = True
    async with running_bot(tmp_path, fake=fake, env={"NEWSBOT_LANGUAGE": "en"}) as (fake, app):
        chat, user = fake.private_chat(CHAT), fake.user(CHAT, "en")
        update_id = fake.message(chat, user, "/help")
        await fake.wait_for(lambda f: _answers(f, "Commands") == 1, 20)
        await _eventually(lambda: _watermark(tmp_path / "newsbot.db", CHAT) == update_id)
    assert fake.delivered.count(update_id) == 1

    async with running_bot(tmp_path, fake=fake, env={"NEWSBOT_LANGUAGE": "en"}) as (fake, app):
        # the restarted bot asks without an offset and is given /help again; then a new command
        later = fake.message(chat, user, "/lang en")
        await fake.wait_for(lambda f: any(s.chat_id == CHAT and s.text == app.catalog.get("en", "core.lang_set") for s in f.sent), 20)
        assert fake.delivered.count(update_id) == 2  # Telegram really gave it again
        assert _answers(fake, "Commands") == 1  # ... and it was not answered twice
        await _eventually(lambda: _watermark(tmp_path / "newsbot.db", CHAT) == later)


async def test_kill_9_after_answering_then_restart_answers_once(tmp_path: Path) -> None:
    fake = FakeTelegram()
    fake.lose_confirmations = True
    await fake.start()
    seeds = tmp_path / "no-seeds"
    seeds.mkdir()
    config = tmp_path / "bot.toml"
    config.write_text("[bot]\ncommands_per_minute = 0\n[telegram]\ngroup_messages_per_minute = 6000\n", encoding="utf-8")
    db = tmp_path / "bot.db"
    env = {k: v for k, v in os.environ.items() if not k.endswith("_BOT_TOKEN")}
    env.update(NEWSBOT_DATABASE=str(db), NEWSBOT_SEEDS_DIR=str(seeds), NEWSBOT_CONFIG=str(config), NEWSBOT_LANGUAGE="en",
               TELEGRAM_BOT_TOKEN=fake.token, TELEGRAM_API_BASE_URL=fake.root, PYTHONPATH=str(ROOT))

    async def start_bot() -> asyncio.subprocess.Process:
        return await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "run", cwd=str(tmp_path), env=env,
                                                    stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)

    chat, user = fake.private_chat(CHAT), fake.user(CHAT, "en")
    proc = await start_bot()
    try:
        update_id = fake.message(chat, user, "/help")
        await fake.wait_for(lambda f: _answers(f, "Commands") == 1, 60)
        await _eventually(lambda: _watermark(db, CHAT) == update_id)
        proc.send_signal(signal.SIGKILL)  # answered and recorded, but Telegram never learnt it was received
        assert await asyncio.wait_for(proc.wait(), 30) == -signal.SIGKILL

        proc = await start_bot()
        fake.message(chat, user, "/start")
        await fake.wait_for(lambda f: sum(s.chat_id == CHAT for s in f.sent) >= 2, 60)
        await asyncio.sleep(0.5)
        assert fake.delivered.count(update_id) == 2
        assert _answers(fake, "Commands") == 1
        assert sum(s.chat_id == CHAT for s in fake.sent) == 2  # /help once, /start once
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(proc.wait(), 30)
            except TimeoutError:
                proc.kill()
                await proc.wait()
        await fake.close()


# ------------------------------------------------------------------ the watermark itself


async def test_watermark_is_per_chat_per_bot_and_expires(store: Store) -> None:
    journal = UpdateJournal(store, bot_id=1)
    assert not await journal.handled(10, 500)
    await journal.done(10, 500)
    assert await journal.handled(10, 500) and await journal.handled(10, 499)
    assert not await journal.handled(10, 501)
    assert not await journal.handled(11, 400)  # another chat
    await journal.done(10, 450)  # never moves back
    fresh = UpdateJournal(store, bot_id=1)  # a restarted process reads it from the database
    assert await fresh.handled(10, 500) and not await fresh.handled(10, 501)
    assert not await UpdateJournal(store, bot_id=2).handled(10, 100)  # update ids are per bot
    # after a week without updates Telegram restarts the ids at random: an old watermark is not trusted
    async with store.transaction() as db:
        await db.execute("UPDATE chats SET settings = json_set(settings, '$.telegram_update_1.at', ?)",
                         (time.time() - TRUST_SECONDS - 60,))
    assert not await UpdateJournal(store, bot_id=1).handled(10, 5)
    # the chat's language is untouched by the watermark, and the watermark by /lang
    from digests.store import chats as chat_rows

    async with store.transaction() as db:
        await chat_rows.set_language(db, "telegram", "10", "en")
    assert await chat_rows.get_language(store.db, "telegram", "10") == "en"
    await journal.done(10, 600)
    assert await UpdateJournal(store, bot_id=1).handled(10, 600)
    assert await chat_rows.get_language(store.db, "telegram", "10") == "en"
