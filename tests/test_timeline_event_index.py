"""The event index behind /timeline TERM (event_keys and event_fts, migration 0076): equal to a
recomputation of every event's match keys after saves, status changes and deletes, and backfilled
when a schema-75 database is upgraded."""

from __future__ import annotations

import json
from pathlib import Path

import aiosqlite

from bench.synthetic import make_article
from digests.analysis import analyse
from digests.store import Store
from digests.store import timeline as timeline_rows


async def rows(db: aiosqlite.Connection, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    async with db.execute(sql, params) as cur:
        return [tuple(r) for r in await cur.fetchall()]


async def assert_index_matches_recount(store: Store) -> None:
    events = await rows(store.db, "SELECT id, event, text, actors FROM events ORDER BY id")
    recount = [(i, timeline_rows.match_keys(ev or "", tx or "", json.loads(ac or "[]"))) for i, ev, tx, ac in events]
    assert await rows(store.db, "SELECT event_id, keys FROM event_keys ORDER BY event_id") == recount
    # The full-text index agrees with its content table, key by key.
    await store.db.execute("INSERT INTO event_fts (event_fts) VALUES ('integrity-check')")
    holders: dict[str, set[int]] = {}
    for event_id, keys in recount:
        for k in keys.split():
            holders.setdefault(k, set()).add(event_id)
    for k in sorted(holders, key=lambda k: (len(holders[k]), k))[:: max(len(holders) // 60, 1)]:
        found = await rows(store.db, "SELECT rowid FROM event_fts WHERE event_fts MATCH ?",
                           (timeline_rows.fts_match([{k}]),))
        assert {int(r[0]) for r in found} == holders[k], k
    gone = await rows(store.db, "SELECT rowid FROM event_fts WHERE event_fts MATCH ? AND rowid NOT IN "
                                "(SELECT id FROM events)", (timeline_rows.fts_match([set(holders)]),))
    assert gone == []


async def test_index_rows_equal_a_recount_after_saves_and_deletes(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "n.db")
    try:
        for i in range(30):
            article = make_article(i, seed=41)
            await store.save_article(article, analyse(article))
        await assert_index_matches_recount(store)
        assert len(await rows(store.db, "SELECT * FROM event_keys")) > 30
        for article_id in (3, 4, 17):
            assert await store.delete_article(article_id)
        await store.set_status(5, "draft")
        await assert_index_matches_recount(store)
        assert await rows(store.db, "SELECT count(*) FROM event_keys k JOIN events e ON e.id = k.event_id "
                                    "WHERE e.article_id IN (3, 4, 17)") == [(0,)]
        for i in range(30, 36):
            article = make_article(i, seed=41)
            await store.save_article(article, analyse(article))
        await assert_index_matches_recount(store)
        assert await store.integrity_ok()
    finally:
        await store.close()


async def test_upgrade_from_version_75_backfills_the_event_index(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    store = await Store.open(path, migrate=False)
    await store.migrate(target=75)
    analyses = [analyse(make_article(i, seed=43)) for i in range(12)]
    async with store.transaction() as db:
        for n, analysis in enumerate(analyses, 1):
            await db.execute(
                "INSERT INTO articles (id, title, language, published, fetched, content_hash, paragraphs, status) "
                "VALUES (?, ?, ?, ?, ?, ?, '[]', 'published')",
                (n, analysis.title, analysis.language, "2024-03-01T00:00:00+00:00", "2024-03-01T00:00:00+00:00", f"h{n}"),
            )
            await db.executemany(
                "INSERT INTO events (article_id, start, end, precision, text, event, paragraphs, actors, relative) "
                "VALUES (?, ?, ?, ?, ?, ?, '[]', ?, 0)",
                [(n, e.start, e.end or e.start, e.precision, e.text, e.event, json.dumps(e.actors, ensure_ascii=False))
                 for e in analysis.timeline],
            )
    await store.close()

    store = await Store.open(path)
    try:
        assert await store.schema_version() >= 76
        assert len(await rows(store.db, "SELECT * FROM event_keys")) == sum(len(a.timeline) for a in analyses) > 12
        await assert_index_matches_recount(store)
        # Upgraded, /timeline TERM finds what matching every event finds.
        everything = await timeline_rows.events(store.db)
        word = next(t for line in everything for t in line.event.split() if len(t) > 5)
        got, _ = await timeline_rows.page_of_lines(store.db, page=1, per_page=1000, term=word)
        want = timeline_rows.merge_across([x for x in everything if timeline_rows.mentions(x, word)])
        assert [x.event for x in got] == [x.event for x in want] and got
        # ... and goes on indexing new writes and removing deleted ones.
        fresh = make_article(100, seed=43)
        await store.save_article(fresh, analyse(fresh))
        await store.delete_article(2)
        await assert_index_matches_recount(store)
    finally:
        await store.close()
