"""Round 4 of the quality audit: unseen styles — Levantine and Maghreb month names, markets, a vaccine
story, an English match report and tech launch, an obituary, Arabic-Indic digits without a dateline.

The articles live in tests/data/quality/round4/. Each test asserts what a careful editor would check
(who, in which role; dates resolved against the publication date; figures that are counts, not scores
or halves of a range; the main card's topic), then the same rule on sentences of no article in
particular, so that the fixes stay general.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from digests.model import Analysis
from tests.quality_corpus import corpus, paragraphs_at, people

DATA = Path(__file__).parent / "data" / "quality" / "round4"

PUBLISHED = {
    "levant_politics_ar": date(2025, 2, 27),  # a Thursday
    "maghreb_agency_ar": date(2024, 7, 14),  # a Sunday
    "markets_ar": date(2024, 10, 22),  # a Tuesday
    "vaccine_ar": date(2023, 10, 2),  # a Monday
    "football_en": date(2025, 4, 26),  # a Saturday
    "tech_en": date(2024, 9, 10),  # a Tuesday
    "obituary_ar": date(2024, 11, 15),  # a Friday
    "indic_digits_ar": date(2024, 10, 24),  # a Thursday
}


analysed = corpus(DATA, PUBLISHED)
_people = people


def _sentences(*paragraphs: str, published: date = date(2024, 9, 10)) -> Analysis:
    return paragraphs_at(published, *paragraphs)


def _others(a: Analysis) -> set[str]:
    return {x.name_en or x.name for x in a.actors if x.kind != "person"}


def _dates(a: Analysis) -> set[tuple[str, str]]:
    return {(e.text, e.start) for e in a.timeline}


def test_every_round4_article_has_a_publication_date() -> None:
    assert sorted(PUBLISHED) == sorted(p.stem for p in DATA.glob("*.txt"))


# ------------------------------------------------------------------ the articles

# person → a phrase its role must contain
PEOPLE = {
    "levant_politics_ar": {"نبيه بري": "رئيس مجلس النواب", "جوزاف عون": "الرئيس", "ياسين جابر": "وزير المالية",
                           "نواف سلام": "رئيس الوزراء"},
    "maghreb_agency_ar": {"رشيد حشيشي": "الرئيس المدير العام", "ليلى بنعلي": "وزيرة الانتقال الطاقي"},
    "vaccine_ar": {"تيدروس أدهانوم غيبريسوس": "المدير العام"},
    "football_en": {"Gary Pearson": "manager", "Erik Lindqvist": "manager", "Tom Hughes": "midfielder"},
    "tech_en": {"Priya Raman": "Chief Executive", "Daniel Whitaker": "Chief Financial Officer", "Sarah Kim": "Analyst"},
    "obituary_ar": {"علاء الدين منصور": "الروائي", "أحمد فؤاد هنو": "وزير الثقافة"},
    "indic_digits_ar": {"إيمي بوب": "المديرة العامة", "أنطونيو غوتيريش": "الأمين العام"},
}


@pytest.mark.parametrize("name", sorted(PEOPLE))
def test_people_with_roles(name: str) -> None:
    found = _people(analysed(name))
    for who, role in PEOPLE[name].items():
        assert who in found, (who, sorted(found))
        assert found[who] and role in found[who], (who, found[who])


@pytest.mark.parametrize(
    ("name", "junk"),
    [
        ("football_en", {"League", "Football Association", "Premier League"}),
        ("tech_en", {"Executive Priya Raman", "Financial Officer Daniel Whitaker"}),
        ("markets_ar", {"لمصرف"}),
        ("obituary_ar", {"نفيسة", "السيدة نفيسة"}),
        ("levant_politics_ar", {"نواف"}),
    ],
)
def test_no_junk_people(name: str, junk: set[str]) -> None:
    assert not junk & set(_people(analysed(name))), _people(analysed(name))


ENTITIES = {
    "levant_politics_ar": {"Lebanon", "International Monetary Fund", "Saudi Arabia", "Ministry of Foreign Affairs (Saudi Arabia)"},
    "maghreb_agency_ar": {"Algeria", "Morocco", "Mauritania", "Sonatrach", "Nouakchott"},
    "markets_ar": {"Saudi Arabia", "Aramco", "Al Rajhi Bank", "Saudi National Bank", "Emaar"},
    "vaccine_ar": {"World Health Organization", "Gavi", "Mali", "Kenya", "Burkina Faso", "Tanzania"},
    "football_en": {"Premier League", "Football Association"},
    "tech_en": {"TSMC", "Microsoft", "Amazon", "Nvidia", "China"},
    "indic_digits_ar": {"Sudan", "Rapid Support Forces", "International Organization for Migration"},
}


@pytest.mark.parametrize("name", sorted(ENTITIES))
def test_organisations_and_countries(name: str) -> None:
    found = _others(analysed(name))
    assert ENTITIES[name] <= found, ENTITIES[name] - found


def test_a_news_agency_in_the_text_is_a_source_not_a_place() -> None:
    found = _others(analysed("maghreb_agency_ar"))
    assert "Maghreb" not in found, found
    assert "Ministry of Foreign Affairs (Lebanon)" not in _others(analysed("levant_politics_ar"))


DATES = {
    "levant_politics_ar": [("الأربعاء", "2025-02-26"), ("8 شباط الماضي", "2025-02-08"),
                           ("9 كانون الثاني", "2025-01-09"), ("تشرين الأول 2019", "2019-10")],
    "maghreb_agency_ar": [("يوم الأحد", "2024-07-14"), ("يوم السبت", "2024-07-13"), ("جانفي", "2024-01"),
                          ("السداسي الأول من السنة", "2024-01"),
                          ("فيفري المقبل", "2025-02"), ("أوت الماضي", "2023-08")],
    "markets_ar": [("يوم الثلاثاء", "2024-10-22"), ("الربع الثالث", "2024-07"), ("ديسمبر", "2024-12")],
    "vaccine_ar": [("يوم الاثنين", "2023-10-02"), ("مطلع العام المقبل", "2024-01")],
    "football_en": [("Saturday", "2025-04-26"), ("May 17", "2025-05-17"), ("1994", "1994")],
    "tech_en": [("Tuesday", "2024-09-10"), ("next quarter", "2024-10"), ("Q3 2025", "2025-07")],
    "obituary_ar": [("أمس الخميس", "2024-11-14"), ("عام 1948", "1948"), ("عام 1979", "1979"),
                    ("الثمانينيات", "1980"), ("اليوم الجمعة", "2024-11-15"), ("السبت", "2024-11-16")],
    "indic_digits_ar": [("يوم الخميس", "2024-10-24"), ("١٥ أبريل ٢٠٢٣", "2023-04-15"),
                        ("١٥ أكتوبر", "2024-10-15"), ("١٥ أبريل المقبل", "2025-04-15")],
}


@pytest.mark.parametrize("name", sorted(DATES))
def test_timeline_dates(name: str) -> None:
    found = _dates(analysed(name))
    for text, start in DATES[name]:
        assert (text, start) in found, (text, start, sorted(found))


def test_yesterday_thursday_is_one_day_not_next_thursday() -> None:
    starts = {e.start for e in analysed("obituary_ar").timeline}
    assert "2024-11-21" not in starts, sorted(starts)
    assert not any("الأولى" in e.text for e in analysed("obituary_ar").timeline)


FIGURES = {
    "levant_politics_ar": [(95, "صوتا"), (15, "نائبا"), (95, "بالمئة")],
    "maghreb_agency_ar": [(7, "بالمئة"), (21_000_000_000, "متر مكعب"), (300_000_000, "دولار")],
    "markets_ar": [(2.3, "بالمئة"), (5_200_000_000, "ريال"), (3.75, "ريال"), (48.6, "جنيه")],
    "vaccine_ar": [(75, "بالمئة"), (10_000, "طفل"), (2, "دولارات"), (18_000_000, "جرعة")],
    "football_en": [(14, "goals")],
    "tech_en": [(64, "%"), (6.2, "%"), (1_800_000_000, "dollars"), (148.3, "dollars")],
    "obituary_ar": [(76, "عاما"), (20, "لغة")],
    "indic_digits_ar": [(11_000_000, "شخص"), (2_500_000, "شخص"), (64, "مدنيا"), (4_200_000_000, "دولار")],
}


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_figures(name: str) -> None:
    figures = analysed(name).figures
    for value, what in FIGURES[name]:
        assert any(f.value == value and what in f.what for f in figures), (value, what, [(f.value, f.what) for f in figures])


def test_ranges_are_one_figure_and_scores_none() -> None:
    vaccine = analysed("vaccine_ar").figures
    assert not any(f.what.startswith("و") for f in vaccine), [(f.value, f.what) for f in vaccine]
    assert not any(f.value == 1000 and "طفل" in f.what for f in vaccine)
    assert all(f.qualifier == "between" for f in vaccine if f.value in (2, 10_000))
    football = analysed("football_en").figures
    assert not any("win" in f.what for f in football), [(f.value, f.what) for f in football]


MAIN_TITLE = {"markets_ar": "The markets", "obituary_ar": "The death", "football_en": "The match"}


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_cards(name: str) -> None:
    a = analysed(name)
    assert 1 <= len(a.cards) <= 6
    assert a.cards[0].key == "main" and a.cards[0].paragraphs[0] == 0
    assert sorted(i for c in a.cards for i in c.paragraphs) == list(range(len(a.paragraphs)))
    if name in MAIN_TITLE:
        assert a.cards[0].title_en == MAIN_TITLE[name]


def test_an_article_without_dateline_keeps_its_lead() -> None:
    a = analysed("indic_digits_ar")
    assert a.dateline is None or a.dateline.place is None
    assert a.paragraphs[0].startswith("أعلنت")


# ------------------------------------------------------------------ the same rules, on other sentences


@pytest.mark.parametrize(
    ("text", "value", "what", "qualifier"),
    [
        ("وقالت الوزارة إن ما بين 20 و30 ألف شخص نزحوا.", 20_000, "شخص", "between"),
        ("تتراوح الأسعار بين 5 و7 دولارات للكيلوغرام.", 5, "دولارات", "between"),
        ("Between 10 and 15 people were hurt.", 10, "people", "between"),
        ("Police said 20-30 soldiers were detained.", 20, "soldiers", "between"),
    ],
)
def test_a_range_is_one_figure_from_its_low_end(text: str, value: float, what: str, qualifier: str) -> None:
    figs = _sentences(text).figures
    assert any(f.value == value and what in f.what and f.qualifier == qualifier for f in figs), [
        (f.value, f.what, f.qualifier) for f in figs]


@pytest.mark.parametrize("text", ["United beat Leeds 3-0 at home.", "Madrid won 2-1 win in the derby.",
                                  "وفاز الفريق 3-1 على منافسه."])
def test_a_score_is_not_a_figure(text: str) -> None:
    assert _sentences(text).figures == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The company plans to start shipping next quarter.", ("next quarter", "2024-10", "2024-12")),
        ("Production will ramp up in Q1 2026.", ("Q1 2026", "2026-01", "2026-03")),
        ("Profit fell in the second quarter of 2023.", ("second quarter of 2023", "2023-04", "2023-06")),
        ("وتتوقع الشركة نمو الأرباح في الربع الأول من العام المقبل.", ("الربع الأول من العام المقبل", "2025-01", "2025-03")),
        ("وارتفعت الإيرادات في الربع الماضي.", ("الربع الماضي", "2024-04", "2024-06")),
    ],
)
def test_quarters(text: str, expected: tuple[str, str, str]) -> None:
    events = {(e.text, e.start, e.end) for e in _sentences(text).timeline}
    assert expected in events, events


def test_a_quarter_of_a_game_is_no_date() -> None:
    assert _sentences("They scored twice in the fourth quarter of the game.").timeline == []


def test_deixis_with_its_weekday() -> None:
    a = _sentences("وصل الوفد أمس الأربعاء إلى القاهرة.", published=date(2024, 5, 16))
    assert {(e.text, e.start) for e in a.timeline} == {("أمس الأربعاء", "2024-05-15")}


def test_an_ordinal_adjective_is_not_the_start_of_a_year() -> None:
    a = _sentences("وفاز فريقه بالبطولة الأولى عام 1998.")
    assert ("عام 1998", "1998") in _dates(a), _dates(a)


def test_future_tense_carries_across_a_coordination() -> None:
    a = _sentences("The team will meet the winner of the tie between Porto and Benfica on March 3.")
    assert ("March 3", "2025-03-03") in _dates(a), _dates(a)


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        ("Chief Executive Maria Lopez told analysts the results were strong.", "Maria Lopez", "Chief Executive"),
        ("The deal closed in June, said Chief Financial Officer Tom Baker.", "Tom Baker", "Chief Financial Officer"),
        ("Liverpool manager Arne Berg said the team was tired.", "Arne Berg", "manager"),
        ("وقال الشاعر السوري سليم الحلبي إن القصيدة كتبت في المنفى.", "سليم الحلبي", "الشاعر السوري"),
    ],
)
def test_business_sport_and_culture_titles(text: str, name: str, role: str) -> None:
    people = _people(_sentences(text))
    assert name in people and people[name] and role in people[name], people


def test_ambiguous_country_name_inside_a_list_of_countries() -> None:
    assert "Mali" in _others(_sentences("وزار الوفد النيجر ومالي وتشاد."))
    assert "Mali" not in _others(_sentences("وقدمت الدولة دعما مالي وسياسيا."))


@pytest.mark.parametrize("text", ["وقالت وزارة الخارجية السعودية إنها ترحب بالاتفاق.",
                                  "Said the Saudi foreign ministry."])
def test_a_ministry_belongs_to_the_country_named_after_it(text: str) -> None:
    orgs = {x.name_en for x in _sentences(text).actors if x.kind == "organisation"}
    assert any(o and "Saudi" in o for o in orgs), orgs


@pytest.mark.parametrize("text", ["Shares rose 6.2% to 148 dollars.", "Prices rose from 10 to 15 dollars.",
                                  "The 2 and 4 buses were late."])
def test_no_range_without_a_range(text: str) -> None:
    assert not any(f.qualifier == "between" for f in _sentences(text).figures)


@pytest.mark.parametrize("text", ["وهبطت الطائرة في مطار الملك خالد الدولي بالرياض.",
                                  "وتجمع المحتجون في شارع الرئيس الحبيب بورقيبة وسط العاصمة."])
def test_a_place_named_after_a_person_is_no_person(text: str) -> None:
    assert _people(_sentences(text)) == {}


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        ("وقالت وزيرة التضامن والأسرة المغربية نعيمة بن يحيى إن البرنامج سيتوسع.", "نعيمة بن يحيى", "وزيرة التضامن"),
        ("وأكد وزير الشباب والرياضة الجزائري عبد الرحمن حماد أن الملاعب جاهزة.", "عبد الرحمن حماد", "وزير الشباب والرياضة"),
    ],
)
def test_portfolios_beyond_the_classic_ministries(text: str, name: str, role: str) -> None:
    people = _people(_sentences(text))
    assert name in people and people[name] and role in people[name], people


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Profit rose in the first half of 2024.", ("first half of 2024", "2024-01", "2024-06")),
        ("Deliveries resume in H2 2025.", ("H2 2025", "2025-07", "2025-12")),
        ("وتتوقع الحكومة نموا في النصف الثاني من العام المقبل.", ("النصف الثاني من العام المقبل", "2025-07", "2025-12")),
        ("Sales rose in the first quarter of the year.", ("first quarter of the year", "2024-01", "2024-03")),
    ],
)
def test_halves_of_a_year(text: str, expected: tuple[str, str, str]) -> None:
    events = {(e.text, e.start, e.end) for e in _sentences(text).timeline}
    assert expected in events, events


def test_a_half_of_a_match_is_no_date() -> None:
    assert _sentences("City levelled early in the second half and led at the end of the first half.").timeline == []


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("وقالت المحللة إن المستثمرين يراهنون على خفض الفائدة في ديسمبر.", "2024-12"),
        ("وقال إن العمال يعتصمون منذ ديسمبر.", "2023-12"),
        ("Workers have been on strike since December.", "2023-12"),
    ],
)
def test_a_bare_month_takes_the_clause_tense_and_since_looks_back(text: str, start: str) -> None:
    assert [e.start for e in _sentences(text).timeline] == [start]


@pytest.mark.parametrize(
    ("text", "value", "what"),
    [("It paid €40 million for the stake.", 40_000_000, "euros"), ("Revenue reached $2.5 billion.", 2_500_000_000, "dollars"),
     ("The fine was £300 in total.", 300, "pounds")],
)
def test_a_currency_sign_names_what_is_counted(text: str, value: float, what: str) -> None:
    figs = _sentences(text).figures
    assert any(f.value == value and f.what == what for f in figs), [(f.value, f.what) for f in figs]
