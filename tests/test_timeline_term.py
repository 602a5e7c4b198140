"""/timeline TERM reads only the events of the articles that match: a few articles' events at once,
many articles' along the events_order index; both in exactly the timeline order, same pages."""

from __future__ import annotations

import pytest

from bench.synthetic import generate
from digests.ingest import ingest_article
from digests.store import timeline as timeline_rows


@pytest.fixture
async def db(empty_app):
    for article in generate(80, seed=31):
        await ingest_article(empty_app.store, article)
    return empty_app.store.db


async def terms(db) -> list[str]:
    """Country names as stored (both languages), a person, and a word of an event."""
    async with db.execute(
        "SELECT a.name, a.name_en FROM actors a JOIN actor_mentions m ON m.actor_id = a.id "
        "GROUP BY a.id ORDER BY count(*) DESC LIMIT 3"
    ) as cur:
        out = [n for r in await cur.fetchall() for n in r if n]
    lines = await timeline_rows.events(db)
    out.append(next(t for line in lines for t in line.event.split() if len(t) > 5))
    async with db.execute("SELECT name FROM actors WHERE kind = 'person' LIMIT 1") as cur:
        out.extend(r[0] for r in await cur.fetchall())
    return out


def key(line: timeline_rows.TimelineLine) -> tuple[object, ...]:
    return (line.start, line.end, line.precision, line.event, tuple(line.articles))


async def all_pages(db, term: str) -> list[tuple[object, ...]]:
    out, page, more = [], 1, True
    while more:
        lines, more = await timeline_rows.page_of_lines(db, page=page, per_page=4, term=term)
        out.extend(key(x) for x in lines)
        page += 1
    return out


async def test_both_read_paths_give_the_full_merge_of_matching_events(db, monkeypatch) -> None:
    everything = await timeline_rows.events(db)
    monkeypatch.setattr(timeline_rows, "CHUNK", 5)
    monkeypatch.setattr(timeline_rows, "FIRST_CHUNK", 2)
    checked = 0
    for term in await terms(db):
        # The reference: every event of the candidate articles that mentions the term, fully merged.
        candidates = set(await timeline_rows.articles_mentioning(db, term))
        expected = [key(x) for x in timeline_rows.merge_across(
            [x for x in everything if x.articles[0] in candidates and timeline_rows.mentions(x, term)])]
        monkeypatch.setattr(timeline_rows, "FEW_ARTICLES", 10**6)  # every term: events read by article
        by_article = await all_pages(db, term)
        monkeypatch.setattr(timeline_rows, "FEW_ARTICLES", 0)  # every term: the events_order walk
        walked = await all_pages(db, term)
        assert by_article == walked == expected, term
        checked += bool(expected)
    assert checked >= 3


async def test_events_of_a_few_articles_stream_in_index_order(db, monkeypatch) -> None:
    async with db.execute("SELECT id FROM articles ORDER BY id LIMIT 30") as cur:
        ids = [int(r[0]) for r in await cur.fetchall()]
    monkeypatch.setattr(timeline_rows, "FEW_ARTICLES", 0)
    walked = [key(x) for x in [line async for line in timeline_rows.stream(db, ids)]]
    monkeypatch.setattr(timeline_rows, "FEW_ARTICLES", 1000)
    direct = [key(x) for x in [line async for line in timeline_rows.stream(db, ids)]]
    assert direct == walked and len(direct) > 30


async def test_a_few_articles_are_read_by_article_not_by_walking_every_published_one(db) -> None:
    marks = ",".join("?" * 3)
    async with db.execute("EXPLAIN QUERY PLAN " + timeline_rows._OF_ARTICLES.format(marks=marks), (1, 2, 3)) as cur:
        plan = [str(r[3]) for r in await cur.fetchall()]
    assert plan[0].startswith("SEARCH e USING INDEX events_article"), plan
    assert not any("articles_recent" in p or p.startswith("SCAN") for p in plan), plan


async def test_term_keys_are_worked_out_once_per_page(db, monkeypatch) -> None:
    calls = []
    real = timeline_rows._term_keys

    def counting(term: str) -> list[set[str]]:
        calls.append(term)
        return real(term)

    monkeypatch.setattr(timeline_rows, "_term_keys", counting)
    term = (await terms(db))[0]
    lines, _ = await timeline_rows.page_of_lines(db, page=1, per_page=10, term=term)
    assert lines and calls == [term]
