"""Deliveries: exactly once, retries and abandonment, gone chats, 429s, pacing, /publish, and a crash."""

from __future__ import annotations

import asyncio
import logging
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import time_machine

from bot.senders import ChatGone, SendFailed
from bot.settings import load_settings
from digests.delivery import Broadcaster, Pacer, PlatformLimits
from digests.ingest import ingest_article
from digests.model import Article
from digests.store import Store
from digests.store import subscriptions as sub_rows
from tests.conftest import ask

FIRE = datetime(2024, 3, 5, 6, 0, tzinfo=UTC)
DAY = date(2024, 3, 5)
ROOT = Path(__file__).resolve().parent.parent


class Recorder:
    """A Sender that records every call; ``plan`` maps chat_id → exceptions to raise first."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str | None, str]] = []
        self.plan: dict[str, list[Exception]] = {}

    async def __call__(self, chat_id, thread_id, reply) -> None:
        queued = self.plan.get(chat_id)
        if queued:
            raise queued.pop(0)
        self.calls.append((chat_id, thread_id, reply.data["delivery_key"]))


NO_LIMITS = Pacer({})


async def _article(store: Store, when: datetime, n: int = 0) -> int:
    with time_machine.travel(when, tick=False):
        article = Article(
            title=f"Council approves new budget {n}",
            paragraphs=[f"The city council approved a budget of {100 + n} million on Monday after a long debate."],
            source="Test Wire",
        )
        return (await ingest_article(store, article)).article_id


async def _subs(store: Store, n: int, platform: str = "telegram", **kw) -> list:
    for i in range(n):
        await sub_rows.subscribe(store, platform, str(1000 + i), time="06:00", timezone="UTC", **kw)
    return await sub_rows.in_slot(store, "06:00", "UTC")


def _broadcaster(app, sender, **kw) -> Broadcaster:
    return Broadcaster(app.store, app.settings, app.catalog, {"telegram": sender}, pacer=kw.pop("pacer", NO_LIMITS), **kw)


async def test_each_digest_sent_once_across_runs(empty_app):
    app = empty_app
    await _article(app.store, FIRE - timedelta(hours=2))
    await _subs(app.store, 20)
    rec = Recorder()
    b = _broadcaster(app, rec)
    stats = await b.digest_slot("06:00", "UTC", FIRE)
    assert stats.sent == 20
    assert sorted(c[0] for c in rec.calls) == sorted(str(1000 + i) for i in range(20))
    # again: the same slot, a resume, and a second broadcaster (a restart) send nothing more
    await b.digest_slot("06:00", "UTC", FIRE)
    await b.run()
    await _broadcaster(app, rec).digest_slot("06:00", "UTC", FIRE)
    assert len(rec.calls) == 20
    rows = await app.store.fetchall("SELECT status, attempts FROM deliveries")
    assert {(r["status"], r["attempts"]) for r in rows} == {("sent", 1)}
    last = await app.store.fetchall("SELECT DISTINCT last_digest FROM subscriptions")
    assert [r["last_digest"] for r in last] == [FIRE.isoformat()]


async def test_next_digest_starts_after_previous(empty_app):
    app = empty_app
    first = await _article(app.store, FIRE - timedelta(hours=2), 1)
    await _subs(app.store, 1)
    rec = Recorder()
    b = _broadcaster(app, rec)
    await b.digest_slot("06:00", "UTC", FIRE)
    second = await _article(app.store, FIRE + timedelta(hours=3), 2)
    await b.digest_slot("06:00", "UTC", FIRE + timedelta(days=1))
    assert len(rec.calls) == 2
    rows = await app.store.fetchall("SELECT digest_date, since, cutoff FROM deliveries ORDER BY id")
    assert rows[1]["since"] == FIRE.isoformat()
    assert first != second


async def test_nothing_new_sends_nothing(empty_app):
    app = empty_app
    await _subs(app.store, 3)
    rec = Recorder()
    stats = await _broadcaster(app, rec).digest_slot("06:00", "UTC", FIRE)
    assert rec.calls == [] and stats.empty == 3
    app.settings.raw["digest"]["send_when_empty"] = True
    stats = await _broadcaster(app, rec).digest_slot("06:00", "UTC", FIRE + timedelta(days=1))
    assert stats.sent == 3


async def test_chat_gone_marks_subscription_inactive(empty_app):
    app = empty_app
    await _article(app.store, FIRE - timedelta(hours=1))
    await _subs(app.store, 3)
    rec = Recorder()
    rec.plan["1001"] = [ChatGone("bot was blocked by the user")]
    stats = await _broadcaster(app, rec).digest_slot("06:00", "UTC", FIRE)
    assert stats.sent == 2 and stats.gone == 1
    sub = await sub_rows.get(app.store, "telegram", "1001")
    assert sub["active"] == 0
    assert (await app.store.fetchone("SELECT status FROM deliveries WHERE subscription_id = ?", (sub["id"],)))["status"] == "gone"


async def test_failures_retry_with_backoff_then_abandon_with_one_log_line(empty_app, caplog):
    app = empty_app
    app.settings.raw["digest"]["max_attempts"] = 3
    await _article(app.store, FIRE - timedelta(hours=1))
    await _subs(app.store, 2)
    rec = Recorder()
    rec.plan["1000"] = [SendFailed("timeout")] * 10
    rec.plan["1001"] = [SendFailed("timeout")]
    b = _broadcaster(app, rec)
    start = datetime.now(UTC)
    stats = await b.digest_slot("06:00", "UTC", FIRE)
    assert stats.sent == 0 and stats.failed == 2
    assert await b.due() == []  # not yet: backing off
    delays = []
    with caplog.at_level(logging.ERROR, logger="digests.delivery"):
        for step in (1, 2, 3):
            with time_machine.travel(start + timedelta(minutes=5 * step)):
                row = await app.store.fetchone("SELECT next_attempt, updated FROM deliveries WHERE id = 1")
                delays.append(row["next_attempt"])
                await b.run()
    assert [c[0] for c in rec.calls] == ["1001"]
    row = await app.store.fetchone("SELECT status, attempts, last_error FROM deliveries WHERE id = 1")
    assert (row["status"], row["attempts"], row["last_error"]) == ("abandoned", 3, "timeout")
    abandoned = [r for r in caplog.records if "abandoned" in r.getMessage()]
    assert len(abandoned) == 1
    first_wait = datetime.fromisoformat(delays[0]) - start
    second_wait = datetime.fromisoformat(delays[1]) - (start + timedelta(minutes=5))
    assert timedelta(seconds=25) < first_wait < timedelta(seconds=35)
    assert timedelta(seconds=55) < second_wait < timedelta(seconds=65)  # doubled


async def test_429_is_waited_out_and_does_not_use_an_attempt(empty_app):
    app = empty_app
    await _article(app.store, FIRE - timedelta(hours=1))
    await _subs(app.store, 5)
    rec = Recorder()
    rec.plan["1002"] = [SendFailed("429 Too Many Requests", retry_after=0.2)]
    pacer = Pacer({"telegram": PlatformLimits(per_second=1000, group_interval=0, private_interval=0)})
    began = time.monotonic()
    stats = await _broadcaster(app, rec, pacer=pacer).digest_slot("06:00", "UTC", FIRE)
    assert stats.sent == 5 and stats.throttled == 1
    assert time.monotonic() - began >= 0.2
    row = await app.store.fetchone(
        "SELECT d.attempts, d.status FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id WHERE s.chat_id = '1002'"
    )
    assert (row["attempts"], row["status"]) == (1, "sent")


async def test_a_reconnected_platform_sends_its_held_rows_without_waiting_out_the_hold(empty_app):
    app = empty_app  # default settings: a platform found unreachable is held 2 s, then longer
    await _article(app.store, FIRE - timedelta(hours=1))
    subs = await _subs(app.store, 3)
    down = Recorder()
    down.plan = {s["chat_id"]: [SendFailed("connection refused", unreachable=True)] for s in subs}
    b = _broadcaster(app, down)
    stats = await b.digest_slot("06:00", "UTC", FIRE)
    assert stats.sent == 0 and stats.held == 3
    assert await b.due() == []  # held: nothing is tried again before the hold ends
    rows = await app.store.fetchall("SELECT status, attempts FROM deliveries")
    assert [(r["status"], r["attempts"]) for r in rows] == [("failed", 0)] * 3  # an outage uses no attempt

    b.platform_reachable("telegram")  # the adapter connected again
    for _ in range(100):
        if len(await b.due()) == 3:
            break
        await asyncio.sleep(0.01)
    assert len(await b.due()) == 3
    assert b.held_until("telegram") is None
    stats = await b.run()
    assert stats.sent == 3 and sorted(c[0] for c in down.calls) == [s["chat_id"] for s in subs]


async def test_in_flight_row_is_resent_unless_the_sender_confirms(empty_app):
    app = empty_app
    await _article(app.store, FIRE - timedelta(hours=1))
    subs = await _subs(app.store, 2)
    b = _broadcaster(app, Recorder())
    ids = await b.plan_digest(subs, DAY, FIRE)
    async with app.store.transaction() as db:  # both were being sent when the process died
        await db.execute("UPDATE deliveries SET status = 'sending', attempts = 1")
    rec = Recorder()

    async def delivered(chat_id, thread_id, key):
        return chat_id == "1000"  # the platform says only this one arrived

    rec.delivered = delivered  # type: ignore[attr-defined]
    stats = await _broadcaster(app, rec).run(ids)
    assert stats.confirmed == 1 and stats.resumed == 2
    assert [c[0] for c in rec.calls] == ["1001"]
    plain = Recorder()
    async with app.store.transaction() as db:
        await db.execute("UPDATE deliveries SET status = 'sending'")
    await _broadcaster(app, plain).run(ids)  # no way to ask: resend
    assert sorted(c[0] for c in plain.calls) == ["1000", "1001"]


async def test_pacer_keeps_telegram_limits():
    now = [0.0]
    starts: list[tuple[str, float]] = []

    async def sleep(seconds: float) -> None:
        now[0] += seconds

    pacer = Pacer(clock=lambda: now[0], sleep=sleep)
    for i in range(90):
        await pacer.wait("telegram", str(i))
        starts.append((str(i), now[0]))
    assert starts[-1][1] == pytest.approx(89 / 30)  # 30 per second overall
    group_times = []
    for _ in range(3):
        await pacer.wait("telegram", "-100200")
        group_times.append(now[0])
    assert group_times[1] - group_times[0] == pytest.approx(3.0)  # 20 per minute in a group
    assert group_times[2] - group_times[1] == pytest.approx(3.0)
    pacer.pause("telegram", 10)
    before = now[0]
    await pacer.wait("telegram", "42")
    assert now[0] - before == pytest.approx(10)
    await pacer.wait("console", "x")  # no limits for the console


async def test_publish_sends_one_article_to_matching_subscriptions_once(empty_app):
    app = empty_app
    article_id = await _article(app.store, FIRE)
    await _subs(app.store, 3)
    await sub_rows.subscribe(app.store, "telegram", "2000", time="06:00", timezone="UTC",
                             filters={"include": {"keyword": ["weather"]}})
    rec = Recorder()
    b = _broadcaster(app, rec)
    app.services["publisher"] = b.publish
    reply = await ask(app, f"/publish {article_id}", admin=True, locale="en")
    assert not reply.error
    assert sorted(c[0] for c in rec.calls) == ["1000", "1001", "1002"]
    assert rec.calls[0][2].endswith(f"article:{article_id}")
    assert await b.publish(article_id) == 0  # already sent to everyone
    assert len(rec.calls) == 3


def _prepare_crash_db(db: Path, chats: int) -> None:
    import asyncio

    async def setup() -> None:
        store = await Store.open(db)
        try:
            await _article(store, FIRE - timedelta(hours=2))
            async with store.transaction() as conn:
                await conn.executemany(
                    "INSERT INTO subscriptions (platform, chat_id, time, timezone, created) VALUES ('telegram', ?, '06:00', 'UTC', ?)",
                    [(str(10_000 + i), "2024-01-01T00:00:00+00:00") for i in range(chats)],
                )
        finally:
            await store.close()

    asyncio.run(setup())


def _crash_setup(tmp_path: Path, chats: int) -> tuple[Path, Path, list[str], dict[str, str]]:
    """A database with ``chats`` subscriptions due, the child's output file, its command and env."""
    db = tmp_path / "crash.db"
    out = tmp_path / "sent.txt"
    load_settings({"NEWSBOT_DATABASE": str(db)})
    _prepare_crash_db(db, chats)
    child = [sys.executable, str(ROOT / "tests" / "broadcast_child.py"), str(db), str(out)]
    return db, out, child, {**os.environ, "PYTHONPATH": str(ROOT)}


def test_crash_in_the_middle_of_a_broadcast_then_restart_delivers_each_once(tmp_path):
    chats = 500
    _db, out, child, env = _crash_setup(tmp_path, chats)
    proc = subprocess.Popen(child, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if out.exists() and out.read_bytes().count(b"\n") >= 150:
            break
        if proc.poll() is not None:
            pytest.fail(f"the broadcast ended before it was killed: {proc.stderr.read().decode()[-2000:]}")
        time.sleep(0.005)
    else:
        proc.kill()
        pytest.fail("the broadcast did not start")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    sent_before = out.read_bytes().count(b"\n")
    assert 150 <= sent_before < chats, "the kill must land in the middle"
    restart = subprocess.run(child, env=env, capture_output=True, timeout=120)
    assert restart.returncode == 0, restart.stderr.decode()[-2000:]
    lines = out.read_text().splitlines()
    counts = Counter(line.split("\t")[0] for line in lines)
    assert len(counts) == chats, f"lost: {chats - len(counts)}"
    assert max(counts.values()) == 1, f"duplicates: {[c for c, n in counts.items() if n > 1][:5]}"
    assert {line.split("\t")[1].split(":", 1)[1] for line in lines} == {"2024-03-05"}


BROADCAST_KILLS = 20


def _lines(out: Path) -> int:
    return out.read_bytes().count(b"\n") if out.exists() else 0


def test_twenty_kills_at_random_moments_of_a_broadcast_lose_and_repeat_nothing(tmp_path):
    """kill -9 during the broadcast again and again, each time at a random point; then let it finish."""
    chats = 600
    db, out, child, env = _crash_setup(tmp_path, chats)
    rng = random.Random(20)
    deadline = time.monotonic() + 240
    killed = 0
    for _round in range(BROADCAST_KILLS):
        before = _lines(out)
        if before >= chats:
            break
        # Kill after a random number of new messages (0 = while it starts up or resumes).
        target = before + rng.randint(0, 40)
        proc = subprocess.Popen(child, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while proc.poll() is None and _lines(out) < target and time.monotonic() < deadline:
            time.sleep(0.002)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            killed += 1
        proc.wait(timeout=10)
        assert time.monotonic() < deadline, "the kill rounds took too long"
    assert killed >= BROADCAST_KILLS // 2, "most rounds must be cut by a kill"
    finish = subprocess.run(child, env=env, capture_output=True, timeout=120)
    assert finish.returncode == 0, finish.stderr.decode()[-2000:]
    lines = out.read_text().splitlines()
    counts = Counter(line.split("\t")[0] for line in lines)
    assert len(counts) == chats, f"lost: {chats - len(counts)}"
    assert max(counts.values()) == 1, f"duplicates: {[c for c, n in counts.items() if n > 1][:5]}"
    check = subprocess.run(
        [sys.executable, "-c", f"import sqlite3; print(sqlite3.connect({str(db)!r}).execute('PRAGMA integrity_check').fetchone()[0])"],
        capture_output=True, text=True, timeout=30,
    )
    assert check.stdout.strip() == "ok"
