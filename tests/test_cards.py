"""Digest cards: the seed's four cards, our own articles, signals, and validity on any text."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digests import cards
from digests.analysis import analyse
from digests.model import Article, Event
from digests.text import prepare

DATA = Path(__file__).parent / "data" / "cards"


def _article(name: str, published: date | None) -> Article:
    lines = [line for line in (DATA / f"{name}.txt").read_text(encoding="utf-8").splitlines() if line.strip()]
    when = datetime(published.year, published.month, published.day, 12, tzinfo=UTC) if published else None
    return Article(title=lines[0], paragraphs=lines[1:], published=when)


def _valid(result: list, n: int) -> None:
    covered = sorted(i for c in result for i in c.paragraphs)
    assert covered == list(range(n)), "every paragraph in exactly one card"
    firsts = [c.paragraphs[0] for c in result]
    assert firsts == sorted(firsts), "cards ordered by first appearance"
    assert len({c.key for c in result}) == len(result), "card keys are unique"
    for c in result:
        assert c.title and c.title_en and c.emoji and c.summary


def test_seed_gives_the_four_expected_cards():
    doc = prepare(_article("seed", date(2022, 10, 31)))
    result = cards.split(doc, [])
    _valid(result, 29)
    assert [c.paragraphs for c in result] == [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 27],
        [10, 11, 12, 13, 19, 28],
        [14, 15, 16, 17, 18],
        [20, 21, 22, 23, 24, 25, 26],
    ]
    assert [c.key for c in result] == ["main", "background", "mediation", "security"]
    # the subheading lends its title; titles exist in both languages
    assert result[3].title == "قوات حفظ سلام روسية"
    assert result[1].title == "الخلفية" and result[1].title_en == "Background"
    # the summary is chosen from the card's own text, without the dateline
    assert result[0].summary.startswith("يستضيف الرئيس الروسي")
    for c in result:
        assert any(c.summary.split()[0] in doc.paragraphs[i] for i in c.paragraphs)


def test_seed_cards_hold_with_timeline_events():
    doc = prepare(_article("seed", date(2022, 10, 31)))
    events = [
        Event(start="2020", end=None, precision="year", text="2020", event="war", paragraphs=[10, 11, 21]),
        Event(start="1991", end=None, precision="year", text="1991", event="collapse", paragraphs=[28]),
        Event(start="2022-09", end=None, precision="month", text="", event="clashes", paragraphs=[12]),
    ]
    assert [c.paragraphs for c in cards.split(doc, events)][:2] == [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 27],
        [10, 11, 12, 13, 19, 28],
    ]


@pytest.mark.parametrize("name", ["quake_en", "rates_ar", "final_short_en"])
def test_own_articles(name):
    expected = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    article = _article(name, date.fromisoformat(expected["published"]))
    doc = prepare(article)
    assert doc.language == expected["language"]
    result = cards.split(doc, [])
    _valid(result, len(doc.paragraphs))
    assert len(result) == len(expected["cards"])
    for got, want in zip(result, expected["cards"], strict=True):
        assert got.key == want["key"]
        assert got.paragraphs == want["paragraphs"]
        for field in ("title", "title_en"):
            if field in want:
                assert getattr(got, field) == want[field]


def test_arabic_article_without_subheadings_has_none():
    doc = prepare(_article("rates_ar", date(2022, 10, 27)))
    assert doc.subheadings == []


def test_year_signal_pulls_old_paragraphs_to_background_without_events():
    # the same paragraph, dated a decade earlier or this year
    base = [
        "Leaders met in the capital on Monday for talks on the border dispute.",
        "The talks focused on trade and transport links between the two countries.",
        "Officials from both sides said the talks were constructive.",
    ]
    old = [*base, "In 2010, the two countries signed a border treaty that was never ratified."]
    new = [*base, "In 2024, the two countries signed a border treaty that was never ratified."]
    pub = datetime(2024, 5, 1, tzinfo=UTC)
    old_cards = cards.split(prepare(Article(title="Talks", paragraphs=old, published=pub)), [])
    new_cards = cards.split(prepare(Article(title="Talks", paragraphs=new, published=pub)), [])
    assert [c.key for c in old_cards if 3 in c.paragraphs] == ["background"]
    assert [c.key for c in new_cards if 3 in c.paragraphs] != ["background"]


def test_quote_only_paragraph_joins_its_speaker():
    paras = [
        "WASHINGTON (Reuters) - The central bank raised interest rates by 50 basis points on Wednesday.",
        "Policymakers said inflation remained far too high.",
        "The chairman defended the decision at a news conference.",
        '"We will do what it takes to bring inflation back down."',
        "Unemployment rose to 4.1 percent last month, the highest level since 2021, and the economy slowed.",
        "Exports fell for a third month while household borrowing and mortgage costs climbed.",
        "The decision was welcomed by investors and criticised by unions, who condemned the move.",
        "The bank's next meeting is scheduled for next month.",
    ]
    result = cards.split(prepare(Article(title="Rates rise", paragraphs=paras, published=datetime(2023, 3, 1))), [])
    owner = {i: c.key for c in result for i in c.paragraphs}
    assert owner[3] == owner[2]
    assert cards.is_quote_only(paras[3])
    assert not cards.is_quote_only(paras[2])


def test_subheading_starts_a_card_with_its_title():
    paras = [
        "LONDON (Reuters) - Voters went to the polls on Thursday in a closely fought election.",
        "Turnout was high in the morning, election officials said.",
        "Polling stations close at 10 p.m. and results are expected overnight.",
        "Rescue and aid",
        "Floods in the north forced some polling stations to move, and rescue teams helped voters.",
        "Aid agencies said displaced families were able to vote in shelters.",
    ]
    doc = prepare(Article(title="Britain votes", paragraphs=paras, published=datetime(2024, 7, 4)))
    assert doc.subheadings == [3]
    result = cards.split(doc, [])
    _valid(result, 6)
    sub = next(c for c in result if 3 in c.paragraphs)
    assert sub.paragraphs[0] == 3 and sub.title == "Rescue and aid"
    assert result[0].key == "main" and result[0].title_en == "The election"


def test_empty_and_unsupported_documents():
    assert cards.split(prepare(Article(title="x", paragraphs=[])), []) == []
    doc = prepare(Article(title="Привет", paragraphs=["Это статья.", "Вторая часть статьи."]))
    result = cards.split(doc, [])
    _valid(result, 2)


def test_taxonomy_is_broad():
    tax = cards.load_taxonomy()
    events = [t for t in tax.topics.values() if t.kind == "event"]
    aspects = [t for t in tax.topics.values() if t.kind == "aspect"]
    assert len(events) >= 8 and len(aspects) >= 8
    assert len(tax.lexicon) > 600
    for t in tax.topics.values():
        assert t.title_ar and t.title_en and t.emoji
    assert cards.topic_title("background", "ar") == "الخلفية"
    assert cards.topic_title("background", "en") == "Background"


def test_clitic_aware_cues():
    tax = cards.load_taxonomy()
    from digests.textnorm import tokens

    assert "mediation" in cards.cue_scores(tokens("وبالوساطة"), tax)
    assert "security" in cards.cue_scores(tokens("لقوات حفظ السلام"), tax)
    assert "background" in cards.cue_scores(tokens("وفي التسعينيات"), tax)


_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=_text, paragraphs=st.lists(_text, max_size=12), published=st.none() | st.dates())
def test_any_unicode_text_yields_a_valid_analysis(title, paragraphs, published):
    when = datetime(published.year, published.month, published.day) if published else None
    analysis = analyse(Article(title=title, paragraphs=paragraphs, published=when))
    n = len(analysis.paragraphs)
    covered = sorted(i for c in analysis.cards for i in c.paragraphs)
    assert covered == list(range(n))
    assert len(analysis.cards) <= cards.MAX_CARDS
    json.dumps(analysis.to_json(), ensure_ascii=False)


@settings(max_examples=60, deadline=None)
@given(paragraphs=st.lists(st.sampled_from(
    (DATA / "seed.txt").read_text(encoding="utf-8").splitlines()[1:]
    + (DATA / "quake_en.txt").read_text(encoding="utf-8").splitlines()[1:]
), min_size=1, max_size=40))
def test_shuffled_real_paragraphs_give_3_to_6_cards(paragraphs):
    doc = prepare(Article(title="x", paragraphs=paragraphs, published=datetime(2022, 10, 31)))
    result = cards.split(doc, [])
    _valid(result, len(doc.paragraphs))
    assert len(result) <= cards.MAX_CARDS
    if len(doc.paragraphs) >= 12:
        assert len(result) >= 2
