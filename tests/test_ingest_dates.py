"""An article loaded without a publication date is read as of the day it was loaded."""

from __future__ import annotations

from datetime import UTC, datetime

import time_machine

from bot.app import App
from digests.ingest import ingest_article
from digests.model import Analysis, Article
from digests.store import Store
from tests.conftest import ask

PASTED = """Flood waters recede in the delta
The river fell by two metres on Monday after a week of rain, officials said.
Rescue teams reached the last cut-off villages yesterday."""


async def _analysed(store: Store, article: Article) -> Analysis:
    result = await ingest_article(store, article)
    assert result.analysis is not None and not result.duplicate
    return result.analysis


def _days(analysis: Analysis) -> set[tuple[str | None, str]]:
    return {(e.start, e.precision) for e in analysis.timeline}


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
    analysis = await _analysed(store, article)
    starts = _days(analysis)
    assert ("2024-03-04", "day") in starts  # the Monday before
    assert ("2024-03-05", "day") in starts  # yesterday
    assert "date-assumed" in analysis.flags
    assert article.published is None  # the stored article keeps "no date given"


async def test_a_dated_article_is_not_flagged(store: Store) -> None:
    article = Article(
        title="Flood waters recede",
        paragraphs=["The river fell by two metres on Monday, officials said."],
        published=datetime(2024, 3, 6, 9, 0, tzinfo=UTC),
    )
    analysis = await _analysed(store, article)
    assert "date-assumed" not in analysis.flags
    assert [e.start for e in analysis.timeline] == ["2024-03-04"]


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
    analysis = await _analysed(store, article)
    assert "date-assumed" not in analysis.flags
    assert analysis.published == datetime(2024, 11, 20).date()
    assert article.published is not None and article.published.date() == datetime(2024, 11, 20).date()
    assert ("2024-11-18", "day") in _days(analysis)  # the Monday before


async def test_a_dateline_day_after_the_load_day_is_last_years(store: Store) -> None:
    article = Article(
        title="عودة الهدوء إلى العاصمة",
        paragraphs=["القاهرة 30 ديسمبر (رويترز) - قالت وزارة الداخلية إن الهدوء عاد إلى العاصمة أمس."],
        fetched=datetime(2025, 1, 2, 9, 0, tzinfo=UTC),
    )
    analysis = await _analysed(store, article)
    assert "date-assumed" not in analysis.flags
    assert analysis.published == datetime(2024, 12, 30).date()
    assert analysis.dateline is not None and analysis.dateline.place == "القاهرة"
    assert ("2024-12-29", "day") in _days(analysis)
