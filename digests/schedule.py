"""The scheduler: feed polls and daily digests on APScheduler 3 (AsyncIOScheduler).

The database is the source of truth, not a job store: at every start (and whenever
subscriptions change) one cron job per distinct (time, timezone) of the active subscriptions
is (re)built. ``misfire_grace_time`` (``digest.misfire_grace_minutes``) lets a digest missed
during a short outage go out when the bot comes back; a slot missed by more is skipped with a
log line. Broadcasts run side by side, never behind one another (the broadcaster keeps each row
to one sender at a time). Deliveries left pending or failed by a previous run are resumed at start and retried
every ``digest.retry_seconds`` (30 s by default; deliveries for a platform that cannot be reached are
held back by the broadcaster meanwhile). ``serve(app, stop)`` runs it beside the adapters (``bot/runner.py``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from digests import feeds
from digests.delivery import Broadcaster
from digests.ingest import IngestError
from digests.store import subscriptions as sub_rows
from handlers.core import Reply

if TYPE_CHECKING:
    import aiosqlite

    from bot.app import App

log = logging.getLogger(__name__)

FEED_TICK = timedelta(minutes=1)
JOB_PREFIX = "digest:"
MAX_RETRY_RUNS = 4


def slot_trigger(time_: str, timezone: str) -> CronTrigger:
    hour, minute = (int(x) for x in time_.split(":"))
    return CronTrigger(hour=hour, minute=minute, timezone=ZoneInfo(timezone))


def job_id(time_: str, timezone: str) -> str:
    return f"{JOB_PREFIX}{timezone}@{time_}"


def last_fire_before(time_: str, timezone: str, now: datetime) -> datetime | None:
    """The slot's most recent scheduled time at or before ``now`` (within two days)."""
    trigger = slot_trigger(time_, timezone)
    start = now - timedelta(days=2)
    fire = trigger.get_next_fire_time(None, start)
    last = None
    while fire is not None and fire <= now:
        last = fire
        fire = trigger.get_next_fire_time(fire, fire.astimezone(UTC) + timedelta(seconds=1))
    return last


class LiveSenders(Mapping[str, Any]):
    """``services["senders"]`` read at each use: adapters register their sender when they connect."""

    def __init__(self, services: dict[str, Any]) -> None:
        self.services = services

    def _current(self) -> Mapping[str, Any]:
        return self.services.get("senders") or {}

    def __getitem__(self, key: str) -> Any:
        return self._current()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._current())

    def __len__(self) -> int:
        return len(self._current())


class DigestScheduler:
    """Owns the AsyncIOScheduler and the broadcaster of one App."""

    def __init__(self, app: App, *, scheduler: AsyncIOScheduler | None = None) -> None:
        self.app = app
        self.settings = app.settings
        self.scheduler = scheduler or AsyncIOScheduler(timezone=UTC)
        app.services.setdefault("senders", {})
        self.broadcaster = Broadcaster(app.store, app.settings, app.catalog, LiveSenders(app.services))
        self.grace = timedelta(minutes=int(self.settings.get("digest", "misfire_grace_minutes")))
        self._retry_runs: set[asyncio.Task[Any]] = set()
        self._jobs: set[asyncio.Task[Any]] = set()  # job runs in progress, waited for at stop

    @contextlib.contextmanager
    def _running(self) -> Iterator[None]:
        task = asyncio.current_task()
        if task is not None:
            self._jobs.add(task)
        try:
            yield
        finally:
            self._jobs.discard(task)  # type: ignore[arg-type]

    async def drain(self, within: float = 10.0) -> None:
        """Let the job runs in progress finish (a broadcast records what it sent); cancel them after ``within`` s."""
        jobs = {t for t in self._jobs if t is not asyncio.current_task() and not t.done()}
        if not jobs:
            return
        _, pending = await asyncio.wait(jobs, timeout=within)
        for task in pending:
            task.cancel()
        if pending:
            log.warning("stopped %d scheduler job(s) still running after %.0f s", len(pending), within)
            await asyncio.gather(*pending, return_exceptions=True)

    # ------------------------------------------------------------ jobs

    async def sync_slots(self) -> list[str]:
        """Make the digest jobs match the subscriptions in the database; returns the job ids."""
        wanted = {job_id(t, tz): (t, tz) for t, tz in await sub_rows.slots(self.app.store)}
        for job in self.scheduler.get_jobs():
            if job.id.startswith(JOB_PREFIX) and job.id not in wanted:
                job.remove()
        for jid, (t, tz) in wanted.items():
            if self.scheduler.get_job(jid) is None:
                self.scheduler.add_job(
                    self.digest_job,
                    slot_trigger(t, tz),
                    args=(t, tz),
                    id=jid,
                    misfire_grace_time=int(self.grace.total_seconds()),
                    coalesce=True,
                    max_instances=1,
                )
        return sorted(wanted)

    def add_background_jobs(self) -> None:
        self.scheduler.add_job(self.poll_feeds, IntervalTrigger(seconds=FEED_TICK.total_seconds()), id="feeds",
                               max_instances=1, coalesce=True, next_run_time=datetime.now(UTC))
        retry = float(self.settings.get("digest", "retry_seconds"))
        self.scheduler.add_job(self.retry_deliveries, IntervalTrigger(seconds=retry),
                               id="retries", max_instances=1, coalesce=True)

    async def digest_job(self, time_: str, timezone: str, fire_time: datetime | None = None) -> None:
        """One slot's digests; ``fire_time`` is the scheduled time (now when the job fires on time)."""
        fire = fire_time or self._scheduled_time(time_, timezone)
        with self._running():
            stats = await self.broadcaster.digest_slot(time_, timezone, fire)
        log.info("digest %s %s for %s: %d sent", timezone, time_, fire.isoformat(), stats.sent)

    def _scheduled_time(self, time_: str, timezone: str) -> datetime:
        return last_fire_before(time_, timezone, datetime.now(UTC)) or datetime.now(UTC)

    async def catch_up(self, now: datetime | None = None) -> list[tuple[str, str, datetime]]:
        """At start: slots whose last time passed while the bot was down get their digest if
        within the grace period; older ones are skipped with a log line."""
        now = now or datetime.now(UTC)
        done: list[tuple[str, str, datetime]] = []
        for t, tz in await sub_rows.slots(self.app.store):
            fire = last_fire_before(t, tz, now)
            if fire is None:
                continue
            local_day = fire.astimezone(ZoneInfo(tz)).date().isoformat()
            missing = await self._undelivered(t, tz, local_day, fire)
            if not missing:
                continue
            if now - fire <= self.grace:
                log.info("catching up the %s %s digest of %s (missed by %s)", tz, t, local_day, now - fire)
                await self.broadcaster.digest_slot(t, tz, fire)
                done.append((t, tz, fire))
            else:
                log.warning("skipped the %s %s digest of %s for %d chat(s): missed by %s, beyond the %s grace period",
                            tz, t, local_day, len(missing), now - fire, self.grace)
        return done

    async def _undelivered(self, t: str, tz: str, local_day: str, fire: datetime) -> list[aiosqlite.Row]:
        subs = await sub_rows.in_slot(self.app.store, t, tz)
        out = []
        for sub in subs:
            if sub["created"] and datetime.fromisoformat(sub["created"]) > fire:
                continue  # subscribed after that digest time
            row = await self.app.store.fetchone(
                "SELECT 1 FROM deliveries WHERE subscription_id = ? AND digest_date = ?", (sub["id"], local_day)
            )
            if row is None:
                out.append(sub)
        return out

    async def retry_deliveries(self) -> None:
        """Every due row nobody is sending now, in a run of its own: the tick never waits for a slow
        chat of an earlier run (at most ``MAX_RETRY_RUNS`` runs at once)."""
        self._retry_runs = {t for t in self._retry_runs if not t.done()}
        if len(self._retry_runs) >= MAX_RETRY_RUNS:
            return
        busy = self.broadcaster.in_flight()
        ids = [i for i in await self.broadcaster.due() if i not in busy]
        if not ids:
            return
        task = asyncio.create_task(self._retry_run(ids), name="delivery-retry")
        self._retry_runs.add(task)

    async def _retry_run(self, ids: list[int]) -> None:
        with self._running():
            try:
                await self.broadcaster.run(ids)
            except Exception:
                log.exception("retrying deliveries failed")

    async def poll_feeds(self) -> None:
        with self._running():
            await feeds.poll_due(self.app.store, self.settings, notify=self.alert_admins)

    async def alert_admins(self, row: Any, error: IngestError) -> None:
        """One message to every admin whose platform is running."""
        senders = self.app.services.get("senders", {})
        for admin in sorted(self.settings.admins):
            platform, _, user_id = admin.partition(":")
            sender = senders.get(platform)
            if sender is None:
                continue
            locale = self.settings.default_language
            reason = self.app.catalog.get(locale, error.key, **error.params)
            text = self.app.catalog.get(locale, "feeds.alert", id=row["id"], url=row["url"], n=row["failures"], error=reason)
            try:
                await sender(user_id, None, Reply.message(text, locale=locale, error=True))
            except Exception:
                log.exception("could not alert %s about feed %s", admin, row["id"])

    # ------------------------------------------------------------ life cycle

    async def start(self) -> None:
        await feeds.sync_static_feeds(self.app.store)
        await sub_rows.sync_static(self.app.store, self.settings.get("digest", "default_time"), self.settings.timezone)
        self.app.services["schedule_changed"] = self.sync_slots
        self.app.services["publisher"] = self.publish
        self.app.services["scheduler"] = self
        await self.sync_slots()
        self.add_background_jobs()
        self.scheduler.start()
        resumed = await self.broadcaster.run()
        if resumed.sent or resumed.failed:
            log.info("resumed %d delivery(ies) left from the previous run", resumed.sent + resumed.failed)
        await self.catch_up()

    async def publish(self, article_id: int) -> int:
        return await self.broadcaster.publish(article_id)

    def stop(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)


async def serve(app: App, stop: asyncio.Event) -> None:
    """Run the scheduler until ``stop`` is set (or the task is cancelled)."""
    scheduler = DigestScheduler(app)
    try:
        await scheduler.start()
        log.info("scheduler started: %d digest slot(s)", len(await sub_rows.slots(app.store)))
        await stop.wait()
    except asyncio.CancelledError:
        raise
    except Exception:
        log.exception("the scheduler stopped: no feed polls or digests until the bot restarts")
        raise
    finally:
        scheduler.stop()
        await scheduler.drain()
        if app.services.get("scheduler") is scheduler:
            del app.services["scheduler"]


def next_fire_times(time_: str, timezone: str, start: datetime, count: int) -> Iterable[datetime]:
    """The slot's next ``count`` fire times from ``start`` (for /subscription and tests)."""
    trigger = slot_trigger(time_, timezone)
    fire = trigger.get_next_fire_time(None, start)
    for _ in range(count):
        if fire is None:
            return
        yield fire
        fire = trigger.get_next_fire_time(fire, fire.astimezone(UTC) + timedelta(seconds=1))
