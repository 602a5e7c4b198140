"""/timeline TERM reads only the events the event index (event_fts, migration 0076) gives for the term:
a few events at once by id, many along the events_order index; both in exactly the timeline order,
and the same pages as matching every stored event with ``mentions`` and merging them all."""

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


async def reference(db, term: str) -> list[tuple[object, ...]]:
    """Every published event that ``mentions`` the term, fully merged: no index, no prefilter."""
    everything = await timeline_rows.events(db)
    return [key(x) for x in timeline_rows.merge_across([x for x in everything if timeline_rows.mentions(x, term)])]


def with_clitics(word: str) -> str:
    return "وبال" + word[2:] if word.startswith("ال") else "وب" + word


async def many_terms(db) -> list[str]:
    """Actor names (both scripts), event words bare and with clitics, English, several words, FTS syntax."""
    out = await terms(db)
    lines = await timeline_rows.events(db)
    arabic = [t for line in lines for t in line.event.split() if len(t) > 4 and "\u0600" <= t[0] <= "\u06ff"]
    english = [t for line in lines for t in line.event.split() if len(t) > 4 and t.isascii() and t.isalpha()]
    out += [arabic[0], with_clitics(arabic[0]), arabic[7] + "ها", english[0], english[3].upper()]
    out += [" ".join(lines[2].event.split()[:3]), f"{english[1]} {arabic[2]}", "interest rates"]
    out += [f'"{english[0]}" OR {english[5][:3]}*', f"NEAR({arabic[0]} {arabic[1]})", f"event:{english[2]}",
            '"', "*", "-", "ال", "xylophone"]
    return out


async def test_both_read_paths_give_the_full_merge_of_matching_events(db, monkeypatch) -> None:
    monkeypatch.setattr(timeline_rows, "CHUNK", 5)
    monkeypatch.setattr(timeline_rows, "FIRST_CHUNK", 2)
    checked = 0
    for term in await many_terms(db):
        expected = await reference(db, term)
        monkeypatch.setattr(timeline_rows, "FEW_EVENTS", 10**6)  # every term: events read by id
        by_id = await all_pages(db, term)
        monkeypatch.setattr(timeline_rows, "FEW_EVENTS", 0)  # every term: the events_order walk
        walked = await all_pages(db, term)
        assert by_id == walked == expected, term
        checked += bool(expected)
    assert checked >= 12


async def test_the_index_gives_exactly_the_events_mentions_accepts(db) -> None:
    """No event that ``mentions`` the term is left out, and none that it rejects is let in."""
    everything = [line async for line in timeline_rows.stream(db)]
    for term in await many_terms(db):
        matcher = timeline_rows.Matcher(term)
        if not matcher.wanted:
            continue
        got = [key(x) for x in [line async for line in timeline_rows.stream(db, timeline_rows.fts_match(matcher.wanted))]]
        assert got == [key(x) for x in everything if matcher(x)], term


async def test_a_word_found_only_by_its_loose_spelling_is_found(db) -> None:
    """ناغورنو for ناغورني: the article index (the old prefilter) has no such word, the event index does."""
    from digests.store.search import fts_expression
    from digests.textnorm import loose_key, tokens

    lines = await timeline_rows.events(db)
    words = {t for line in lines for t in tokens(line.event) if len(t) > 4 and "\u0600" <= t[0] <= "\u06ff"}
    found = 0
    for word in sorted(words):
        for i in range(1, len(word)):
            if word[i] not in "وي":
                continue
            other = word[:i] + ("و" if word[i] == "ي" else "ي") + word[i + 1 :]
            async with db.execute("SELECT count(*) FROM article_fts WHERE article_fts MATCH ?",
                                  (fts_expression([other]),)) as cur:
                in_articles = (await cur.fetchone())[0]
            if in_articles or loose_key(other) != loose_key(word):
                continue
            expected = await reference(db, other)
            assert expected, other
            assert await all_pages(db, other) == expected
            found += 1
            break
        if found >= 3:
            break
    assert found >= 3


async def test_a_few_events_are_read_by_id_not_by_walking_an_index(db) -> None:
    marks = ",".join("?" * 3)
    async with db.execute("EXPLAIN QUERY PLAN " + timeline_rows._OF_EVENTS.format(marks=marks), (1, 2, 3)) as cur:
        plan = [str(r[3]) for r in await cur.fetchall()]
    assert plan[0].startswith("SEARCH e USING INTEGER PRIMARY KEY"), plan
    assert not any(p.startswith("SCAN") for p in plan), plan


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
