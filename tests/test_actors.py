"""Actor extraction: titles, Arabic name boundaries, aliases and clitics, nationality adjectives,
quote attribution, the seed article and our own test articles."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from digests import actors as actors_mod
from digests.actors import extract
from digests.actors_score import find_actor, score
from digests.gazetteer import gazetteer
from digests.model import Actor, Article
from digests.text import prepare

DATA = Path(__file__).parent / "data" / "actors"


def run(*paragraphs: str, title: str = "عنوان") -> list[Actor]:
    return extract(prepare(Article(title=title, paragraphs=list(paragraphs), published=datetime(2023, 1, 1))))


def people(found: list[Actor]) -> dict[str, Actor]:
    return {a.name: a for a in found if a.kind == "person"}


def load(name: str) -> tuple[list[Actor], dict]:
    lines = [ln for ln in (DATA / f"{name}.txt").read_text(encoding="utf-8").splitlines() if ln.strip()]
    found = extract(prepare(Article(title=lines[0], paragraphs=lines[1:], published=datetime(2022, 10, 31))))
    return found, json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


# ---------------------------------------------------------------- titles


def test_title_with_nationality_gives_role_and_country() -> None:
    found = run("التقى الرئيس الروسي فلاديمير بوتين مع وفد تجاري.")
    putin = people(found)["فلاديمير بوتين"]
    assert putin.role == "الرئيس الروسي"
    russia = find_actor(found, "Russia")
    assert russia is not None and russia.kind == "country"


def test_minister_of_country_in_genitive() -> None:
    found = run("وصل وزير خارجية روسيا سيرغي لافروف إلى أنقرة أمس.")
    lavrov = people(found)["سيرغي لافروف"]
    assert lavrov.role == "وزير خارجية روسيا"


def test_secretary_general_of_organisation() -> None:
    found = run("حذر الأمين العام للأمم المتحدة أنطونيو غوتيريش من المجاعة.")
    assert people(found)["أنطونيو غوتيريش"].role == "الأمين العام للأمم المتحدة"
    assert find_actor(found, "United Nations") is not None


def test_title_needing_complement_without_one_is_not_a_person() -> None:
    assert not people(run("قال رئيس كبير إن الوضع صعب."))


def test_english_titles_and_nationality() -> None:
    found = run(
        "Russian President Vladimir Putin met President Joe Biden in Geneva.",
        "Putin said little afterwards.",
        title="Summit",
    )
    ps = people(found)
    assert ps["Vladimir Putin"].role == "Russian President"
    assert ps["Vladimir Putin"].name_en == "Vladimir Putin"
    assert ps["Vladimir Putin"].mentions == 2
    assert ps["Joe Biden"].role == "President"
    assert find_actor(found, "Geneva").kind == "place"


# ---------------------------------------------------------------- Arabic name boundaries


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("يستضيف الرئيس الروسي فلاديمير بوتين محادثات مع زعماء المنطقة.", "فلاديمير بوتين"),  # common noun
        ("حيث التقى الرئيس رجب طيب أردوغان مع نظيره.", "رجب طيب أردوغان"),  # preposition
        ("وصل الرئيس الفرنسي إيمانويل ماكرون، وبدأ الاجتماع.", "إيمانويل ماكرون"),  # punctuation
        ("وكان الرئيس الأذربيجاني إلهام علييف قال أمس إنه مستعد.", "إلهام علييف"),  # verb; إلهام is not ال
        ("وقال رئيس الوزراء الأرميني نيكول باشينيان والرئيس الفرنسي إيمانويل ماكرون إنهما اتفقا.", "نيكول باشينيان"),
        ("ويقود الفريق أول عبد الفتاح البرهان الجيش، وقال البرهان إنه لن يتفاوض.", "عبد الفتاح البرهان"),
        ("قال ولي العهد السعودي الأمير محمد بن سلمان إن المملكة مستعدة.", "محمد بن سلمان"),
    ],
)
def test_arabic_name_boundaries(text: str, name: str) -> None:
    assert name in people(run(text))


def test_conjoined_titles_give_two_people() -> None:
    ps = people(run("وقال رئيس الوزراء الأرميني نيكول باشينيان والرئيس الأذربيجاني إلهام علييف إنهما وصلا."))
    assert ps["نيكول باشينيان"].role == "رئيس الوزراء الأرميني"
    assert ps["إلهام علييف"].role == "الرئيس الأذربيجاني"


# ---------------------------------------------------------------- aliases and clitics


def test_surname_and_clitic_forms_resolve_to_one_person() -> None:
    found = run(
        "وصل رئيس الوزراء الأرميني نيكول باشينيان إلى المدينة.",
        "وقال الرئيس لباشينيان إن الوقت مناسب، ثم التقى علييف وباشينيان.",
        "وأكد باشينيان أنه مستعد.",
    )
    ps = people(found)
    assert list(ps) == ["نيكول باشينيان"]
    assert ps["نيكول باشينيان"].mentions == 4
    assert "باشينيان" in ps["نيكول باشينيان"].aliases
    assert ps["نيكول باشينيان"].paragraphs == [0, 1, 2]


def test_english_surname_and_possessive() -> None:
    found = run(
        "Armenian Prime Minister Nikol Pashinyan arrived on Monday.",
        "Pashinyan's office said the talks went well.",
        title="Talks",
    )
    assert people(found)["Nikol Pashinyan"].mentions == 2


def test_capital_is_metonym_for_country_but_a_place_after_in() -> None:
    found = run("وقالت موسكو إن الكرملين يرحب بالمحادثات.", "وعقد الاجتماع في براغ ثم قالت براغ إنها مستعدة.")
    russia = find_actor(found, "Russia")
    assert {"موسكو", "الكرملين"} <= set(russia.aliases)
    assert russia.mentions == 2
    assert find_actor(found, "Prague", kinds=("place",)) is not None
    assert find_actor(found, "Czechia", kinds=("country",)) is not None


def test_news_agency_is_not_an_actor() -> None:
    found = run("موسكو (رويترز) – قالت رويترز إن الاجتماع انتهى.", "وذكرت وكالة فرانس برس ذلك أيضا.")
    assert find_actor(found, "رويترز") is None
    assert find_actor(found, "فرانس برس") is None


# ---------------------------------------------------------------- nationality adjectives


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("انتقد المسؤولون الخطة الروسية بشدة.", "Russia"),
        ("وصل الجنود الأتراك إلى الحدود.", "Türkiye"),
        ("قال مسؤولون أميركيون إن الخطة جاهزة.", "United States"),
        ("غادر المستثمرون الأمريكيون السوق.", "United States"),
        ("انسحاب القوات الأذربيجانية من المنطقة.", "Azerbaijan"),
        ("The Armenian side rejected the plan.", "Armenia"),
        ("German officials welcomed the move.", "Germany"),
    ],
)
def test_nationality_adjectives_link_to_country(text: str, country: str) -> None:
    actor = find_actor(run(text, title="t"), country, kinds=("country",))
    assert actor is not None and actor.name_en == country


def test_demonyms_are_broad() -> None:
    g = gazetteer()
    countries = [e for e in g.entities.values() if e.kind == "country"]
    assert len(countries) > 200  # from CLDR, not hand typed
    demonyms = {f.entity for entries in g.matcher._by_first.values() for e in entries
                for f in [e.value] if getattr(f, "how", "") == "demonym"}
    assert len(demonyms) > 120


# ---------------------------------------------------------------- quotes


def test_quote_after_said_colon() -> None:
    found = run("وقال وزير الخارجية المصري سامح شكري للصحفيين: \"لا يوجد حل عسكري\".")
    assert people(found)["سامح شكري"].quotes == ["لا يوجد حل عسكري"]


def test_quote_only_paragraph_continues_previous_speaker() -> None:
    found = run(
        "وقال رئيس الوزراء الأرميني نيكول باشينيان إن أولويات بلاده واضحة.",
        "“أشكركم على الجهود التي تبذلونها”.",
    )
    assert people(found)["نيكول باشينيان"].quotes == ["أشكركم على الجهود التي تبذلونها"]


def test_said_to_someone_is_attributed_to_previous_subject() -> None:
    found = run(
        "يستضيف الرئيس الروسي فلاديمير بوتين رئيس الوزراء الأرميني نيكول باشينيان.",
        "وقالت موسكو إن بوتين التقى باشينيان أولا.",
        "وقال لباشينيان: “الأهم هو ضمان السلام”.",
    )
    ps = people(found)
    assert ps["فلاديمير بوتين"].quotes == ["الأهم هو ضمان السلام"]
    assert ps["نيكول باشينيان"].quotes == []


def test_quote_without_speech_colon_is_not_attributed() -> None:
    found = run("رفض الرئيس الروسي فلاديمير بوتين تعليقا قال فيه إن موسكو “تزعزع استقرار” المنطقة.")
    assert people(found)["فلاديمير بوتين"].quotes == []


def test_english_quote_then_said() -> None:
    found = run(
        "Kremlin spokesman Dmitry Peskov spoke on Monday.",
        '"We are ready for talks," Peskov said.',
        'He added: "Nothing is decided."',
        title="t",
    )
    peskov = people(found)["Dmitry Peskov"]
    assert peskov.role == "Kremlin spokesman"
    assert peskov.quotes[0] == "We are ready for talks,"


# ---------------------------------------------------------------- whole articles


@pytest.mark.parametrize("name", sorted(p.stem for p in DATA.glob("*.txt")))
def test_articles_score(name: str) -> None:
    found, expected = load(name)
    s = score(found, expected)
    assert s.people_recall == 1.0, s.missing
    assert s.people_precision == 1.0, s.wrong
    assert s.countries_recall == 1.0, s.missing
    assert s.countries_precision >= 0.9, s.wrong
    for place in expected.get("places", []):
        assert find_actor(found, place) is not None, place
    for who, n in expected.get("quotes", {}).items():
        actor = next(a for a in found if a.kind == "person" and a.name == who)
        assert len(actor.quotes) >= n, (who, actor.quotes)
    for name_ in expected.get("not_actors", []):
        assert find_actor(found, name_) is None


def test_seed_article_details() -> None:
    found, _ = load("seed_sochi_ar")
    ps = people(found)
    assert ps["فلاديمير بوتين"].quotes == [
        "الأهم هو ضمان السلام وتهيئة الظروف للتنمية",
        "آمل كثيرًا أن نتمكن اليوم من اتخاذ خطوات نحو تسوية (نزاع كاراباخ)",
    ]
    assert ps["نيكول باشينيان"].quotes == ["أشكركم على الجهود التي تبذلونها لإحلال السلام والاستقرار والأمن"]
    assert ps["تشارلز ميشيل"].role == "رئيس الاتحاد الأوروبي"
    russia = find_actor(found, "Russia")
    assert found[0] is russia  # most mentioned first
    assert {"موسكو", "الكرملين"} <= set(russia.aliases)
    assert "يريفان" in find_actor(found, "Armenia").aliases
    assert "باكو" in find_actor(found, "Azerbaijan").aliases
    assert "واشنطن" in find_actor(found, "United States").aliases
    assert "بروكسل" in find_actor(found, "European Union").aliases
    assert [a.mentions for a in found] == sorted((a.mentions for a in found), reverse=True)
    assert all(a.name_en for a in found if a.kind != "person")
    assert all(a.name_en is None for a in found if a.kind == "person")  # no invented transliterations


# ---------------------------------------------------------------- robustness


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("قال الرئيس بوتين: “”\"«»،. ,لوبوزير Said President Mr.-")) | st.characters(), max_size=80), min_size=1, max_size=4))
def test_any_text_no_exception_no_empty_names(paragraphs: list[str]) -> None:
    doc = prepare(Article(title="t", paragraphs=paragraphs))
    found = actors_mod._extract(doc)  # the unguarded extractor: must not raise
    for a in found:
        assert a.name.strip()
        assert a.mentions > 0
        assert all(q.strip() for q in a.quotes)


# ---------------------------------------------------------------- more title shapes


def test_envoy_to_country_and_institution_complement() -> None:
    ps = people(run(
        "رفض رئيس حكومة الوحدة الوطنية عبد الحميد الدبيبة القرار، وقال الدبيبة إنه لن يسلم السلطة.",
        "وقال المبعوث الأممي إلى ليبيا عبد الله باتيلي: \"على الجميع ضبط النفس\".",
    ))
    assert ps["عبد الحميد الدبيبة"].role == "رئيس حكومة الوحدة الوطنية"
    assert ps["عبد الحميد الدبيبة"].mentions == 2
    assert ps["عبد الله باتيلي"].role == "المبعوث الأممي إلى ليبيا"  # «الله» is not ال + «له»
    assert ps["عبد الله باتيلي"].quotes == ["على الجميع ضبط النفس"]


def test_english_role_reaches_back_over_lower_case_words() -> None:
    doc = prepare(Article(
        title="t", language="en",
        paragraphs=["Chinese foreign ministry spokeswoman Mao Ning said U.S. Secretary of State Antony Blinken was wrong."],
    ))
    ps = people(extract(doc))
    assert ps["Mao Ning"].role == "Chinese foreign ministry spokeswoman"
    assert ps["Mao Ning"].mentions == 1
    assert ps["Antony Blinken"].role == "U.S. Secretary of State"
