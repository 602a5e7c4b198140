"""The scheduler: one job per (time, timezone) from the database, grace period, DST, start-up resume."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine

from digests import feeds
from digests.delivery import Pacer
from digests.ingest import ingest_article
from digests.model import Article
from digests.schedule import DigestScheduler, job_id, last_fire_before, next_fire_times, serve
from digests.store import subscriptions as sub_rows
from tests.feedserver import FeedServer


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []

    async def __call__(self, chat_id, thread_id, reply) -> None:
        self.calls.append((chat_id, reply.data.get("delivery_key") or reply.plain_text()))


async def _article(store, when, n=0):
    with time_machine.travel(when, tick=False):
        article = Article(title=f"Harbour reopens after repairs {n}", paragraphs=[f"The harbour reopened on day {n} after repairs."], source="Wire")
        return (await ingest_article(store, article)).article_id


def _scheduler(app, rec=None):
    app.services["senders"] = {"telegram": rec or Recorder()}
    s = DigestScheduler(app)
    s.broadcaster.pacer = Pacer({})
    return s


async def test_jobs_are_built_from_subscriptions(empty_app):
    app = empty_app
    store = app.store
    await sub_rows.subscribe(store, "telegram", "1", time="07:30", timezone="Asia/Baku")
    await sub_rows.subscribe(store, "telegram", "2", time="07:30", timezone="Asia/Baku")
    await sub_rows.subscribe(store, "discord", "3", time="08:00", timezone="UTC")
    await sub_rows.subscribe(store, "telegram", "4", time="09:00", timezone="UTC")
    await sub_rows.deactivate(store, 4)
    s = _scheduler(app)
    assert await s.sync_slots() == sorted([job_id("07:30", "Asia/Baku"), job_id("08:00", "UTC")])
    job = s.scheduler.get_job(job_id("07:30", "Asia/Baku"))
    assert job.misfire_grace_time == 120 * 60 and job.coalesce
    with time_machine.travel(datetime(2024, 3, 5, 1, 0, tzinfo=UTC), tick=False):
        fire = job.trigger.get_next_fire_time(None, datetime.now(UTC))
    assert fire == datetime(2024, 3, 5, 7, 30, tzinfo=ZoneInfo("Asia/Baku"))
    assert fire.astimezone(UTC) == datetime(2024, 3, 5, 3, 30, tzinfo=UTC)
    # a change in the database changes the jobs
    await sub_rows.unsubscribe(store, "discord", "3")
    await sub_rows.subscribe(store, "telegram", "5", time="21:15", timezone="America/Sao_Paulo")
    assert await s.sync_slots() == sorted([job_id("07:30", "Asia/Baku"), job_id("21:15", "America/Sao_Paulo")])
    # a new process rebuilds the same jobs from the database alone
    assert await _scheduler(app).sync_slots() == await s.sync_slots()


async def test_missed_digest_sent_within_grace_and_skipped_beyond(empty_app, caplog):
    app = empty_app
    fire = datetime(2024, 3, 5, 6, 0, tzinfo=UTC)
    await _article(app.store, fire - timedelta(hours=1))
    with time_machine.travel(fire - timedelta(days=3), tick=False):
        await sub_rows.subscribe(app.store, "telegram", "1", time="06:00", timezone="UTC")
    rec = Recorder()
    s = _scheduler(app, rec)
    with time_machine.travel(fire + timedelta(hours=3), tick=False), caplog.at_level(logging.WARNING, "digests.schedule"):
        assert await s.catch_up() == []
    assert rec.calls == []
    assert any("beyond the" in r.getMessage() for r in caplog.records)
    with time_machine.travel(fire + timedelta(minutes=90), tick=False):
        done = await s.catch_up()
    assert done == [("06:00", "UTC", fire)]
    assert rec.calls == [("1", "1:2024-03-05")]
    with time_machine.travel(fire + timedelta(minutes=100), tick=False):
        assert await s.catch_up() == []  # already delivered
    assert len(rec.calls) == 1


async def test_subscription_made_after_the_slot_is_not_caught_up(empty_app):
    app = empty_app
    fire = datetime(2024, 3, 5, 6, 0, tzinfo=UTC)
    await _article(app.store, fire - timedelta(hours=1))
    with time_machine.travel(fire + timedelta(minutes=10), tick=False):
        await sub_rows.subscribe(app.store, "telegram", "1", time="06:00", timezone="UTC")
        rec = Recorder()
        assert await _scheduler(app, rec).catch_up() == []
    assert rec.calls == []


def test_dst_fire_times():
    # New York, spring forward on 2024-03-10: 02:30 does not exist that day; it still fires once
    spring = list(next_fire_times("02:30", "America/New_York", datetime(2024, 3, 9, 12, tzinfo=UTC), 3))
    local_days = [f.astimezone(ZoneInfo("America/New_York")).date().isoformat() for f in spring]
    assert local_days == ["2024-03-10", "2024-03-11", "2024-03-12"]
    # 08:00 stays 08:00 local: 13:00 UTC before, 12:00 UTC after
    utc = [f.astimezone(UTC).hour for f in next_fire_times("08:00", "America/New_York", datetime(2024, 3, 9, tzinfo=UTC), 2)]
    assert utc == [13, 12]
    assert last_fire_before("08:00", "Europe/London", datetime(2024, 10, 27, 9, 30, tzinfo=UTC)) == datetime(
        2024, 10, 27, 8, 0, tzinfo=ZoneInfo("Europe/London")
    )


async def test_dst_fall_back_double_hour_sends_one_digest(empty_app):
    """01:30 happens twice in New York on 2024-11-03; the chat gets one digest that day."""
    app = empty_app
    zone = ZoneInfo("America/New_York")
    fires = [f for f in next_fire_times("01:30", "America/New_York", datetime(2024, 11, 2, 12, tzinfo=UTC), 4)
             if f.astimezone(zone).date().isoformat() == "2024-11-03"]
    assert len(fires) == 2  # the trigger really fires twice that night
    await _article(app.store, fires[0] - timedelta(hours=2))
    await sub_rows.subscribe(app.store, "telegram", "1", time="01:30", timezone="America/New_York")
    rec = Recorder()
    s = _scheduler(app, rec)
    for f in fires:
        await s.digest_job("01:30", "America/New_York", f)
    assert rec.calls == [("1", "1:2024-11-03")]


async def test_serve_resumes_pending_and_registers_services(empty_app):
    app = empty_app
    fire = datetime(2024, 3, 5, 6, 0, tzinfo=UTC)
    await _article(app.store, fire - timedelta(hours=1))
    await sub_rows.subscribe(app.store, "telegram", "1", time="06:00", timezone="UTC")
    rec = Recorder()
    planner = _scheduler(app, rec)
    await planner.broadcaster.plan_digest(await sub_rows.active(app.store), fire.date(), fire)  # left by a crash
    stop = asyncio.Event()
    task = asyncio.create_task(serve(app, stop))
    for _ in range(200):
        if rec.calls:
            break
        await asyncio.sleep(0.02)
    assert rec.calls == [("1", "1:2024-03-05")]
    assert callable(app.services["publisher"]) and callable(app.services["schedule_changed"])
    stop.set()
    await asyncio.wait_for(task, 5)


async def test_failing_feed_alerts_admins_once(tmp_path):
    from bot.app import create_app
    from tests.feedserver import make_settings

    settings = make_settings(tmp_path, NEWSBOT_ADMINS="telegram:77,discord:88")
    settings.raw["feeds"]["failures_before_alert"] = 2
    app = await create_app(settings, load_seed_articles=False)
    server = FeedServer()
    await server.start()
    try:
        server.status("/feed", 500)
        feed_id, _ = await feeds.add_feed(app.store, server.url("/feed"))
        rec = Recorder()
        s = _scheduler(app, rec)
        for i in range(4):
            with time_machine.travel(datetime.now(UTC) + timedelta(days=i + 1)):
                await s.poll_feeds()
        assert len(rec.calls) == 1
        chat, text = rec.calls[0]
        assert chat == "77" and f"#{feed_id}" in text and "500" in text
    finally:
        await server.stop()
        await app.close()
