"""Actor rows kept for fast reads: each mention's article date (/actor, migration 0073) and the per-day
totals behind /actors (``actor_days``, migration 0074) — equal to a recount after every kind of write,
backfilled when an older database is upgraded, and read by the query plans they were made for."""

from __future__ import annotations

import copy
import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiosqlite

from bench.synthetic import make_article
from digests.analysis import analyse
from digests.model import Analysis, Article
from digests.store import Store
from digests.store import actors as actor_rows

NEWEST = datetime(2024, 3, 10, 15, 0, tzinfo=UTC)

# The recounts, from the articles table itself (not from the copies kept in actor_mentions).
DAYS_RECOUNT = (
    "SELECT substr(coalesce(r.published, r.fetched), 1, 10) AS day, m.actor_id, sum(m.mentions), count(*) "
    "FROM actor_mentions m JOIN articles r ON r.id = m.article_id WHERE r.status = 'published' "
    "GROUP BY 1, 2 ORDER BY 1, 2"
)
RANKED_RECOUNT = (
    "SELECT a.id, sum(m.mentions) AS n, count(DISTINCT m.article_id) AS arts, "
    "CASE WHEN a.kind = 'person' THEN (SELECT m2.role FROM actor_mentions m2 JOIN articles r2 ON r2.id = m2.article_id "
    " WHERE m2.actor_id = a.id AND m2.role IS NOT NULL ORDER BY coalesce(r2.published, r2.fetched) DESC, r2.id DESC "
    " LIMIT 1) END AS role, "
    "CASE WHEN a.kind = 'person' THEN (SELECT m3.quotes FROM actor_mentions m3 JOIN articles r3 ON r3.id = m3.article_id "
    " WHERE m3.actor_id = a.id AND m3.quotes != '[]' ORDER BY coalesce(r3.published, r3.fetched) DESC, r3.id DESC "
    " LIMIT 1) END AS quotes "
    "FROM actor_mentions m JOIN actors a ON a.id = m.actor_id JOIN articles r ON r.id = m.article_id "
    "WHERE r.status = 'published' AND coalesce(r.published, r.fetched) >= ? AND coalesce(r.published, r.fetched) <= ? "
    "GROUP BY a.id ORDER BY n DESC, arts DESC, a.id LIMIT ?"
)


async def rows(db: aiosqlite.Connection, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    async with db.execute(sql, params) as cur:
        return [tuple(r) for r in await cur.fetchall()]


async def assert_days_match(store: Store) -> None:
    kept = await rows(store.db, "SELECT day, actor_id, mentions, articles FROM actor_days ORDER BY 1, 2")
    assert kept == await rows(store.db, DAYS_RECOUNT)
    assert all(r[3] > 0 for r in kept)


async def assert_ranked_match(store: Store, days: int, limit: int = 200) -> None:
    newest = await actor_rows.newest_date(store.db)
    assert newest is not None
    since = (datetime.fromisoformat(newest) - timedelta(days=days)).isoformat()
    want = await rows(store.db, RANKED_RECOUNT, (since, newest, limit))
    got = await actor_rows.ranked(store.db, days=days, limit=limit)
    assert [(a.id, a.mentions, a.articles) for a in got] == [(r[0], r[1], r[2]) for r in want]
    assert [(a.role, a.quotes) for a in got] == [(r[3], json.loads(r[4]) if r[4] else []) for r in want]


def dated(index: int, when: datetime) -> Article:
    article = make_article(index, seed=23)
    article.published = when
    return article


def spread(n: int, seed: int) -> list[datetime]:
    """``n`` publication times over the 40 days up to NEWEST, some right at the 30-day edge."""
    rng = random.Random(seed)
    edge = NEWEST - timedelta(days=30)
    times = [NEWEST, edge, edge - timedelta(minutes=1), edge + timedelta(minutes=1),
             edge.replace(hour=0, minute=0), edge.replace(hour=23, minute=59), edge + timedelta(days=1, hours=-15)]
    while len(times) < n:
        times.append(NEWEST - timedelta(minutes=rng.randint(1, 40 * 24 * 60)))
    return times[:n]


async def test_day_totals_follow_inserts_duplicates_status_dates_and_deletes(store: Store) -> None:
    ids = []
    for i, when in enumerate(spread(24, seed=1)):
        article = dated(i, when)
        analysis = analyse(article)
        if i == 3 and analysis.actors:
            # The same actor twice in one article: the mention row is upserted (mentions add up).
            again = copy.deepcopy(analysis.actors[0])
            again.mentions = 4
            analysis.actors.append(again)
        ids.append((await store.save_article(article, analysis, status="draft" if i % 7 == 5 else "published")).article_id)
    await assert_days_match(store)
    assert (await rows(store.db, "SELECT count(*) FROM actor_days"))[0][0] > 20

    again = dated(2, spread(24, seed=1)[2])
    assert (await store.save_article(again, analyse(again))).duplicate
    await assert_days_match(store)

    await store.set_status(ids[0], "draft")
    await store.set_status(ids[5], "published")
    await assert_days_match(store)
    await store.set_status(ids[0], "published")
    await assert_days_match(store)

    async with store.transaction() as db:
        await db.execute("UPDATE articles SET published = '2024-03-01T08:00:00+00:00' WHERE id = ?", (ids[4],))
        await db.execute("UPDATE articles SET published = NULL WHERE id = ?", (ids[6],))  # falls back to fetched
    await assert_days_match(store)
    copied = await rows(
        store.db,
        "SELECT count(*) FROM actor_mentions m JOIN articles r ON r.id = m.article_id "
        "WHERE m.published IS NOT coalesce(r.published, r.fetched) OR m.live != (r.status = 'published')",
    )
    assert copied == [(0,)]

    for article_id in ids[8:14]:
        assert await store.delete_article(article_id)
    await assert_days_match(store)
    async with store.transaction() as db:  # an actor removed outright takes its mentions and totals along
        await db.execute("DELETE FROM actors WHERE id = (SELECT min(actor_id) FROM actor_days)")
    await assert_days_match(store)


async def test_ranking_equals_a_recount_of_the_window(store: Store) -> None:
    for i, when in enumerate(spread(40, seed=2)):
        article = dated(100 + i, when)
        await store.save_article(article, analyse(article), status="draft" if i % 9 == 8 else "published")
    for days in (30, 7, 1, 0):
        await assert_ranked_match(store, days)
    await assert_ranked_match(store, 30, limit=5)
    # A later article moves the window: the cached answer is not reused.
    late = dated(500, NEWEST + timedelta(days=3, hours=2))
    await store.save_article(late, analyse(late))
    await assert_ranked_match(store, 30)
    assert await actor_rows.ranked(store.db, days=30) == await actor_rows.ranked(store.db, days=30)


async def test_actor_card_lists_newest_mentions_first(store: Store) -> None:
    # Stored out of date order, so that article ids do not give the order away.
    rng = random.Random(5)
    times = [NEWEST - timedelta(minutes=rng.choice([5, 5, 60, 4000, 9000, 20000]) * rng.randint(1, 3)) for _ in range(30)]
    for i, when in enumerate(times):
        article = dated(900 + i, when)
        analysis = analyse(article)
        await store.save_article(article, analysis)
    actor_id, count = (await rows(
        store.db, "SELECT actor_id, count(*) FROM actor_mentions GROUP BY actor_id ORDER BY 2 DESC, 1 LIMIT 1"
    ))[0]
    assert count >= 3
    card = await actor_rows.card(store.db, int(actor_id))
    assert card is not None
    keys = [(r["published"] or r["fetched"], r["article_id"]) for r in card.articles]
    assert keys == sorted(keys, reverse=True) and len(keys) == count
    # A corrected publication date reorders the card.
    oldest = keys[-1][1]
    async with store.transaction() as db:
        await db.execute("UPDATE articles SET published = '2025-01-01T00:00:00+00:00' WHERE id = ?", (oldest,))
    card = await actor_rows.card(store.db, int(actor_id))
    assert card is not None and card.articles[0]["article_id"] == oldest


async def plans(store: Store, call) -> dict[str, str]:
    """Each statement ``call`` runs, with its query plan (one line per plan row)."""
    seen: list[str] = []
    await store.db.set_trace_callback(seen.append)
    try:
        await call()
    finally:
        await store.db.set_trace_callback(None)
    out = {}
    for sql in seen:
        if sql.lstrip().upper().startswith(("SELECT", "WITH")):
            out[sql] = "\n".join(str(r[3]) for r in await rows(store.db, "EXPLAIN QUERY PLAN " + sql))
    return out


async def test_card_and_ranking_read_their_indexes(store: Store) -> None:
    for i, when in enumerate(spread(12, seed=3)):
        article = dated(700 + i, when)
        await store.save_article(article, analyse(article))
    actor_id = (await rows(store.db, "SELECT actor_id FROM actor_mentions LIMIT 1"))[0][0]
    card = await plans(store, lambda: actor_rows.card(store.db, int(actor_id)))
    newest = [plan for sql, plan in card.items() if "LIMIT 50" in sql]
    assert len(newest) == 1
    assert "actor_mentions_recent" in newest[0] and "TEMP B-TREE" not in newest[0]
    ranked = await plans(store, lambda: actor_rows._ranked(store.db, days=30, limit=200))
    window = [plan for sql, plan in ranked.items() if "GROUP BY" in sql]
    assert len(window) == 1
    assert "SEARCH d USING PRIMARY KEY (day>?)" in window[0]
    assert "articles_recent" in window[0]
    assert "SCAN m" not in window[0] and "SCAN r" not in window[0]


# ------------------------------------------------------------------ upgrading an existing database


def _old_article(db_rows: list[tuple[object, ...]], i: int, published: str | None, fetched: str, status: str) -> None:
    db_rows.append((i, f"t{i}", "en", published, fetched, f"h{i}", "[]", status))


async def test_upgrade_from_version_72_backfills_dates_and_day_totals(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    store = await Store.open(path, migrate=False)
    await store.migrate(target=72)
    articles: list[tuple[object, ...]] = []
    rng = random.Random(4)
    for i in range(1, 61):
        when = NEWEST - timedelta(minutes=rng.randint(0, 45 * 24 * 60))
        published = None if i % 11 == 0 else when.isoformat()
        _old_article(articles, i, published, (when + timedelta(hours=1)).isoformat(), "draft" if i % 8 == 0 else "published")
    actors = [(k, f"actor{k}", f"actor{k}", f"Actor {k}", "person" if k % 2 else "country") for k in range(1, 9)]
    mentions = []
    for article_id in range(1, 61):
        for actor_id in rng.sample(range(1, 9), 3):
            quotes = json.dumps([f"q{article_id}"]) if rng.random() < 0.3 else "[]"
            role = "minister" if rng.random() < 0.4 else None
            mentions.append((article_id, actor_id, f"actor{actor_id}", role, rng.randint(1, 5), quotes))
    async with store.transaction() as db:
        await db.executemany(
            "INSERT INTO articles (id, title, language, published, fetched, content_hash, paragraphs, status) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", articles)
        await db.executemany("INSERT INTO actors (id, key, name, name_en, kind) VALUES (?, ?, ?, ?, ?)", actors)
        await db.executemany(
            "INSERT INTO actor_mentions (article_id, actor_id, name, role, mentions, quotes) VALUES (?, ?, ?, ?, ?, ?)",
            mentions)
    await store.close()

    store = await Store.open(path)
    try:
        assert await store.schema_version() >= 74
        copied = await rows(
            store.db,
            "SELECT count(*), sum(m.published = coalesce(r.published, r.fetched)), sum(m.live = (r.status = 'published')) "
            "FROM actor_mentions m JOIN articles r ON r.id = m.article_id",
        )
        assert copied == [(len(mentions), len(mentions), len(mentions))]
        await assert_days_match(store)
        for days in (30, 3):
            await assert_ranked_match(store, days)
        card = await actor_rows.card(store.db, 1)
        assert card is not None
        keys = [(r["published"] or r["fetched"], r["article_id"]) for r in card.articles]
        assert keys == sorted(keys, reverse=True)
        # The upgraded database goes on counting new writes.
        fresh = dated(1000, NEWEST + timedelta(hours=1))
        analysis: Analysis = analyse(fresh)
        await store.save_article(fresh, analysis)
        await store.delete_article(2)
        await assert_days_match(store)
        await assert_ranked_match(store, 30)
        assert await store.integrity_ok()
    finally:
        await store.close()

