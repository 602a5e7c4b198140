"""Timeline extraction: every expression class in Arabic and English, number-vs-year, the seed, own articles."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from digests import figures, timeline, timexpr
from digests.calendar_names import month_names, weekday_names
from digests.model import Actor, Article
from digests.text import prepare
from digests.tokenspan import tokenize

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_1b1ae5c9573f0283.txt"
DATA = ROOT / "tests" / "data" / "timeline"


def exprs(text: str, published: date) -> list[tuple[str, str | None, str | None, str]]:
    toks = tokenize(text)
    return [
        (e.text, timexpr.iso(e.start, e.precision), timexpr.iso(e.end, e.precision), e.precision)
        for e in timexpr.find(text, toks, published)
    ]


def one(text: str, published: date) -> tuple[str | None, str | None, str]:
    found = exprs(text, published)
    assert len(found) == 1, found
    return found[0][1], found[0][2], found[0][3]


def figs(text: str) -> list[tuple[float, str, str | None]]:
    toks = tokenize(text)
    taken = {k for e in timexpr.find(text, toks, date(2022, 10, 31)) for k in range(e.i, e.j)}
    return [(f.value, f.what, f.qualifier) for f in figures.find(text, toks, 0, taken)]


def load(path: Path, published: datetime) -> Article:
    lines = path.read_text(encoding="utf-8").splitlines()
    return Article(title=lines[0], paragraphs=lines[1:], published=published)


MON = date(2022, 10, 31)  # a Monday
JAN = date(2023, 1, 15)  # a Sunday in January


# ---------------------------------------------------------------- names from Babel


def test_month_names_cover_every_arabic_system():
    ar = month_names()["ar"]
    for name, month in [("يناير", 1), ("كانون الثاني", 1), ("جانفي", 1), ("اب", 8), ("غشت", 8), ("اوت", 8)]:
        assert ar[name] == month
    assert month_names()["en"]["sept"] == 9
    assert weekday_names()["ar"]["الاثنين"] == 0


# ---------------------------------------------------------------- absolute


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("اجتمعوا في 3 أكتوبر 2022 في جنيف.", ("2022-10-03", "2022-10-03", "day")),
        ("في ١٥ مارس ٢٠٢١ وقع الهجوم.", ("2021-03-15", "2021-03-15", "day")),
        ("انهار الاتحاد في عام 1991.", ("1991", "1991", "year")),
        ("في كانون الثاني 2020 بدأ الحصار.", ("2020-01", "2020-01", "month")),
        ("في جانفي 2021 احتج الناس.", ("2021-01", "2021-01", "month")),
        ("انتهت الحرب في خريف 2020 باتفاق.", ("2020-09", "2020-11", "season")),
        ("وقعت حرب في التسعينيات.", ("1990", "1999", "decade")),
        ("في تسعينيات القرن الماضي كان ذلك.", ("1990", "1999", "decade")),
        ("في أواخر 2021 ، قال الوزير.", ("2021-09", "2021-12", "month")),
        ("في منتصف التسعينيات تغير كل شيء.", ("1993", "1996", "year")),
        ("في القرن العشرين.", ("1900", "1999", "century")),
        ("They met on October 3, 2022 in Geneva.", ("2022-10-03", "2022-10-03", "day")),
        ("On Oct. 3, 2022, they met.", ("2022-10-03", "2022-10-03", "day")),
        ("The war in the 1990s was long.", ("1990", "1999", "decade")),
        ("It ended in the autumn of 2020.", ("2020-09", "2020-11", "season")),
        ("Repairs are due by mid-2021.", ("2021-05", "2021-08", "month")),
        ("It happened on 2022-10-03.", ("2022-10-03", "2022-10-03", "day")),
        ("In 1991, the Soviet Union collapsed.", ("1991", "1991", "year")),
        ("It hit the same districts as the 2018 floods.", ("2018", "2018", "year")),
        ("A drought lasted from 2020-2022.", ("2020", "2022", "year")),
    ],
)
def test_absolute(text, expected):
    assert one(text, MON) == expected


def test_two_naming_systems_side_by_side_are_one_month():
    assert exprs("استضاف محادثات في بروكسل في أغسطس آب.", MON) == [("أغسطس آب", "2022-08", "2022-08", "month")]
    assert one("وصل في تموز (يوليو) 2019.", MON) == ("2019-07", "2019-07", "month")


# ---------------------------------------------------------------- relative


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("قتل 5 أشخاص الشهر الماضي.", MON, ("2022-09", "2022-09", "month")),
        ("قتل 5 أشخاص الشهر الماضي.", JAN, ("2022-12", "2022-12", "month")),
        ("Clashes last month killed 286 people.", JAN, ("2022-12", "2022-12", "month")),
        ("تبادلوا الانتقادات هذا الشهر.", MON, ("2022-10", "2022-10", "month")),
        ("تم التوصل إلى الاتفاق العام الماضي.", MON, ("2021", "2021", "year")),
        ("تم التوصل إلى الاتفاق العام الماضي.", date(2023, 1, 1), ("2022", "2022", "year")),
        ("يعقد اجتماع الأسبوع المقبل.", MON, ("2022-11-07", "2022-11-13", "day")),
        ("قال الوزير أمس إن المحادثات فشلت.", MON, ("2022-10-30", "2022-10-30", "day")),
        ("آمل أن نتمكن اليوم من التقدم.", MON, ("2022-10-31", "2022-10-31", "day")),
        ("Prices rose yesterday.", MON, ("2022-10-30", "2022-10-30", "day")),
        ("غزت أوكرانيا في فبراير.", MON, ("2022-02", "2022-02", "month")),
        ("وقع الهجوم في ديسمبر.", JAN, ("2022-12", "2022-12", "month")),
        ("سيزور الرئيس باريس في ديسمبر.", JAN, ("2023-12", "2023-12", "month")),
        ("Russia invaded Ukraine in February.", MON, ("2022-02", "2022-02", "month")),
        ("اجتمعوا في 3 أكتوبر في جنيف.", MON, ("2022-10-03", "2022-10-03", "day")),
        ("اجتمعوا في 3 أكتوبر في جنيف.", date(2022, 10, 2), ("2021-10-03", "2021-10-03", "day")),
        ("وقع الحادث قبل ثلاثة أيام.", MON, ("2022-10-28", "2022-10-28", "day")),
        ("وصل قبل يومين.", MON, ("2022-10-29", "2022-10-29", "day")),
        ("It happened two years ago.", MON, ("2020", "2020", "year")),
        ("في صيف العام الماضي سافر.", MON, ("2021-06", "2021-08", "season")),
        ("Moscow and Paris traded barbs earlier this month.", MON, ("2022-10", "2022-10", "month")),
        ("في تشرين الأول الماضي.", JAN, ("2022-10", "2022-10", "month")),
    ],
)
def test_relative(text, published, expected):
    assert one(text, published) == expected


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # present/future verb → the weekday not before publication; on a Monday that is the same day
        ("يستضيف الرئيس محادثات مع الزعماء يوم الاثنين في سوتشي.", MON, "2022-10-31"),
        ("يلتقي الوزير نظيره يوم الاثنين.", JAN, "2023-01-16"),
        ("سيلتقي الوزير نظيره يوم الخميس.", MON, "2022-11-03"),
        # past verb → the past one
        ("التقى الوزير نظيره يوم الاثنين.", JAN, "2023-01-09"),
        ("التقى الوزير نظيره يوم الخميس.", MON, "2022-10-27"),
        ("التقى الوزير نظيره الاثنين الماضي.", MON, "2022-10-24"),
        ("سيلتقي الوزير نظيره الاثنين المقبل.", MON, "2022-11-07"),
        ("Putin will host talks on Thursday.", MON, "2022-11-03"),
        ("The ministers met on Thursday in Geneva.", MON, "2022-10-27"),
        ("They met last Monday.", MON, "2022-10-24"),
    ],
)
def test_weekday_follows_tense(text, published, expected):
    assert one(text, published) == (expected, expected, "day")


@pytest.mark.parametrize(
    "text", ["رفض بوتين مؤخرًا تعليقًا لماكرون.", "قبل المحادثات ، قال باشينيان إنه مستعد.", "Erdogan met both leaders recently."]
)
def test_vague_is_approximate_at_publication(text):
    assert one(text, MON) == ("2022-10-31", "2022-10-31", "approximate")


# ---------------------------------------------------------------- number vs year


@pytest.mark.parametrize(
    "text",
    [
        "نشرت روسيا قوة قوامها 2000 جندي حفظ سلام.",
        "أودت بحياة أكثر من 6500 جندي من الجانبين.",
        "قتل 286 شخصًا من الجانبين.",
        "أودى الصراع بحياة حوالي 30 ألف شخص.",
        "في عام 2000 جندي.",
        "More than 6,500 soldiers died.",
        "about 2000 troops arrived",
        "انتهت الحرب التي استمرت ستة أسابيع.",
        "مستعد لتمديد وجودهم لما يصل إلى عقدين آخرين.",
        "It was the longest drought in four decades.",
    ],
)
def test_counts_and_durations_are_not_dates(text):
    assert exprs(text, MON) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("أودت بحياة أكثر من 6500 جندي من الجانبين.", [(6500, "جندي", "more than")]),
        ("قوامها 2000 جندي حفظ سلام في المنطقة.", [(2000, "جندي حفظ سلام", None)]),
        ("أودى الصراع بحياة حوالي 30 ألف شخص.", [(30000, "شخص", "about")]),
        ("قتل عشرات المدنيين وآلاف الجنود", [(10, "المدنيين", "at least"), (1000, "الجنود", "at least")]),
        ("شرد أكثر من ثلاثة آلاف شخص", [(3000, "شخص", "more than")]),
        ("قتل ما لا يقل عن 20 قتيلا", [(20, "قتيلا", "at least")]),
        ("وصل ألفين لاجئ", [(2000, "لاجئ", None)]),
        ("بلغت نسبة 5% فقط", [(5, "%", None)]),
        ("In autumn 2020 more than 6,500 soldiers died.", [(6500, "soldiers", "more than")]),
        ("tens of thousands of people fled", [(10000, "people", "at least")]),
        ("انتهت الحرب التي استمرت ستة أسابيع.", [(6, "أسابيع", None)]),
        ("نشر 2000 جندي في 2014.", [(2000, "جندي", None)]),
    ],
)
def test_figures(text, expected):
    assert figs(text) == expected


def test_year_with_cue_next_to_a_count():
    assert exprs("نشر 2000 جندي في 2014.", MON) == [("2014", "2014", "2014", "year")]


# ---------------------------------------------------------------- the seed


@pytest.fixture(scope="module")
def seed():
    return timeline.extract(prepare(load(SEED, datetime(2022, 10, 31))), [])


def test_seed_timeline(seed):
    events, _ = seed
    dated = [(e.start, e.precision) for e in events if e.precision != "approximate"]
    expected = [
        ("1990", "decade"),
        ("1991", "year"),
        ("2020", "year"),  # the ceasefire agreement
        ("2020-09", "season"),  # the six-week war
        ("2021", "year"),  # «العام الماضي»
        ("2022-02", "month"),
        ("2022-08", "month"),
        ("2022-09", "month"),  # «الشهر الماضي»
        ("2022-10", "month"),  # «هذا الشهر»
        ("2022-10-03", "day"),
        ("2022-10-31", "day"),  # «يوم الاثنين»
    ]
    for item in expected:
        assert item in dated, item
    positions = [dated.index(item) for item in expected]
    assert positions == sorted(positions)
    by_text = {e.text: e for e in events}
    assert "ستة أسابيع" in by_text["خريف 2020"].event
    assert by_text["خريف 2020"].paragraphs == [2, 10, 11]  # the 2020 war, mentioned three times
    assert "وقف إطلاق النار" in by_text["لعام 2020"].event
    assert by_text["يوم الاثنين"].paragraphs == [0] and by_text["يوم الاثنين"].relative
    assert by_text["العام الماضي"].relative and not by_text["عام 1991"].relative
    starts = {e.start for e in events} | {e.end for e in events}
    assert not {"6500", "2000", "0286", "286"} & starts
    approx = [e for e in events if e.precision == "approximate"]
    assert events[-len(approx) :] == approx
    assert sum(e.text == "مؤخرًا" for e in approx) == 3
    assert any(e.text == "قبل المحادثات" for e in approx)
    assert all(e.start == "2022-10-31" for e in approx)


def test_seed_figures(seed):
    _, found = seed
    got = {(f.value, f.qualifier, f.paragraph) for f in found}
    assert {(6500, "more than", 11), (286, None, 12), (2000, None, 21), (30000, "about", 28)} <= got
    by_value = {f.value: f for f in found}
    assert by_value[6500].what == "جندي" and by_value[30000].what == "شخص"
    assert by_value[2000].text == "2000 جندي حفظ سلام"


def test_actors_attached_to_events():
    doc = prepare(load(SEED, datetime(2022, 10, 31)))
    actors = [Actor(name="فلاديمير بوتين", kind="person", aliases=["بوتين"]), Actor(name="جنيف", kind="place")]
    events, _ = timeline.extract(doc, actors)
    by_text = {e.text: e for e in events}
    assert by_text["يوم الاثنين"].actors == ["فلاديمير بوتين"]
    assert by_text["3 أكتوبر"].actors == ["جنيف"]


# ---------------------------------------------------------------- own articles


def test_english_article():
    events, found = timeline.extract(prepare(load(DATA / "floods_en.txt", datetime(2023, 1, 12))), [])
    got = {e.text: (e.start, e.end, e.precision) for e in events}
    assert got["Monday"] == ("2023-01-16", "2023-01-16", "day")  # "will host ... on Monday"
    assert got["Thursday"] == ("2023-01-12", "2023-01-12", "day")  # "said on Thursday"
    assert got["last month"] == ("2022-12", "2022-12", "month")
    assert got["early November"] == ("2022-11-01", "2022-11-10", "day")
    assert got["1997"] == ("1997", "1997", "year")
    assert got["2020-2022"] == ("2020", "2022", "year")
    assert got["mid-2023"] == ("2023-05", "2023-08", "month")
    assert got["Last year"] == ("2022", "2022", "year")
    assert got["recently"][2] == "approximate"
    assert not any(e.start == "2000" for e in events)
    values = {(f.value, f.what, f.qualifier) for f in found}
    assert {(120, "people", "more than"), (40000, "people", "about"), (4, "decades", None)} <= values
    assert (2000, "new housing units", None) in values


def test_arabic_article_at_a_year_boundary():
    events, found = timeline.extract(prepare(load(DATA / "floods_ar.txt", datetime(2023, 1, 1))), [])
    got = {e.text: (e.start, e.end, e.precision) for e in events}
    assert got["يوم الأحد"] == ("2023-01-01", "2023-01-01", "day")
    assert got["الشهر الماضي"] == ("2022-12", "2022-12", "month")
    assert got["منتصف ديسمبر كانون الأول"] == ("2022-12-11", "2022-12-20", "day")
    assert got["الأسبوع الماضي"] == ("2022-12-19", "2022-12-25", "day")
    assert got["يوم الثلاثاء"] == ("2023-01-03", "2023-01-03", "day")  # «وستعقد»: forward
    assert got["ربيع 2021"] == ("2021-03", "2021-05", "season")
    assert got["أواخر العام الماضي"] == ("2022-09", "2022-12", "month")
    assert got["أوائل الثمانينيات"] == ("1980", "1983", "year")
    assert got["فبراير"] == ("2023-02", "2023-02", "month")  # «ويتوقع»: forward
    assert got["عام 1988"] == ("1988", "1988", "year")
    values = {(f.value, f.what, f.qualifier) for f in found}
    assert {(45, "شخصا", "at least"), (12000, "أسرة", "about"), (300000000, "دولار", None)} <= values
    assert (3, "سنوات", None) in values


def test_sorted_by_start_approximate_last():
    events, _ = timeline.extract(prepare(load(DATA / "floods_ar.txt", datetime(2023, 1, 1))), [])
    dated = [e for e in events if e.precision != "approximate"]
    assert [e.start for e in dated] == sorted(e.start for e in dated)
    assert events[-1].precision == "approximate"


def test_no_publication_date_keeps_absolute_dates_only():
    article = Article(title="t", paragraphs=["اجتمعوا في 3 أكتوبر 2022 ثم الشهر الماضي ويوم الاثنين."])
    events, _ = timeline.extract(prepare(article), [])
    assert [(e.start, e.precision) for e in events] == [("2022-10-03", "day")]


# ---------------------------------------------------------------- robustness


_ALPHABET = st.sampled_from(
    [*list("0123456789٠١٢٣٤٥٦٧٨٩ -/.,،"), "عام ", "في ", "يوم ", "الاثنين ", "أكتوبر ", "آب ", "الماضي ", "هذا ", "الشهر ", "خريف ", "أواخر ", "التسعينيات ", "القرن ", "قبل ", "منذ ", "ألف ", "عشرات ", "مؤخرًا ", "October ", "last ", "year ", "Monday ", "ago ", "mid-", "the ", "1990s ", "31 ", "29 ", "فبراير ", "9999 ", "0000 "]
)


def _valid(iso: str) -> date:
    parts = [int(p) for p in iso.split("-")]
    assert len(parts) in (1, 2, 3) and len(iso) in (4, 7, 10)
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


@settings(max_examples=300, deadline=None)
@given(
    text=st.one_of(st.text(max_size=200), st.lists(_ALPHABET, max_size=30).map("".join)),
    published=st.one_of(st.none(), st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))),
)
def test_any_text_gives_valid_intervals(text, published):
    article = Article(
        title="x",
        paragraphs=[text],
        published=datetime.combine(published, datetime.min.time()) if published else None,
    )
    events, found = timeline.extract(prepare(article), [])
    for e in events:
        assert e.precision in timexpr.PRECISIONS
        if e.start is None or e.end is None:
            assert e.precision == "approximate" and e.start is None and e.end is None
            continue
        assert _valid(e.start) <= _valid(e.end)
    for f in found:
        assert isinstance(f.value, int | float) and f.what
