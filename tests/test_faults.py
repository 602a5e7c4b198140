"""Faults: kill -9 during ingest, a full disk and a read-only database.

The kill test runs the real bot (``python -m bot console --admin``) as a subprocess fed articles
through a pipe and kills it 20 times at random moments while it stores them; after every kill the
database must open clean, hold every article the bot acknowledged, and hold no half-stored article.
The full and read-only cases use SQLite itself (``max_page_count``, ``query_only``) because the
tests may run as root, for whom file permissions do not stop a write.
"""

from __future__ import annotations

import logging
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from bench.synthetic import as_text, make_article
from bot.app import App
from tests.conftest import ROOT, ask

KILLS = 20
STORED = re.compile(r"Stored article #(\d+)")


def check_database(path: Path) -> set[int]:
    """Integrity, foreign keys, and whole articles only; returns the stored article ids."""
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        ids = {r[0] for r in con.execute("SELECT id FROM articles")}
        without_cards = con.execute(
            "SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM cards c WHERE c.article_id = a.id)"
        ).fetchone()[0]
        assert without_cards == 0, "an article row without its cards"
        fts = {r[0] for r in con.execute("SELECT rowid FROM article_fts")}
        assert fts == ids, "the search index and the article table disagree"
        orphans = con.execute(
            "SELECT (SELECT count(*) FROM events WHERE article_id NOT IN (SELECT id FROM articles)) + "
            "(SELECT count(*) FROM actor_mentions WHERE article_id NOT IN (SELECT id FROM articles)) + "
            "(SELECT count(*) FROM figures WHERE article_id NOT IN (SELECT id FROM articles))"
        ).fetchone()[0]
        assert orphans == 0
        return ids
    finally:
        con.close()


def bot_env(tmp_path: Path) -> dict[str, str]:
    seeds = tmp_path / "no-seeds"
    seeds.mkdir(exist_ok=True)
    config = tmp_path / "bot.toml"
    config.write_text("[bot]\ncommands_per_minute = 0\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.endswith("_BOT_TOKEN")}
    env.update(
        NEWSBOT_DATABASE=str(tmp_path / "bot.db"),
        NEWSBOT_SEEDS_DIR=str(seeds),
        NEWSBOT_CONFIG=str(config),
        NEWSBOT_LANGUAGE="en",
        PYTHONPATH=str(ROOT),
    )
    return env


def run_and_kill(env: dict[str, str], first: int, rng: random.Random) -> set[int]:
    """Start the bot, pipe articles into it, kill -9 it at a random moment; the ids it acknowledged."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "console", "--admin"], cwd=ROOT, env=env, stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, encoding="utf-8",
    )
    acknowledged: set[int] = set()
    started = threading.Event()

    def feed() -> None:
        try:
            for i in range(first, first + 400):
                proc.stdin.write(as_text(make_article(i, seed=7)) + "\n\n")
                proc.stdin.flush()
        except (BrokenPipeError, OSError, ValueError):
            pass

    def read() -> None:
        for line in proc.stdout:
            m = STORED.search(line)
            if m:
                acknowledged.add(int(m.group(1)))
                started.set()

    threads = [threading.Thread(target=feed, daemon=True), threading.Thread(target=read, daemon=True)]
    for t in threads:
        t.start()
    try:
        assert started.wait(60), "the bot stored nothing"
        time.sleep(rng.uniform(0.0, 0.6))
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    threads[1].join(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    return acknowledged


def test_kill_9_while_ingesting_never_leaves_a_broken_or_half_stored_database(tmp_path: Path) -> None:
    env = bot_env(tmp_path)
    db = tmp_path / "bot.db"
    rng = random.Random(8)
    acknowledged: set[int] = set()
    deadline = time.monotonic() + 240
    for round_ in range(KILLS):
        acknowledged |= run_and_kill(env, round_ * 400, rng)
        stored = check_database(db)
        missing = acknowledged - stored
        assert not missing, f"round {round_}: acknowledged articles lost: {sorted(missing)[:5]}"
        assert time.monotonic() < deadline, "the kill rounds took too long"
    assert len(acknowledged) >= KILLS  # every round stored something before its kill
    # And the bot starts normally on what is left, and answers.
    done = subprocess.run(
        [sys.executable, "-m", "bot", "console"], cwd=ROOT, env=env, input="/latest 1\n",
        capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0
    assert "Newest article" in done.stdout


# ---------------------------------------------------------------- full disk / read-only database


async def _snapshot(app: App) -> list[tuple]:
    return [tuple(r) for r in await app.store.fetchall("SELECT id, title, content_hash, status FROM articles ORDER BY id")]


async def _fill_disk(app: App) -> None:
    """From now on the database cannot grow by a single page."""
    pages = (await app.store.fetchone("PRAGMA page_count"))[0]
    await app.store.db.execute(f"PRAGMA max_page_count = {pages}")


async def _load_until_refused(app: App, first: int) -> tuple[int, str]:
    """Load articles as an admin until one is refused; returns its index and the reply text."""
    for i in range(first, first + 60):
        reply = await ask(app, as_text(make_article(i, seed=3)), admin=True, locale="en")
        if reply.error:
            return i, reply.plain_text()
    raise AssertionError("the full disk never refused a write")


async def test_full_disk_is_reported_to_the_admin_reads_go_on_and_writing_resumes(
    empty_app: App, caplog: pytest.LogCaptureFixture
) -> None:
    app = empty_app
    for i in range(3):
        assert not (await ask(app, as_text(make_article(i, seed=3)), admin=True, locale="en")).error
    await _fill_disk(app)
    before = await _snapshot(app)
    caplog.clear()
    with caplog.at_level(logging.INFO):
        index, text = await _load_until_refused(app, 10)
    expected = app.catalog.get("en", "store.full")
    assert text == expected
    assert "Traceback" not in caplog.text and not any(r.exc_info for r in caplog.records)
    assert any("disk is full" in r.getMessage() and r.levelno >= logging.ERROR for r in caplog.records)
    after = await _snapshot(app)
    assert after[: len(before)] == before  # nothing stored was lost or changed
    assert check_database(Path(app.store.path))  # and the refused article left nothing behind
    # Reading commands keep answering while the disk is full.
    for line in ("/latest", "/search talks", f"/article {before[0][0]}", "/help", "/start"):
        reply = await ask(app, line, locale="en")
        assert not reply.error, (line, reply.plain_text())
    # Arabic admins get the same news in Arabic.
    ar = await ask(app, as_text(make_article(index, seed=3)), admin=True, locale="ar")
    assert ar.plain_text() == app.catalog.get("ar", "store.full")
    # Space comes back: the very same article stores, with no restart.
    await app.store.db.execute("PRAGMA max_page_count = 1073741823")
    reply = await ask(app, as_text(make_article(index, seed=3)), admin=True, locale="en")
    assert not reply.error and "Stored article" in reply.plain_text()
    assert len(await _snapshot(app)) == len(after) + 1


async def test_read_only_database_is_reported_and_writing_resumes(empty_app: App, caplog: pytest.LogCaptureFixture) -> None:
    app = empty_app
    assert not (await ask(app, as_text(make_article(1, seed=4)), admin=True, locale="en")).error
    before = await _snapshot(app)
    await app.store.db.execute("PRAGMA query_only = 1")
    with caplog.at_level(logging.INFO):
        reply = await ask(app, as_text(make_article(2, seed=4)), admin=True, locale="en")
        delete = await ask(app, f"/delete {before[0][0]}", admin=True, locale="en")
        lang = await ask(app, "/lang en", user_id="someone", locale="en")  # a non-admin write
    assert reply.error and reply.plain_text() == app.catalog.get("en", "store.read_only")
    assert delete.error and delete.plain_text() == app.catalog.get("en", "store.read_only")
    # A non-admin is not told about the server's disks, only that it failed for now.
    assert lang.error and lang.plain_text() == app.catalog.get("en", "core.store_error")
    assert not any(r.exc_info for r in caplog.records)
    assert any("readonly" in r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR)
    assert await _snapshot(app) == before
    assert not (await ask(app, "/latest", locale="en")).error
    assert not (await ask(app, "/search talks", locale="en")).error
    await app.store.db.execute("PRAGMA query_only = 0")
    reply = await ask(app, as_text(make_article(2, seed=4)), admin=True, locale="en")
    assert not reply.error and "Stored article" in reply.plain_text()


async def test_store_write_error_is_only_for_write_problems(empty_app: App) -> None:
    """A programming error inside a transaction stays what it is (and is rolled back)."""
    store = empty_app.store
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        async with store.transaction() as db:
            await db.execute("INSERT INTO chats (platform, chat_id) VALUES ('x', 'y')")
            await db.execute("SELECT * FROM no_such_table")
    assert await store.fetchone("SELECT * FROM chats WHERE platform = 'x'") is None
    assert not store.db.in_transaction
