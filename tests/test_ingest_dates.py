"""An article loaded without a publication date is read as of the day it was loaded."""

from __future__ import annotations

from datetime import UTC, datetime

import time_machine

from bot.app import App
from digests.ingest import ingest_article
from digests.model import Article
from digests.store import Store
from tests.conftest import ask

PASTED = """Flood waters recede in the delta
The river fell by two metres on Monday after a week of rain, officials said.
Rescue teams reached the last cut-off villages yesterday."""


async def test_relative_dates_of_an_undated_article_resolve_against_the_load_day(store: Store) -> None:
    loaded = datetime(2024, 3, 6, 9, 0, tzinfo=UTC)  # a Wednesday
    article = Article(
        title="Flood waters recede",
        paragraphs=[
            "The river fell by two metres on Monday after a week of rain, officials said.",
            "Rescue teams reached the last cut-off villages yesterday.",
        ],
        fetched=loaded,
    )
    result = await ingest_article(store, article)
    assert result.analysis is not None
    starts = {(e.start, e.precision) for e in result.analysis.timeline}
    assert ("2024-03-04", "day") in starts  # the Monday before
    assert ("2024-03-05", "day") in starts  # yesterday
    assert "date-assumed" in result.analysis.flags
    assert article.published is None  # the stored article keeps "no date given"


async def test_a_dated_article_is_not_flagged(store: Store) -> None:
    article = Article(
        title="Flood waters recede",
        paragraphs=["The river fell by two metres on Monday, officials said."],
        published=datetime(2024, 3, 6, 9, 0, tzinfo=UTC),
    )
    result = await ingest_article(store, article)
    assert result.analysis is not None
    assert "date-assumed" not in result.analysis.flags
    assert [e.start for e in result.analysis.timeline] == ["2024-03-04"]


async def test_the_admin_is_told_which_day_the_dates_were_read_against(empty_app: App) -> None:
    with time_machine.travel(datetime(2024, 3, 6, 9, 0, tzinfo=UTC), tick=False):
        reply = await ask(empty_app, PASTED, admin=True, locale="en")
        text = reply.plain_text()
        assert "6 March 2024" in text
        timeline = await ask(empty_app, "/timeline 1", locale="en")
    shown = timeline.plain_text()
    assert "4 March 2024" in shown and "5 March 2024" in shown


async def test_an_undated_article_takes_the_day_of_its_dateline(store: Store) -> None:
    loaded = datetime(2024, 11, 24, 9, 0, tzinfo=UTC)  # a Sunday
    article = Article(
        title="Sudan army says it retook a town",
        paragraphs=["PORT SUDAN, Nov 20 (Reuters) - Sudan's army said on Monday it had retook the town of Singa."],
        fetched=loaded,
    )
    result = await ingest_article(store, article)
    assert result.analysis is not None
    assert "date-assumed" not in result.analysis.flags
    assert result.analysis.published == datetime(2024, 11, 20).date()
    assert article.published is not None and article.published.date() == datetime(2024, 11, 20).date()
    assert ("2024-11-18", "day") in {(e.start, e.precision) for e in result.analysis.timeline}  # the Monday before


async def test_a_dateline_day_after_the_load_day_is_last_years(store: Store) -> None:
    article = Article(
        title="عودة الهدوء إلى العاصمة",
        paragraphs=["القاهرة 30 ديسمبر (رويترز) - قالت وزارة الداخلية إن الهدوء عاد إلى العاصمة أمس."],
        fetched=datetime(2025, 1, 2, 9, 0, tzinfo=UTC),
    )
    result = await ingest_article(store, article)
    assert result.analysis is not None
    assert "date-assumed" not in result.analysis.flags
    assert result.analysis.published == datetime(2024, 12, 30).date()
    assert result.analysis.dateline is not None and result.analysis.dateline.place == "القاهرة"
    assert ("2024-12-29", "day") in {(e.start, e.precision) for e in result.analysis.timeline}
