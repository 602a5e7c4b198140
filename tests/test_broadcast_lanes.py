"""Broadcasts do not wait for each other, nor for a slow chat or platform, and still send each row once.

End to end: the real Telegram and Discord clients and the scheduler (``run_adapters``) against the
fakes, one Telegram chat made slow by the fake; the other chats, Discord, a second digest slot and
a /publish go through while the slow chat is still being written to. Then the broadcaster alone:
lanes per chat, a worker pool per platform, and two runs meeting on the same rows.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import time_machine

from digests.delivery import Broadcaster, Pacer
from digests.ingest import ingest_article
from digests.model import Article
from digests.store import subscriptions as sub_rows
from tests.fakes.both import both_running, discord_text, until
from tests.fakes.discord_api import TEXT_CHANNEL

SLOW = 900
FAST = [901, 902, 903, 904, 905]
LATER = 906  # a chat of another digest slot
DELAY = 4.0


async def test_a_slow_chat_holds_up_no_other_chat_slot_platform_or_publish(tmp_path: Path) -> None:
    async with both_running(tmp_path) as h:
        app, tg, dc = h.app, h.tg, h.dc
        scheduler = app.services["scheduler"]
        for chat in [SLOW, *FAST, LATER]:
            tg.private_chat(chat)
            await sub_rows.subscribe(app.store, "telegram", str(chat), time="09:00" if chat == LATER else "08:00", timezone="UTC")
        await sub_rows.subscribe(app.store, "discord", str(TEXT_CHANNEL), time="08:00", timezone="UTC")
        tg.slow_chats[SLOW] = DELAY
        article_id = await app.store.newest_article_id()
        assert article_id is not None
        now = datetime.now(UTC)

        def got(chat: int, text: str) -> int:
            return sum(text in s.text for s in tg.sent if s.chat_id == chat)

        title = app.catalog.get("en", "digest.title", date=_day(now))
        began = time.monotonic()
        first = asyncio.create_task(scheduler.digest_job("08:00", "UTC", now))
        await until(lambda: all(got(c, title) for c in FAST) and any(title in discord_text(m) for m in dc.messages[TEXT_CHANNEL]),
                    within=DELAY / 2)
        assert time.monotonic() - began < DELAY / 2 and not first.done()  # the slow chat is still being written to

        later = asyncio.create_task(scheduler.digest_job("09:00", "UTC", now))  # another slot, at the same time
        await asyncio.wait_for(later, DELAY / 2)
        assert got(LATER, title) == 1 and not first.done()

        published = await asyncio.wait_for(scheduler.publish(article_id), DELAY * 3)
        assert published == len(FAST) + 3  # fast chats, the later chat, Discord — and the slow one

        await asyncio.wait_for(first, DELAY * 3)
        assert got(SLOW, title) == 1
        await asyncio.sleep(1.0)  # a few retry ticks (digest.retry_seconds = 0.3): nothing goes out again
        counts = Counter(s.chat_id for s in tg.sent)
        assert all(counts[c] == counts[FAST[0]] for c in [SLOW, *FAST]), counts  # one digest + one article each
        rows = await app.store.fetchall("SELECT status, count(*) AS n FROM deliveries GROUP BY status")
        assert {r["status"]: r["n"] for r in rows} == {"sent": 2 * (len(FAST) + 3)}
        assert sum(title in discord_text(m) for m in dc.messages[TEXT_CHANNEL]) == 1


def _day(when: datetime) -> str:
    from handlers.i18n import format_date

    return format_date(when, "en")


# ------------------------------------------------------------------ the broadcaster alone

FIRE = datetime(2024, 3, 5, 6, 0, tzinfo=UTC)


class SlowSender:
    """Records sends; chats in ``slow`` (or every chat, with ``all_slow``) take ``delay`` seconds."""

    def __init__(self, delay: float, slow: set[str] | None = None, all_slow: bool = False) -> None:
        self.delay, self.slow, self.all_slow = delay, slow or set(), all_slow
        self.sent: list[tuple[str, str, float]] = []
        self.started = time.monotonic()

    async def __call__(self, chat_id, thread_id, reply) -> None:
        if self.all_slow or chat_id in self.slow:
            await asyncio.sleep(self.delay)
        else:
            await asyncio.sleep(0)
        self.sent.append((chat_id, reply.data["delivery_key"], time.monotonic() - self.started))


async def _articles(store, n: int) -> list[int]:
    ids = []
    for i in range(n):
        with time_machine.travel(FIRE - timedelta(hours=1), tick=False):
            article = Article(title=f"Harbour reopens after storm {i}", source="Test Wire",
                              paragraphs=[f"The harbour reopened on Monday after storm number {i} passed the coast."])
            ids.append((await ingest_article(store, article)).article_id)
    return ids


async def test_one_platform_slow_everywhere_does_not_starve_the_other(empty_app) -> None:
    app = empty_app
    await _articles(app.store, 1)
    for i in range(4):
        await sub_rows.subscribe(app.store, "telegram", str(100 + i), time="06:00", timezone="UTC")
    for i in range(3):
        await sub_rows.subscribe(app.store, "discord", str(200 + i), time="06:00", timezone="UTC")
    telegram, discord = SlowSender(1.0, all_slow=True), SlowSender(0.0)
    b = Broadcaster(app.store, app.settings, app.catalog, {"telegram": telegram, "discord": discord}, pacer=Pacer({}),
                    concurrency=2)
    stats = await b.digest_slot("06:00", "UTC", FIRE)
    assert stats.sent == 7
    assert sorted(c for c, _, _ in discord.sent) == ["200", "201", "202"]
    assert max(t for _, _, t in discord.sent) < 0.5  # Discord did not wait behind Telegram's two busy workers


async def test_many_rows_for_one_slow_chat_take_one_worker(empty_app) -> None:
    app = empty_app
    articles = await _articles(app.store, 3)
    await sub_rows.subscribe(app.store, "telegram", "1", time="06:00", timezone="UTC")
    await sub_rows.subscribe(app.store, "telegram", "2", time="06:00", timezone="UTC")
    sender = SlowSender(0.5, slow={"1"})
    b = Broadcaster(app.store, app.settings, app.catalog, {"telegram": sender}, pacer=Pacer({}), concurrency=2)
    ids = []
    for article_id in articles:  # the slow chat's rows come first
        ids += await b.plan_article(article_id)
    await b.run(ids)
    fast = [t for c, _, t in sender.sent if c == "2"]
    assert len(fast) == 3 and max(fast) < 0.4, sender.sent  # not behind the slow chat's queue
    slow = [k for c, k, _ in sender.sent if c == "1"]
    assert slow == [f"{s}:article:{a}" for s, a in zip([slow[0].split(":")[0]] * 3, articles, strict=True)]  # in order


async def test_two_runs_meeting_on_the_same_rows_send_each_once(empty_app) -> None:
    app = empty_app
    await _articles(app.store, 1)
    for i in range(6):
        await sub_rows.subscribe(app.store, "telegram", str(300 + i), time="06:00", timezone="UTC")
    sender = SlowSender(0.2, all_slow=True)
    b = Broadcaster(app.store, app.settings, app.catalog, {"telegram": sender}, pacer=Pacer({}), concurrency=3)
    subs = await sub_rows.in_slot(app.store, "06:00", "UTC")
    ids = await b.plan_digest(subs, FIRE.date(), FIRE)
    first, second, third = await asyncio.gather(b.run(ids), b.run(ids), b.run())  # a slot, a retry tick, a resume
    assert first.sent + second.sent + third.sent == 6
    assert first.busy + second.busy + third.busy >= 6
    assert Counter(c for c, _, _ in sender.sent) == {str(300 + i): 1 for i in range(6)}
    assert (await b.run(ids)).sent == 0


async def test_a_language_chosen_after_one_broadcast_is_used_by_the_next(empty_app) -> None:
    from digests.store import chats as chat_rows

    app = empty_app
    first, second = await _articles(app.store, 2)
    await sub_rows.subscribe(app.store, "telegram", "55", time="06:00", timezone="UTC")
    seen: list[str] = []

    async def sender(chat_id, thread_id, reply) -> None:
        seen.append(reply.locale)

    b = Broadcaster(app.store, app.settings, app.catalog, {"telegram": sender}, pacer=Pacer({}))
    await b.publish(first)
    async with app.store.transaction() as db:
        await chat_rows.set_language(db, "telegram", "55", "ar" if seen[0] == "en" else "en")
    await b.publish(second)  # the same long-lived broadcaster, as in the scheduler
    assert len(seen) == 2 and seen[0] != seen[1]
