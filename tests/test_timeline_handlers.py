"""/timeline against a real temporary SQLite store: all, one article, a term, paging, cross-article merge."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from bot.app import App
from digests.analysis import analyse
from digests.model import Article
from digests.store.timeline import TimelineLine, merge_across
from tests.conftest import ask

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_1b1ae5c9573f0283.txt"
DATA = ROOT / "tests" / "data" / "timeline"


async def store(app: App, path: Path, published: datetime) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    article = Article(title=lines[0], paragraphs=lines[1:], published=published, source="test")
    result = await app.store.save_article(article, analyse(article))
    return result.article_id


@pytest.fixture
def tl_app(empty_app: App) -> App:
    """An app on an empty temporary store (tests/conftest.py)."""
    return empty_app


async def test_article_timeline_formats_dates_per_language(tl_app):
    aid = await store(tl_app, SEED, datetime(2022, 10, 31))
    ar = (await ask(tl_app, f"/timeline {aid}", locale="ar")).plain_text()
    assert "3 أكتوبر 2022" in ar and "خريف 2020" in ar and "التسعينيات" in ar
    assert ar.index("التسعينيات") < ar.index("خريف 2020") < ar.index("3 أكتوبر 2022")
    assert f"[#{aid}]" in ar
    en = (await ask(tl_app, f"/timeline {aid}", locale="en")).plain_text()
    assert "3 October 2022" in en and "autumn 2020" in en and "the 1990s" in en


async def test_paging(tl_app):
    aid = await store(tl_app, SEED, datetime(2022, 10, 31))
    first = await ask(tl_app, f"/timeline {aid}", locale="en")
    assert first.buttons and first.buttons[0][-1].args[-1] == "p2"
    second = await ask(tl_app, f"/timeline {aid} p2", locale="en")
    assert "3 October 2022" not in second.plain_text()
    # approximate events show the article's own words and the day they hang on
    assert "“مؤخرًا” (around 31 October 2022)" in second.plain_text()


async def test_term_filters_events(tl_app):
    await store(tl_app, SEED, datetime(2022, 10, 31))
    await store(tl_app, DATA / "floods_ar.txt", datetime(2023, 1, 1))
    reply = (await ask(tl_app, "/timeline كاراباخ", locale="ar")).plain_text()
    assert "التسعينيات" in reply and "1988" not in reply
    reply = (await ask(tl_app, "/timeline الفيضانات", locale="ar")).plain_text()
    assert "1988" in reply and "كاراباخ" not in reply
    none = (await ask(tl_app, "/timeline زلزال", locale="ar")).plain_text()
    assert "زلزال" in none


async def test_empty_store(tl_app):
    assert "No dated events" in (await ask(tl_app, "/timeline", locale="en")).plain_text()


async def test_same_happening_in_two_articles_is_one_line(tl_app):
    a = Article(
        title="Talks in Geneva",
        paragraphs=["The foreign ministers of Armenia and Azerbaijan met in Geneva on October 3 to start drafting a peace treaty."],
        published=datetime(2022, 10, 31),
    )
    b = Article(
        title="Peace treaty drafting",
        paragraphs=["On October 3, the foreign ministers met in Geneva and began drafting a peace treaty, officials said."],
        published=datetime(2022, 11, 2),
    )
    ida = (await tl_app.store.save_article(a, analyse(a))).article_id
    idb = (await tl_app.store.save_article(b, analyse(b))).article_id
    text = (await ask(tl_app, "/timeline", locale="en")).plain_text()
    lines = [ln for ln in text.splitlines() if "3 October 2022" in ln]
    assert len(lines) == 1 and f"[#{ida}]" in lines[0] and f"[#{idb}]" in lines[0]


def test_merge_across_needs_same_interval_and_shared_words():
    base = dict(start="2022-10-03", end="2022-10-03", precision="day", text="", actors=[])
    one = TimelineLine(event="ministers met in Geneva to draft a peace treaty", articles=[1], **base)
    two = TimelineLine(event="the ministers met in Geneva and drafted the peace treaty", articles=[2], **base)
    other = TimelineLine(event="an earthquake struck eastern Turkey", articles=[3], **base)
    later = TimelineLine(**{**base, "start": "2022-10-04", "end": "2022-10-04"}, event=one.event, articles=[4])
    merged = merge_across([one, two, other, later])
    assert [m.articles for m in merged] == [[1, 2], [3], [4]]
    by_actor = merge_across(
        [TimelineLine(event="x talks", articles=[5], **{**base, "actors": ["Putin"]}),
         TimelineLine(event="y meeting", articles=[6], **{**base, "actors": ["Putin"]})]
    )
    assert [m.articles for m in by_actor] == [[5, 6]]


def test_approximate_dates_show_the_article_words_and_their_anchor(tl_app: App) -> None:
    from handlers.core import Request
    from handlers.timeline import format_when

    ar = Request(platform="console", chat_id="c", user_id="u", locale="ar")
    en = Request(platform="console", chat_id="c", user_id="u", locale="en")
    assert format_when(tl_app.context, ar, "2022-10-31", "2022-10-31", "approximate", "قبل المحادثات") == (
        "«قبل المحادثات» (قرابة 31 أكتوبر 2022)"
    )
    assert format_when(tl_app.context, en, "2022-10-31", "2022-10-31", "approximate", "later") == (
        "“later” (around 31 October 2022)"
    )
    assert format_when(tl_app.context, en, None, None, "approximate", "soon") == "“soon”"
    assert format_when(tl_app.context, en, "2022-10-31", None, "approximate") == "recently"  # no words kept
