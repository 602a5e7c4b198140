"""/timeline at scale: events stream from the index page by page, with the same lines as a full merge."""

from __future__ import annotations

from bench.synthetic import generate
from digests.ingest import ingest_article
from digests.store import actors as actor_rows
from digests.store import timeline as timeline_rows
from tests.conftest import ask


async def _fill(app, n: int = 60) -> None:
    for article in generate(n, seed=7):
        await ingest_article(app.store, article)


async def test_pages_concatenate_to_the_full_merged_timeline(empty_app, monkeypatch):
    await _fill(empty_app)
    monkeypatch.setattr(timeline_rows, "CHUNK", 7)  # many keyset steps even on a small store
    db = empty_app.store.db
    full = timeline_rows.merge_across(await timeline_rows.events(db))
    assert len(full) > 25
    paged, page, more = [], 1, True
    while more:
        lines, more = await timeline_rows.page_of_lines(db, page=page, per_page=10)
        paged.extend(lines)
        page += 1
    key = lambda line: (line.start, line.end, line.precision, line.event, tuple(line.articles))  # noqa: E731
    assert [key(x) for x in paged] == [key(x) for x in full]


async def test_term_pages_hold_only_matching_lines(empty_app):
    await _fill(empty_app)
    db = empty_app.store.db
    lines = await timeline_rows.events(db)
    word = next(t for line in lines for t in line.event.split() if len(t) > 5)
    expected = [x for x in timeline_rows.merge_across([x for x in lines if timeline_rows.mentions(x, word)])]
    got, _ = await timeline_rows.page_of_lines(db, page=1, per_page=1000, term=word)
    assert [x.event for x in got] == [x.event for x in expected]


async def test_timeline_pages_through_buttons(empty_app):
    await _fill(empty_app)
    first = await ask(empty_app, "/timeline", locale="en")
    assert "page 1" in first.plain_text()
    nxt = first.buttons[0][-1]
    second = await ask(empty_app, "/" + " ".join([nxt.command, *nxt.args]), locale="en")
    assert "page 2" in second.plain_text() and second.plain_text() != first.plain_text()
    beyond = await ask(empty_app, "/timeline p9999", locale="en")
    assert "page" not in beyond.plain_text().splitlines()[0] or "page 1" in beyond.plain_text()


async def test_actor_card_counts_every_article_but_reads_a_window(empty_app, monkeypatch):
    await _fill(empty_app, 40)
    row = await empty_app.store.fetchone(
        "SELECT actor_id, count(*) AS n FROM actor_mentions GROUP BY actor_id ORDER BY n DESC LIMIT 1"
    )
    monkeypatch.setattr(actor_rows, "CARD_WINDOW", 3)
    card = await actor_rows.card(empty_app.store.db, int(row["actor_id"]))
    assert card is not None
    assert card.article_count == row["n"] > 3
    assert len(card.articles) == 3
