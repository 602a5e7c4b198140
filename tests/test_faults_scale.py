"""What the benchmarks changed keeps its answers: query plans use the new indexes, search still
hides drafts and pages correctly with the index-first ranking, and the timeline merge gives the
same lines as the all-pairs version it replaced. (Timings live in bench/, never in tests.)
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bench.synthetic import make_article
from bot.app import App
from digests.analysis import analyse
from digests.store import timeline as timeline_rows
from digests.store.search import search
from digests.store.timeline import TimelineLine, merge_across


async def _plan(app: App, sql: str, params: tuple = ()) -> str:
    rows = await app.store.fetchall("EXPLAIN QUERY PLAN " + sql, params)
    return " | ".join(str(r["detail"]) for r in rows)


async def test_newest_first_lists_use_the_index_not_a_sort(app: App) -> None:
    plan = await _plan(
        app,
        "SELECT id, title, source, url, language, published, fetched FROM articles WHERE status = 'published' "
        "ORDER BY coalesce(published, fetched) DESC, id DESC LIMIT ?",
        (5,),
    )
    assert "articles_recent" in plan and "TEMP B-TREE" not in plan, plan


async def test_actor_mention_totals_come_from_the_covering_index(app: App) -> None:
    plan = await _plan(app, "SELECT sum(m.mentions) FROM actor_mentions m WHERE m.actor_id = ?", (1,))
    assert "COVERING INDEX actor_mentions_totals" in plan, plan


async def test_search_hides_drafts_that_outrank_everything_and_pages_right(empty_app: App) -> None:
    store = empty_app.store
    ids = []
    for i in range(12):
        article = make_article(i, seed=11)
        article.title = f"Zebrafish report {i}"
        article.paragraphs = [f"Zebrafish zebrafish study number {i}.", *article.paragraphs]
        if i < 4:  # drafts that mention the word far more often: they rank first
            article.paragraphs = ["Zebrafish " * 30, *article.paragraphs]
        saved = await store.save_article(article, analyse(article), status="draft" if i < 4 else "published")
        ids.append(saved.article_id)
    drafts, published = set(ids[:4]), set(ids[4:])
    seen = []
    for page in range(3):
        hits = await search(store.db, "zebrafish", limit=3, offset=page * 3)
        seen += [h.article_id for h in hits]
    assert not set(seen) & drafts
    assert len(seen) == len(set(seen)) == 8 and set(seen) == published
    assert [h.article_id for h in await search(store.db, "zebrafish", limit=20)] == seen


def _all_pairs_merge(lines: list[TimelineLine], min_shared: int = timeline_rows.MERGE_MIN_SHARED) -> list[TimelineLine]:
    """The merge as first written (every earlier line compared), kept here as the reference."""
    out: list[TimelineLine] = []
    words: list[set[str]] = []
    for line in lines:
        mine = timeline_rows._words(line)
        target = None
        if line.precision != "approximate":
            for k, other in enumerate(out):
                if (other.start, other.end, other.precision) != (line.start, line.end, line.precision):
                    continue
                if set(other.articles) & set(line.articles):
                    continue
                if set(other.actors) & set(line.actors) or len(words[k] & mine) >= min_shared:
                    target = k
                    break
        if target is None:
            out.append(line)
            words.append(mine)
            continue
        other = out[target]
        other.articles += [a for a in line.articles if a not in other.articles]
        other.titles.update(line.titles)
        other.actors += [a for a in line.actors if a not in other.actors]
        words[target] |= mine
    return out


_line = st.builds(
    lambda start, precision, event, actors, article: TimelineLine(
        start=start, end=start, precision=precision, event=event, text=event, actors=actors,
        articles=[article], titles={article: f"t{article}"},
    ),
    start=st.sampled_from(["2024-01-01", "2024-01-02", "2024", None]),
    precision=st.sampled_from(["day", "year", "approximate"]),
    event=st.lists(st.sampled_from(["ministers", "met", "Geneva", "treaty", "signed", "border", "talks", "وزراء",
                                    "اجتمعوا", "جنيف"]), max_size=6).map(" ".join),
    actors=st.lists(st.sampled_from(["Armenia", "Azerbaijan", "Russia", "مصر"]), max_size=2, unique=True),
    article=st.integers(1, 6),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_line, max_size=25))
def test_timeline_merge_matches_the_all_pairs_version(lines: list[TimelineLine]) -> None:
    def copy(items: list[TimelineLine]) -> list[TimelineLine]:
        return [TimelineLine(x.start, x.end, x.precision, x.event, x.text, list(x.actors), list(x.articles),
                             dict(x.titles)) for x in items]

    fast, slow = merge_across(copy(lines)), _all_pairs_merge(copy(lines))
    assert [(x.start, x.precision, x.event, x.articles, x.actors) for x in fast] == [
        (x.start, x.precision, x.event, x.articles, x.actors) for x in slow
    ]


async def test_memo_answers_until_any_write_from_this_or_another_connection(empty_app: App) -> None:
    import sqlite3

    from digests.store import memo

    store = empty_app.store
    calls = []

    async def compute() -> int:
        calls.append(1)
        return len(calls)

    assert await memo.cached(store.db, "k", compute) == 1
    assert await memo.cached(store.db, "k", compute) == 1  # nothing written: the cached answer
    async with store.transaction() as db:
        await db.execute("INSERT INTO chats (platform, chat_id) VALUES ('t', '1')")
    assert await memo.cached(store.db, "k", compute) == 2  # written here
    other = sqlite3.connect(store.path)
    other.execute("INSERT INTO chats (platform, chat_id) VALUES ('t', '2')")
    other.commit()
    other.close()
    assert await memo.cached(store.db, "k", compute) == 3  # written by another process
    assert await memo.cached(store.db, "k", compute) == 3


async def test_actors_ranking_shows_a_new_article_at_once(empty_app: App) -> None:
    from tests.conftest import ask

    first = await ask(empty_app, "/actors", locale="en")
    article = make_article(5, seed=12)
    await empty_app.store.save_article(article, analyse(article))
    second = await ask(empty_app, "/actors", locale="en")
    assert first.plain_text() != second.plain_text()
    assert second.plain_text() == (await ask(empty_app, "/actors", locale="en")).plain_text()
