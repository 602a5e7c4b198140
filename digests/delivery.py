"""Exactly-once digest deliveries with platform pacing.

Every (subscription, digest date) is one row in ``deliveries``. Planning inserts the rows of a
whole broadcast (``pending``, with the article window fixed) in one transaction, so a crash after
planning still knows every chat. Sending a row first records ``sending`` (attempts + 1), then
calls the platform's ``Sender``, then records ``sent`` (and the subscription's ``last_digest``)
— so a restart resends only what was pending or in flight, never what was recorded as sent.
A row in flight when the process died is resent unless the sender can tell it arrived
(an optional ``sender.delivered(chat_id, thread_id, key)``): at most the in-flight messages of
the moment of the crash can repeat, and only on platforms without that check.

``ChatGone`` marks the subscription inactive; ``SendFailed`` is retried with exponential backoff
and abandoned after ``digest.max_attempts`` with one log line; a ``retry_after`` (HTTP 429) pauses
the platform's pacer and does not use up an attempt. ``SendFailed(unreachable=True)`` (the platform
is down: connection refused, timeout, 5xx) does not use up an attempt either: the whole platform is
held back with ``bot.Backoff`` (``bot.reconnect_base_seconds`` doubling up to
``bot.reconnect_max_seconds``), its rows wait as ``failed`` with ``next_attempt`` at the end of the
hold, and the first send that goes through again ends the hold — so an outage of any length
delays digests without abandoning them, and each still goes out once. The ``Pacer`` keeps each platform under its
limits: Telegram 30 messages/s overall, 20/min per group and 1/s per private chat; Discord
about 50/s overall and 5 per 5 s per channel.

Independence: a run sorts its rows into one lane per chat (in order) and gives each platform its
own pool of ``concurrency`` workers, each working one lane at a time — so a slow chat holds up
only its own lane, and a slow, throttled or unreachable platform only its own pool. Runs do not
wait for each other (no lock around broadcasts): a row is claimed in memory before it is read
and released when its outcome is recorded, so two runs that meet on one row (a digest slot and the
retry tick, a /publish) send it once; the row's recorded status settles it across restarts.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import aiosqlite

from bot.backoff import Backoff
from bot.senders import ChatGone, Sender, SendFailed
from digests import digest as digest_mod
from digests.store import Store, dt_iso, now_iso, parse_dt
from digests.store import subscriptions as sub_rows

if TYPE_CHECKING:
    from bot.settings import Settings
    from handlers.core import Reply
    from handlers.i18n import Catalog

log = logging.getLogger(__name__)

RETRY_BASE = timedelta(seconds=30)
RETRY_MAX = timedelta(hours=1)
COMPOSE_CACHE = 256
DONE = ("sent", "abandoned", "empty", "gone", "cancelled")


@dataclass(frozen=True)
class PlatformLimits:
    per_second: float  # all chats together
    group_interval: float  # seconds between two messages to one group/channel
    private_interval: float  # seconds between two messages to one private chat

    def chat_interval(self, platform: str, chat_id: str) -> float:
        if platform == "telegram":
            return self.group_interval if str(chat_id).startswith("-") else self.private_interval
        return self.group_interval


LIMITS: dict[str, PlatformLimits] = {
    "telegram": PlatformLimits(per_second=30.0, group_interval=3.0, private_interval=1.0),
    "discord": PlatformLimits(per_second=50.0, group_interval=1.0, private_interval=1.0),
}


class Pacer:
    """Keeps every platform under its limits, measured on actual send times.

    Two sends on one platform are at least ``1 / per_second`` apart and two sends to one chat at
    least the chat interval apart, counted from when they really went out — so an event-loop
    stall is never followed by a catch-up burst. ``pause`` waits out a 429 for the platform.
    """

    def __init__(
        self,
        limits: Mapping[str, PlatformLimits] | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        self.limits = dict(LIMITS if limits is None else limits)
        self.clock = clock
        self.sleep = sleep
        self._last: dict[str, float] = {}
        self._chat_next: dict[tuple[str, str], float] = {}
        self._paused: dict[str, float] = {}

    async def wait(self, platform: str, chat_id: str) -> None:
        limits = self.limits.get(platform)
        if limits is None:
            return
        key = (platform, str(chat_id))
        gap = 1.0 / limits.per_second
        while True:
            now = self.clock()
            last = self._last.get(platform)
            ready = max(
                now if last is None else last + gap,
                self._chat_next.get(key, now),
                self._paused.get(platform, now),
            )
            if ready <= now:
                self._last[platform] = now
                self._chat_next[key] = now + limits.chat_interval(platform, chat_id)
                return
            await self.sleep(ready - now)

    def pause(self, platform: str, seconds: float) -> None:
        self._paused[platform] = max(self._paused.get(platform, 0.0), self.clock() + max(0.0, seconds))

    def forget_chats(self) -> None:
        now = self.clock()
        self._chat_next = {k: v for k, v in self._chat_next.items() if v > now}


@dataclass
class Stats:
    sent: int = 0
    empty: int = 0
    failed: int = 0
    abandoned: int = 0
    gone: int = 0
    throttled: int = 0  # 429s met
    resumed: int = 0
    confirmed: int = 0  # in-flight rows the sender confirmed as delivered
    waiting: int = 0  # rows left pending because their platform has no sender yet
    held: int = 0  # rows put off because their platform could not be reached
    busy: int = 0  # rows another run was sending at the same time (left to it)
    errors: list[str] = field(default_factory=list)


@dataclass
class RunState:
    """What one run shares between its workers: its stats, and digests and chat languages it looked up."""

    stats: Stats = field(default_factory=Stats)
    composed: dict[tuple[Any, ...], Reply | None] = field(default_factory=dict)
    locales: dict[tuple[str, str], str] = field(default_factory=dict)


def retry_delay(attempts: int) -> timedelta:
    return min(RETRY_BASE * (2 ** max(0, attempts - 1)), RETRY_MAX)


def digest_key(sub_id: int, digest_date: str) -> str:
    return f"{sub_id}:{digest_date}"


class Broadcaster:
    """Plans and sends deliveries through ``senders[platform]``."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        catalog: Catalog,
        senders: Mapping[str, Sender],
        *,
        pacer: Pacer | None = None,
        concurrency: int = 16,
    ) -> None:
        self.store = store
        self.settings = settings
        self.catalog = catalog
        self.senders = senders
        self.pacer = pacer or Pacer()
        self.concurrency = concurrency
        self.max_attempts = int(settings.get("digest", "max_attempts"))
        self.send_when_empty = bool(settings.get("digest", "send_when_empty"))
        self._warned: set[str] = set()
        self._inflight: set[int] = set()  # delivery ids some run of this broadcaster is working on
        # platform → (held until, monotonic; held until, wall clock; its backoff) while it cannot be reached
        self._down: dict[str, tuple[float, datetime, Backoff]] = {}
        self._down_since: dict[str, float] = {}
        self._held_rows: dict[str, set[int]] = {}  # platform → rows held back by its hold (released on reconnect)
        self._releases: set[asyncio.Task[None]] = set()

    # ------------------------------------------------------------ planning

    async def plan_digest(self, subs: list[aiosqlite.Row], digest_date: date, cutoff: datetime) -> list[int]:
        """One pending row per subscription for ``digest_date`` (existing rows are kept)."""
        stamp = now_iso()
        async with self.store.transaction() as db:
            for sub in subs:
                since = parse_dt(sub["last_digest"]) or cutoff - digest_mod.DEFAULT_WINDOW
                await db.execute(
                    "INSERT OR IGNORE INTO deliveries (subscription_id, digest_date, status, attempts, updated, since, cutoff) "
                    "VALUES (?, ?, 'pending', 0, ?, ?, ?)",
                    (sub["id"], digest_date.isoformat(), stamp, dt_iso(min(since, cutoff)), dt_iso(cutoff)),
                )
        return await self._ids([int(s["id"]) for s in subs], digest_date.isoformat())

    async def plan_article(self, article_id: int) -> list[int]:
        subs = await sub_rows.active(self.store)
        key = f"article:{article_id}"
        stamp = now_iso()
        async with self.store.transaction() as db:
            for sub in subs:
                await db.execute(
                    "INSERT OR IGNORE INTO deliveries (subscription_id, digest_date, status, attempts, updated, article_id) "
                    "VALUES (?, ?, 'pending', 0, ?, ?)",
                    (sub["id"], key, stamp, article_id),
                )
        return await self._ids([int(s["id"]) for s in subs], key)

    async def _ids(self, sub_ids: list[int], key: str) -> list[int]:
        if not sub_ids:
            return []
        out: list[int] = []
        for start in range(0, len(sub_ids), 500):
            chunk = sub_ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = await self.store.fetchall(
                f"SELECT id FROM deliveries WHERE digest_date = ? AND subscription_id IN ({marks}) ORDER BY id", (key, *chunk)
            )
            out.extend(int(r["id"]) for r in rows)
        return out

    # ------------------------------------------------------------ sending

    async def due(self, now: datetime | None = None) -> list[int]:
        """Rows to send now: pending, in flight when the process stopped, or failed and due again."""
        now = now or datetime.now(UTC)
        rows = await self.store.fetchall(
            "SELECT id FROM deliveries WHERE status IN ('pending', 'sending') "
            "OR (status = 'failed' AND (next_attempt IS NULL OR next_attempt <= ?)) ORDER BY id",
            (dt_iso(now),),
        )
        return [int(r["id"]) for r in rows]

    def in_flight(self) -> frozenset[int]:
        return frozenset(self._inflight)

    async def run(self, delivery_ids: list[int] | None = None) -> Stats:
        """Send the given rows (default: every due row): a lane per chat, a worker pool per platform, paced."""
        ids = await self.due() if delivery_ids is None else delivery_ids
        state = RunState()
        stats = state.stats
        lanes = await self._lanes(ids)
        await asyncio.gather(*(self._run_platform(chats, state) for chats in lanes.values()))
        self.pacer.forget_chats()
        if ids and (stats.sent or stats.empty or stats.failed or stats.abandoned or stats.gone or stats.throttled):
            log.info(
                "broadcast: %d sent, %d empty, %d failed, %d abandoned, %d gone, %d throttled, %d held back",
                stats.sent, stats.empty, stats.failed, stats.abandoned, stats.gone, stats.throttled, stats.held,
            )
        return stats

    async def _lanes(self, ids: list[int]) -> dict[str, dict[str, deque[int]]]:
        """platform → chat → its delivery ids in the given order (rows without a subscription: platform "")."""
        where: dict[int, tuple[str, str]] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = await self.store.fetchall(
                f"SELECT d.id, s.platform, s.chat_id FROM deliveries d LEFT JOIN subscriptions s ON s.id = d.subscription_id "
                f"WHERE d.id IN ({marks})", tuple(chunk),
            )
            where.update({int(r["id"]): (r["platform"] or "", r["chat_id"] or "") for r in rows})
        lanes: dict[str, dict[str, deque[int]]] = {}
        for delivery_id in ids:
            platform, chat = where.get(delivery_id, ("", ""))
            lanes.setdefault(platform, {}).setdefault(chat, deque()).append(delivery_id)
        return lanes

    async def _run_platform(self, chats: dict[str, deque[int]], state: RunState) -> None:
        """One platform's lanes on its own ``concurrency`` workers; a lane's rows go one after another."""
        waiting = deque(chats.values())

        async def worker() -> None:
            while waiting:
                lane = waiting.popleft()
                while lane:
                    delivery_id = lane.popleft()
                    try:
                        again = await self.deliver(delivery_id, state.stats, state)
                    except Exception as exc:  # a bug for one chat must not stop the broadcast
                        log.exception("delivery %s failed unexpectedly", delivery_id)
                        state.stats.errors.append(str(exc)[:200])
                        again = False
                    if again:
                        lane.append(delivery_id)

        workers = [asyncio.create_task(worker()) for _ in range(max(1, min(self.concurrency, len(chats))))]
        try:
            await asyncio.gather(*workers)
        finally:
            for w in workers:
                w.cancel()

    # ------------------------------------------------------------ unreachable platforms

    def held_until(self, platform: str) -> datetime | None:
        """When the platform may be tried again, while it is held back as unreachable."""
        down = self._down.get(platform)
        if down is None or down[0] <= time.monotonic():
            return None
        return down[1]

    def _platform_failed(self, platform: str) -> datetime:
        """A send found the platform unreachable: hold it back (longer each time); returns until when."""
        held = self.held_until(platform)
        if held is not None:  # another worker already counted this outage's try
            return held
        down = self._down.get(platform)
        backoff = down[2] if down else Backoff.from_settings(self.settings)
        delay = backoff.next()
        until = datetime.now(UTC) + timedelta(seconds=delay)
        self._down[platform] = (time.monotonic() + delay, until, backoff)
        self._down_since.setdefault(platform, time.monotonic())
        log.warning("%s unreachable: its deliveries wait %.1f s (try %d)", platform, delay, backoff.failures)
        return until

    def platform_reachable(self, platform: str) -> None:
        """The platform's adapter connected again: end its hold, and its held rows are due now."""
        self._platform_ok(platform)
        held = self._held_rows.pop(platform, set())
        if held:
            task = asyncio.get_running_loop().create_task(self._release(sorted(held)), name="delivery-release")
            self._releases.add(task)
            task.add_done_callback(self._releases.discard)

    async def _release(self, ids: list[int]) -> None:
        try:
            async with self.store.transaction() as db:
                for start in range(0, len(ids), 500):
                    chunk = ids[start : start + 500]
                    await db.execute(
                        f"UPDATE deliveries SET next_attempt = ? WHERE status = 'failed' "
                        f"AND id IN ({','.join('?' * len(chunk))})", (now_iso(), *chunk),
                    )
        except Exception:  # the rows stay due at the end of the hold
            log.exception("could not release %d held deliveries", len(ids))

    def _platform_ok(self, platform: str) -> None:
        if self._down.pop(platform, None) is not None:
            since = self._down_since.pop(platform, time.monotonic())
            log.info("%s reachable again after %.1f s: sending its held deliveries", platform, time.monotonic() - since)

    async def _locale(self, platform: str, chat_id: str, state: RunState) -> str:
        key = (platform, chat_id)
        if key not in state.locales:
            state.locales[key] = await digest_mod.chat_locale(self.store, self.settings, platform, chat_id)
        return state.locales[key]

    async def _compose(self, row: aiosqlite.Row, sub: aiosqlite.Row, state: RunState) -> Reply | None:
        """The row's digest; chats with the same window, filters and language share one within a run."""
        locale = await self._locale(sub["platform"], sub["chat_id"], state)
        key = (row["digest_date"], row["since"], row["cutoff"], row["article_id"], sub["filters"], locale)
        composed = state.composed
        if key not in composed:
            if len(composed) >= COMPOSE_CACHE:
                composed.clear()
            composed[key] = await self._compose_new(row, sub, locale)
        reply = composed[key]
        return None if reply is None else replace(reply, data=dict(reply.data))

    async def _compose_new(self, row: aiosqlite.Row, sub: aiosqlite.Row, locale: str) -> Reply | None:
        if row["article_id"] is not None:
            from digests import filters as filter_mod

            wanted = filter_mod.Filters.from_json(sub_rows.filters_of(sub))
            if not await filter_mod.select(self.store, wanted, [int(row["article_id"])]):
                return None
            return await digest_mod.compose_article(self.store, self.catalog, int(row["article_id"]), locale)
        cutoff = parse_dt(row["cutoff"])
        since = parse_dt(row["since"])
        assert cutoff is not None and since is not None
        return await digest_mod.compose(
            self.store,
            self.catalog,
            sub,
            since=since,
            cutoff=cutoff,
            locale=locale,
            send_when_empty=self.send_when_empty,
            digest_day=datetime.fromisoformat(row["digest_date"]),
        )

    async def _set(self, delivery_id: int, status: str, **extra: Any) -> None:
        cols = ", ".join(f"{k} = ?" for k in extra)
        sql = f"UPDATE deliveries SET status = ?, updated = ?{', ' + cols if cols else ''} WHERE id = ?"
        async with self.store.transaction() as db:
            await db.execute(sql, (status, now_iso(), *extra.values(), delivery_id))

    async def _mark_sent(self, row: aiosqlite.Row, stats: Stats) -> None:
        async with self.store.transaction() as db:
            await db.execute(
                "UPDATE deliveries SET status = 'sent', sent_at = ?, updated = ?, last_error = NULL WHERE id = ?",
                (now_iso(), now_iso(), row["id"]),
            )
            if row["cutoff"]:
                await db.execute(
                    "UPDATE subscriptions SET last_digest = ? WHERE id = ? AND (last_digest IS NULL OR last_digest < ?)",
                    (row["cutoff"], row["subscription_id"], row["cutoff"]),
                )
        stats.sent += 1

    async def deliver(self, delivery_id: int, stats: Stats, state: RunState | None = None) -> bool:
        """Send one row unless another run is on it; returns True when it should be tried again in this run (a 429)."""
        if delivery_id in self._inflight:
            stats.busy += 1
            return False
        self._inflight.add(delivery_id)  # no await between the test and the claim: one owner per row
        try:
            return await self._deliver(delivery_id, stats, state or RunState(stats=stats))
        finally:
            self._inflight.discard(delivery_id)

    async def _deliver(self, delivery_id: int, stats: Stats, state: RunState) -> bool:
        row = await self.store.fetchone("SELECT * FROM deliveries WHERE id = ?", (delivery_id,))
        if row is None or row["status"] in DONE:
            return False
        sub = await sub_rows.by_id(self.store, int(row["subscription_id"]))
        if sub is None or not sub["active"]:
            await self._set(delivery_id, "cancelled")
            return False
        sender = self.senders.get(sub["platform"])
        if sender is None:
            if sub["platform"] not in self._warned:
                self._warned.add(sub["platform"])
                log.warning("no sender for %s yet: its deliveries stay pending", sub["platform"])
            stats.waiting += 1
            return False
        held = self.held_until(sub["platform"])
        if held is not None:
            await self._set(delivery_id, "failed", next_attempt=dt_iso(held))
            self._held_rows.setdefault(sub["platform"], set()).add(delivery_id)
            stats.held += 1
            return False
        key = digest_key(int(sub["id"]), row["digest_date"])
        if row["status"] == "sending":
            stats.resumed += 1
            delivered = getattr(sender, "delivered", None)
            if delivered is not None and await delivered(sub["chat_id"], sub["thread_id"], key):
                stats.confirmed += 1
                await self._mark_sent(row, stats)
                return False
            log.warning("delivery %s (%s) was in flight when the bot stopped; sending it again", delivery_id, key)
        reply = await self._compose(row, sub, state)
        if reply is None:
            await self._set(delivery_id, "empty")
            if row["cutoff"]:
                async with self.store.transaction() as db:
                    await db.execute(
                        "UPDATE subscriptions SET last_digest = ? WHERE id = ? AND (last_digest IS NULL OR last_digest < ?)",
                        (row["cutoff"], sub["id"], row["cutoff"]),
                    )
            stats.empty += 1
            return False
        reply.data["delivery_key"] = key
        attempts = int(row["attempts"]) + 1
        await self._set(delivery_id, "sending", attempts=attempts)
        await self.pacer.wait(sub["platform"], sub["chat_id"])
        try:
            await sender(sub["chat_id"], sub["thread_id"], reply)
        except ChatGone as exc:
            log.info("chat %s:%s is gone (%s); unsubscribing it", sub["platform"], sub["chat_id"], exc)
            await self._set(delivery_id, "gone", last_error=str(exc)[:300])
            await sub_rows.deactivate(self.store, int(sub["id"]))
            stats.gone += 1
            return False
        except SendFailed as exc:
            if exc.unreachable and exc.retry_after is None:
                until = self._platform_failed(sub["platform"])
                await self._set(delivery_id, "failed", attempts=attempts - 1, last_error=str(exc)[:300],
                                next_attempt=dt_iso(until))
                self._held_rows.setdefault(sub["platform"], set()).add(delivery_id)
                stats.held += 1
                return False
            return await self._failed(row, attempts, str(exc), exc.retry_after, stats, sub["platform"])
        except Exception as exc:
            log.exception("sending delivery %s failed", delivery_id)
            return await self._failed(row, attempts, f"{type(exc).__name__}: {exc}", None, stats, sub["platform"])
        self._platform_ok(sub["platform"])
        await self._mark_sent(row, stats)
        return False

    async def _failed(
        self, row: aiosqlite.Row, attempts: int, error: str, retry_after: float | None, stats: Stats, platform: str
    ) -> bool:
        now = datetime.now(UTC)
        if retry_after is not None:
            # flood control: wait it out, and it does not count as a failed try
            stats.throttled += 1
            self.pacer.pause(platform, retry_after)
            await self._set(int(row["id"]), "failed", attempts=attempts - 1, last_error=error[:300],
                            next_attempt=dt_iso(now + timedelta(seconds=retry_after)))
            return True
        if attempts >= self.max_attempts:
            log.error("delivery %s (subscription %s, %s) abandoned after %d tries: %s",
                      row["id"], row["subscription_id"], row["digest_date"], attempts, error)
            await self._set(int(row["id"]), "abandoned", attempts=attempts, last_error=error[:300])
            stats.abandoned += 1
            return False
        await self._set(int(row["id"]), "failed", attempts=attempts, last_error=error[:300],
                        next_attempt=dt_iso(now + retry_delay(attempts)))
        stats.failed += 1
        return False

    # ------------------------------------------------------------ entry points

    async def digest_slot(self, time_: str, timezone: str, fire_time: datetime) -> Stats:
        """The daily digest of every active subscription in one (time, timezone) slot."""
        from zoneinfo import ZoneInfo

        subs = await sub_rows.in_slot(self.store, time_, timezone)
        local_day = fire_time.astimezone(ZoneInfo(timezone)).date()
        ids = await self.plan_digest(subs, local_day, fire_time.astimezone(UTC))
        return await self.run(ids)

    async def publish(self, article_id: int) -> int:
        """Send one article to every active subscription now; returns how many chats got it."""
        ids = await self.plan_article(article_id)
        stats = await self.run(ids)
        return stats.sent
