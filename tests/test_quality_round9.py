"""Round 9 of the quality audit: unseen stories written by someone who had not read the analyser
(an Algerian exam leak, an Iraqi drug bust, a Kuwaiti oil spill, a Lebanese basketball final, a Saudi
IPO, a Sudanese mobile wallet, Syrian refugees returning; English stories on a Nigerian oil spill,
measles in Chad, a Japanese tourism record, Kenyan fuel prices, an Ohio bridge collapse, an Indian
IPO and a statin trial), and the general rules their mistakes showed.

The articles live in tests/data/quality/round9/. Each rule is checked again on sentences of no
article in particular:
- Arabic roles with initials («لدى جيه.بي مورغان»), analysts and officials («محللة الأسهم», «مسؤولة
  برنامج …»), a title's adjective before a name («الطبيبة النفسية»), a demonym after the comma
  («…، الألمانية كاترين شولتس،») or after the speech verb («وقال الكيني دانيال أوتينو»), an unlisted
  province after «والي», «أما NAME، وهو …، فقال», «الرئيس المخلوع»;
- names end before «بأن»/«لأن», compound given names («عوض الكريم الطيب»);
- English: months that are given names ("April Ross"), an age that ends the sentence, "board member",
  bodies named by "Department", "Schools", "Hospital".
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.quality_corpus import at, corpus, dates, kinds, organisations, people

DATA = Path(__file__).parent / "data" / "quality" / "round9"

PUBLISHED = {
    "algeria_bac_leak_ar": date(2026, 6, 9),  # a Tuesday
    "iraq_captagon_ar": date(2024, 2, 12),  # a Monday
    "kuwait_oil_spill_ar": date(2022, 8, 13),  # a Saturday (15 Muharram 1444)
    "lebanon_basketball_final_ar": date(2025, 6, 27),  # a Friday
    "namaa_ipo_ar": date(2024, 11, 13),  # a Wednesday
    "sudan_mobile_money_ar": date(2025, 3, 16),  # a Sunday (16 Ramadan 1446)
    "syria_returns_ar": date(2025, 7, 10),  # a Thursday
    "bayelsa_oil_spill_en": date(2022, 6, 18),  # a Saturday
    "chad_measles_camps_en": date(2025, 1, 3),  # a Friday
    "japan_tourism_record_en": date(2025, 4, 16),  # a Wednesday
    "kenya_fuel_prices_en": date(2024, 1, 15),  # a Monday
    "ohio_bridge_collapse_en": date(2023, 5, 16),  # a Tuesday
    "paysetu_ipo_en": date(2024, 11, 14),  # a Thursday
    "statin_dementia_trial_en": date(2025, 10, 8),  # a Wednesday
}

analysed = corpus(DATA, PUBLISHED)


_at = at
_orgs = organisations
_kinds = kinds


def test_every_round9_article_has_a_publication_date() -> None:
    assert sorted(p.stem for p in DATA.glob("*.txt")) == sorted(PUBLISHED)


@pytest.mark.parametrize(
    ("sentence", "name", "role"),
    [
        ("وقال جيمس هاريسون رئيس أسواق رأس المال لدى جيه.بي مورغان في الشرق الأوسط إن المستثمرين استحوذوا على الطلبات.",
         "جيمس هاريسون", "رئيس أسواق رأس المال لدى جيه.بي مورغان في الشرق الأوسط"),
        ("أما نور العتيبي، محللة الأسهم لدى شركة الوسطى كابيتال، فقالت إن التسعير ليس رخيصا.",
         "نور العتيبي", "محللة الأسهم لدى شركة الوسطى كابيتال"),
        ("أما الطبيبة النفسية أمل الربيعي، التي تدير مركزا، فقالت إن العدد تضاعف.", "أمل الربيعي", "الطبيبة النفسية"),
    ],
)
def test_roles_with_initials_analysts_and_a_titles_adjective(sentence: str, name: str, role: str) -> None:
    assert people(_at(sentence)) == {name: role}


@pytest.mark.parametrize("sentence", ["وقال مسؤول أمني إن الهجوم فشل.", "وقال مسؤول في وزارة الداخلية إن الهجوم فشل."])
def test_an_unnamed_official_is_no_person(sentence: str) -> None:
    assert people(_at(sentence)) == {}


@pytest.mark.parametrize(
    ("sentence", "name", "role"),
    [
        ("أما محمود الحلبي، وهو نجار في غازي عنتاب، فقال إنه قرر البقاء.", "محمود الحلبي", "نجار في غازي عنتاب"),
        ("من جهتها، قالت ممثلة المفوضية السامية للأمم المتحدة لشؤون اللاجئين (UNHCR) في تركيا، الألمانية كاترين شولتس، إن"
         " المفوضية تتوقع العودة.",
         "كاترين شولتس", "ممثلة المفوضية السامية للأمم المتحدة لشؤون اللاجئين (UNHCR) في تركيا"),
        ("منذ سقوط نظام الرئيس المخلوع بشار الأسد في 8 ديسمبر.", "بشار الأسد", "الرئيس المخلوع"),
        ("وقال نائب والي هطاي، أوغوز قايا، إن المعبر يستقبل يوميا آلاف الأشخاص.", "أوغوز قايا", "نائب والي هطاي"),
    ],
)
def test_topics_with_an_apposition_a_demonym_after_the_comma_and_an_unlisted_province(
    sentence: str, name: str, role: str
) -> None:
    assert people(_at(sentence)) == {name: role}


@pytest.mark.parametrize(
    ("sentence", "name", "role"),
    [
        ("في المقابل، أقر مدرب الرياضي هشام نصر الدين بأن فريقه دفع ثمن الإرهاق.", "هشام نصر الدين", "مدرب الرياضي"),
        ("وقال نائب محافظ بنك السودان المركزي، الدكتور عوض الكريم الطيب، خلال الحفل إن المحفظة خطوة مهمة.",
         "عوض الكريم الطيب", "نائب محافظ بنك السودان المركزي"),
        ("وقال الكيني دانيال أوتينو الخبير في الرابطة الدولية لمشغلي الهاتف المحمول، الذي شارك في الحفل، إن التجربة ناجحة.",
         "دانيال أوتينو", "الخبير في الرابطة الدولية لمشغلي الهاتف المحمول"),
    ],
)
def test_names_end_before_bi_anna_take_compound_given_names_and_follow_a_demonym(
    sentence: str, name: str, role: str
) -> None:
    assert people(_at(sentence)) == {name: role}


def test_english_people_named_like_months_and_after_a_role_comma_and_bodies_named_by_department() -> None:
    a = _at('"It went down like a trapdoor," said April Ross, 29, who was driving across the span.',
            '"He drove that bridge every day," said his daughter, Carmen Ortega, 34.',
            "NTSB board member Thomas Kessler, who will lead the investigation, said a report would follow.",
            "Officials said Dayton Public Schools would switch to remote learning.",
            "The report cited Ohio Department of Transportation records.", "Talks resumed on May 5, said Ross.")
    assert {"April Ross", "Carmen Ortega", "Thomas Kessler"} <= set(people(a))
    assert people(a)["Thomas Kessler"] == "board member"
    assert {"Dayton Public Schools", "Ohio Department of Transportation"} <= _orgs(a)


# --- the round-9 articles themselves


def test_namaa_ipo_bankers_and_analyst() -> None:
    found = people(analysed("namaa_ipo_ar"))
    assert found["جيمس هاريسون"].endswith("لدى جيه.بي مورغان في الشرق الأوسط")
    assert found["نور العتيبي"] == "محللة الأسهم لدى شركة الوسطى كابيتال"


def test_syria_returns_officials_and_refugees() -> None:
    found = people(analysed("syria_returns_ar"))
    assert found["بشار الأسد"] == "الرئيس المخلوع"
    assert found["أوغوز قايا"] == "نائب والي هطاي"
    assert found["محمود الحلبي"].startswith("نجار")
    assert found["كاترين شولتس"].startswith("ممثلة المفوضية السامية")


def test_sudan_wallet_deputy_governor_and_gsma_expert() -> None:
    found = people(analysed("sudan_mobile_money_ar"))
    assert found["عوض الكريم الطيب"] == "نائب محافظ بنك السودان المركزي"
    assert "دانيال أوتينو" in found


def test_basketball_coach_name_ends_before_bi_anna() -> None:
    assert people(analysed("lebanon_basketball_final_ar"))["هشام نصر الدين"] == "مدرب الرياضي"


def test_ohio_bridge_witnesses_and_bodies() -> None:
    a = analysed("ohio_bridge_collapse_en")
    assert {"April Ross", "Carmen Ortega", "Thomas Kessler"} <= set(people(a))
    assert "Ohio Department of Transportation" in _orgs(a)
    assert "Dayton Public Schools" not in people(a)


def test_a_range_from_a_weekday_to_a_date_is_two_ends_in_order() -> None:
    a = _at("The new prices take effect from Monday to Feb. 14, the regulator said.",
            "Putin hosts the summit on Monday, January 15.", published=date(2024, 1, 15))
    assert dates(a) == {"Monday": "2024-01-15", "Feb. 14": "2024-02-14", "Monday, January 15": "2024-01-15"}


def test_kuwait_spill_tomorrow_and_the_day_after() -> None:
    d = dates(analysed("kuwait_oil_spill_ar"))
    assert d["غدا الأحد"] == "2022-08-14" and d["بعد غد الاثنين"] == "2022-08-15"


def test_weekdays_and_months_as_given_names_after_an_honorific_and_and_in_a_complement() -> None:
    a = _at('"We can no longer fish," said Mr Sunday Ebikeme, a fisherman, 45.',
            "Dr June Park, a neurologist at Seoul National University Hospital, said the results were promising.",
            "The study was funded by the National Institute for Health and Care Research.",
            "Talks resumed on Sunday, said Mr Brown.")
    found = people(a)
    assert found["Sunday Ebikeme"] == "fisherman"
    assert found["June Park"] == "neurologist at Seoul National University Hospital"
    assert {"Seoul National University Hospital", "National Institute for Health and Care Research"} <= _orgs(a)
    assert "Seoul" not in _kinds(a)  # (the city is part of the hospital's name)


def test_a_clinical_trial_is_a_health_story_not_a_court_case() -> None:
    a = analysed("statin_dementia_trial_en")
    assert "The court case" not in [c.title_en for c in a.cards]


def test_a_subheading_inside_the_lead_card_does_not_rename_it() -> None:
    a = analysed("statin_dementia_trial_en")
    assert a.cards[0].key == "main" and a.cards[0].title_en == "Health"
    assert "Why strokes and dementia are linked" not in [c.title_en for c in a.cards]
