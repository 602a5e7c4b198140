"""Round 8 of the quality audit: unseen stories written by someone who had not read the analyser
(an Iraqi bank under sanctions, a Saudi desalination plant, a Tunisian film festival, Algerian
housing, Sudanese locusts, a Lebanese teachers' deal, an Egyptian train derailment; English stories
below), and the general rules their mistakes showed.

The articles live in tests/data/quality/round8/. Each rule is checked again on sentences of no
article in particular, so that the fixes stay general:
- Arabic offices in chains and apposition: «رئيس مجلس الوزراء، الدكتور مصطفى مدبولي،» (the role is
  the office before the comma), «وزير البيئة والمياه والزراعة رئيس مجلس إدارة الهيئة … المهندس …»,
  «رئيس حكومة تصريف الأعمال», «رئيس مجلس إدارته», «رئيستها», «كبير خبراء الجراد»;
- titles that are family names inside a name («عادل الجندي», «وليد المعلم»), the word after «عبد»
  belongs to the name («عبد السلام»), given names with the article («الطيب موسى»), «ويدعى»;
- a father and a son of one family («سلمان بن عبدالعزيز آل سعود», «محمد بن سلمان بن عبدالعزيز آل
  سعود») stay two people; Kataib Hezbollah and the Quds Force are no Hezbollah and no Jerusalem;
- a nominal clause with a future verb looks forward («إن اللجنة ستستضيف المحافظ يوم الثلاثاء»).

English stories (a Ghanaian gold programme, Chadian locusts, a Japanese reactor restart, a Qantas
strike, a Georgian port, Indian air traffic, a Saudi film festival) showed:
- organisation names with "the"/"of" inside and a country after "of" (People's Bank of China), a
  capital or a country opening one (Tokyo Electric Power Co, Georgia Ports Authority), a later head
  word ending it (China Communications Construction Company), not "X-based";
- a role may open with lower-case words before its title ("deputy country director of …");
- "12:01 a.m. Friday" ends no sentence; "the last week of December" is no "last week";
- a strike is its own main event; CLDR's long country names are shown short (Hong Kong, DR Congo);
  Australian states; "publishes", "can … until", "needed … until" look forward.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.quality_corpus import at, corpus, dates, kinds, organisations, people

DATA = Path(__file__).parent / "data" / "quality" / "round8"

PUBLISHED = {
    "bank_sanctions_ar": date(2024, 7, 14),  # a Sunday
    "desalination_plant_ar": date(2024, 2, 22),  # a Thursday (12 Sha'ban 1445)
    "film_festival_ar": date(2024, 12, 21),  # a Saturday
    "housing_allocation_ar": date(2025, 1, 15),  # a Wednesday
    "locust_swarm_ar": date(2020, 2, 10),  # a Monday
    "teachers_pay_deal_ar": date(2023, 3, 17),  # a Friday
    "train_derailment_ar": date(2022, 6, 21),  # a Tuesday
    "chad_locusts_en": date(2025, 9, 4),  # a Thursday
    "georgia_anaklia_port_en": date(2025, 3, 22),  # a Saturday
    "ghana_gold_en": date(2024, 1, 16),  # a Tuesday
    "india_air_traffic_december_en": date(2025, 1, 15),  # a Wednesday
    "japan_reactor_restart_en": date(2026, 1, 19),  # a Monday
    "qantas_engineers_strike_en": date(2019, 10, 8),  # a Tuesday
    "red_sea_film_festival_en": date(2024, 11, 27),  # a Wednesday
}

analysed = corpus(DATA, PUBLISHED)


_at = at
_orgs = organisations
_kinds = kinds


def test_every_round8_article_has_a_publication_date() -> None:
    assert sorted(p.stem for p in DATA.glob("*.txt")) == sorted(PUBLISHED)


@pytest.mark.parametrize(
    ("sentence", "organisation"),
    [
        ("The Algiers-based Commission for Controlling the Desert Locust said on Monday it would help.",
         "Commission for Controlling the Desert Locust"),
        ("The Institute for the Study of War said forces advanced.", "Institute for the Study of War"),
        ("Purchases by the People's Bank of China rose.", "People's Bank of China"),
        ("The National Bank of Poland bought gold.", "National Bank of Poland"),
    ],
)
def test_english_organisations_with_the_of_and_a_country_inside(sentence: str, organisation: str) -> None:
    a = _at(sentence)
    assert organisation in _orgs(a)
    assert people(a) == {}


def test_a_role_may_open_with_lower_case_words_before_its_title() -> None:
    a = _at('"Any crop loss is multiplied," said Sandrine Mbaye, deputy country director of the World Food Programme.')
    assert people(a) == {"Sandrine Mbaye": "deputy country director of the World Food Programme"}


def test_publishing_and_needing_until_look_forward() -> None:
    a = _at("The agency publishes its next bulletin on September 10.",
            "The WFP said it needed $185m to keep feeding refugees until March.", published=date(2025, 9, 4))
    assert dates(a) == {"September 10": "2025-09-10", "March": "2026-03"}


def test_a_capital_may_open_a_companys_name_and_is_then_no_mention_of_its_country() -> None:
    a = _at("Tokyo Electric Power Co will restart a reactor on Wednesday.",
            "Officials in Tokyo said the Tokyo Electric Power Co would pay.")
    assert "Tokyo Electric Power Co" in _orgs(a)
    assert _kinds(a).get("Tokyo") == "place"  # (the locative one)


def test_a_time_of_day_before_a_weekday_ends_no_sentence() -> None:
    from digests.text import split_sentences

    assert len(split_sentences("A stoppage would begin at 12:01 a.m. Friday unless the airline improved its offer.")) == 1
    assert len(split_sentences("Demand peaked at 5:30 p.m. (2230 GMT) on Thursday.")) == 1
    assert len(split_sentences("The meeting ended at 5 p.m. Police arrived on Friday.")) == 2
    a = _at("It warned that a 24-hour stoppage would begin at 12:01 a.m. Friday unless the airline improved its offer.",
            "Customers can rebook without charge until Oct. 20, the airline said.", published=date(2019, 10, 8))
    assert dates(a) == {"Friday": "2019-10-11", "Oct. 20": "2019-10-20"}


def test_a_labour_strike_is_its_own_main_event() -> None:
    a = _at("Qantas canceled 86 flights on Tuesday as engineers walked off the job in a pay dispute.",
            "The union said a second stoppage would follow.", "Passengers waited for hours.",
            "The airline said it would seek to suspend the industrial action.")
    assert a.cards[0].title_en == "The strike"


def test_short_display_names_for_long_cldr_country_names() -> None:
    a = _at("Flights to Hong Kong were hit.", "ووصل اللاجئون من الكونغو الديمقراطية.")
    assert {x.name_en for x in a.actors if x.kind == "country"} >= {"Hong Kong", "DR Congo"}


def test_australian_states_are_places() -> None:
    a = _at("Schools in New South Wales and Queensland closed.")
    assert {"New South Wales", "Queensland"} <= {x.name for x in a.actors if x.kind == "place"}
    assert "Wales" not in _kinds(a)


@pytest.mark.parametrize(
    ("sentence", "name", "role"),
    [
        ("وأدرج المكتب المصرف ورئيس مجلس إدارته، سعيد الدليمي، على قائمة العقوبات.", "سعيد الدليمي", "رئيس مجلس إدارته"),
        ("وقال رئيس وزرائها محمد علي إن الوضع صعب.", "محمد علي", "رئيس وزرائها"),
        ("وقال المدير المفوض للمصرف، عماد الساعدي، لرويترز إن المصرف ينفي الاتهامات.", "عماد الساعدي", "المدير المفوض للمصرف"),
    ],
)
def test_a_titles_complement_may_be_a_noun_with_its_pronoun(sentence: str, name: str, role: str) -> None:
    assert people(_at(sentence)) == {name: role}


def test_a_nominal_clause_with_a_future_verb_looks_forward() -> None:
    a = _at("وقال النائب إن اللجنة ستستضيف المحافظ يوم الثلاثاء لمناقشة القرار.", "وقالت إن السيطرة تمت يوم الأحد.",
            published=date(2024, 7, 14))
    assert dates(a) == {"يوم الثلاثاء": "2024-07-16", "يوم الأحد": "2024-07-14"}


def test_groups_named_inside_other_names_are_their_own() -> None:
    a = _at("وأدرجت واشنطن كتائب حزب الله وفيلق القدس على القائمة.")
    assert {"كتائب حزب الله", "فيلق القدس"} <= set(_kinds(a))
    assert "حزب الله" not in _kinds(a) and "القدس" not in _kinds(a)


def test_a_country_may_open_a_companys_or_an_agencys_name() -> None:
    a = _at("Officials said the Georgia Ports Authority had signed a memorandum.",
            "Officials said the US National Highway Traffic Safety Administration opened a probe.")
    assert {"Georgia Ports Authority", "National Highway Traffic Safety Administration"} <= _orgs(a)


@pytest.mark.parametrize(
    ("sentence", "name", "role"),
    [
        ("فيما تابع رئيس مجلس الوزراء، الدكتور مصطفى مدبولي، تطورات الحادث.", "مصطفى مدبولي", "رئيس مجلس الوزراء"),
        ("وأعلن وزير النقل، الفريق مهندس عادل الجندي، إحالة ٧ من العاملين إلى التحقيق.", "عادل الجندي", "وزير النقل"),
        ("من جانبه، قال محافظ المنيا، اللواء محمد عبد الحكيم، إن المصابين غادروا.", "محمد عبد الحكيم", "محافظ المنيا"),
        ("وقال وزير الخارجية السوري وليد المعلم إن الحوار مستمر.", "وليد المعلم", "وزير الخارجية السوري"),
        ("وقال المستشار محمد القاضي إن الحكم نهائي.", "محمد القاضي", "المستشار"),
        ("وقال الجندي أحمد علي إنه أصيب.", "أحمد علي", "الجندي"),
        ("وتقدم النائب محمود عبد السلام بطلب إحاطة.", "محمود عبد السلام", "النائب"),
        ("وقال أحد الركاب، ويدعى رمضان عبد الحميد (٤٦ عاما)، وهو مدرس، إن الصوت كان قويا.", "رمضان عبد الحميد", None),
    ],
)
def test_egyptian_titles_ranks_and_surnames_that_are_titles(sentence: str, name: str, role: str | None) -> None:
    assert people(_at(sentence)) == {name: role}


def test_a_father_and_son_of_one_royal_family_stay_two_people() -> None:
    a = _at("تحت رعاية الملك سلمان بن عبدالعزيز آل سعود، دشن الوزير المحطة بمتابعة من الأمير محمد بن سلمان بن عبدالعزيز آل سعود.")
    assert people(a) == {"سلمان بن عبدالعزيز آل سعود": "الملك", "محمد بن سلمان بن عبدالعزيز آل سعود": "الأمير"}


@pytest.mark.parametrize(
    ("sentence", "name", "role"),
    [
        ("دشن معالي وزير البيئة والمياه والزراعة رئيس مجلس إدارة الهيئة السعودية للمياه المهندس فهد بن سعد المطيري، اليوم، المحطة.",
         "فهد بن سعد المطيري", "وزير البيئة والمياه والزراعة"),
        ("وقال ولي العهد رئيس مجلس الوزراء الأمير محمد بن سلمان إن الرؤية تتقدم.", "محمد بن سلمان", "ولي العهد"),
        ("وقال رئيس مجلس إدارة الشركة محمد علي إن الأرباح ارتفعت.", "محمد علي", "رئيس مجلس إدارة الشركة"),
        ("بدورها، أوضحت الرئيس التنفيذي للشركة السعودية لشراكات المياه المهندسة نورة بنت إبراهيم الشهري أن المشروع نفذ.",
         "نورة بنت إبراهيم الشهري", "الرئيس التنفيذي للشركة السعودية لشراكات المياه"),
    ],
)
def test_gulf_agency_chains_of_offices(sentence: str, name: str, role: str) -> None:
    assert people(_at(sentence)) == {name: role}


@pytest.mark.parametrize(
    ("sentence", "name", "role"),
    [
        ("وجاء الإعلان إثر اجتماع برئاسة رئيس حكومة تصريف الأعمال نجيب ميقاتي، وحضره وزير المال وممثلون عن المصرف.",
         "نجيب ميقاتي", "رئيس حكومة تصريف الأعمال"),
        ("غير أن اللجنة رفضت الاتفاق، وقالت رئيستها ريما سلوم إن المتعاقدين لم يقبضوا.", "ريما سلوم", "رئيستها"),
        ("وقال رئيس وزراء إسرائيل بنيامين نتنياهو إن الحرب ستستمر.", "بنيامين نتنياهو", "رئيس وزراء إسرائيل"),
    ],
)
def test_levantine_titles_with_construct_complements_and_pronouns(sentence: str, name: str, role: str) -> None:
    assert people(_at(sentence)) == {name: role}


@pytest.mark.parametrize(
    ("sentence", "name", "role"),
    [
        ("فيما نال فيلم آخر للمخرج السوداني الطيب موسى جائزة لجنة التحكيم.", "الطيب موسى", "المخرج السوداني"),
        ("من جهتها، قالت سامية عثمان مديرة إدارة وقاية النباتات بالوزارة، إن سربا رصد.",
         "سامية عثمان", "مديرة إدارة وقاية النباتات بالوزارة"),
        ("وقال جان بيير لامبير كبير خبراء الجراد في المنظمة، في إفادة صحفية، إن الموسم صعب.",
         "جان بيير لامبير", "كبير خبراء الجراد في المنظمة"),
    ],
)
def test_article_given_names_and_body_heads_that_open_no_name(sentence: str, name: str, role: str) -> None:
    assert people(_at(sentence)) == {name: role}


def test_an_arabic_body_after_a_preposition_is_shown_without_it() -> None:
    a = _at("وقالت المديرة العامة للصندوق الوطني للسكن، سعاد حمودي، إن الدفعات بدأت.")
    assert "الصندوق الوطني للسكن" in _orgs(a)


def test_a_genitive_with_a_preposition_after_a_complement_runs_to_the_comma() -> None:
    a = _at("وقال رئيس الهيئة القومية لسكك حديد مصر، المهندس طارق عبد الباقي، إن الأعمال بدأت.",
            "وقالت وزيرة الانتقال الطاقي المغربية ليلى بنعلي إن المشروع سيدخل الخدمة.")
    assert people(a) == {
        "طارق عبد الباقي": "رئيس الهيئة القومية لسكك حديد مصر",
        "ليلى بنعلي": "وزيرة الانتقال الطاقي المغربية",
    }


def test_an_english_possessive_ends_a_name_and_the_last_week_of_a_month_is_no_last_week() -> None:
    a = _at("The festival is part of Crown Prince Mohammed bin Salman's Vision 2030 plan.",
            "Fares in the last week of December were higher.", "Akasa Air topped the on-time chart.",
            published=date(2025, 1, 15))
    assert people(a) == {"Mohammed bin Salman": "Crown Prince"}
    assert dates(a) == {"December": "2024-12"}


# --- the round-8 articles themselves


def test_bank_sanctions_officials_between_commas_and_a_future_tuesday() -> None:
    a = analysed("bank_sanctions_ar")
    found = people(a)
    assert found["عماد الساعدي"] == "المدير المفوض للمصرف"
    assert found["باسم الكعبي"] == "عضو اللجنة المالية في البرلمان"
    assert dates(a)["يوم الثلاثاء"] == "2024-07-16"
    assert {"كتائب حزب الله", "فيلق القدس"} <= set(_kinds(a))


def test_desalination_royals_stay_apart_and_the_minister_keeps_his_office() -> None:
    found = people(analysed("desalination_plant_ar"))
    assert found["سلمان بن عبدالعزيز آل سعود"] == "الملك"
    assert "محمد بن سلمان بن عبدالعزيز آل سعود" in found
    assert found["فهد بن سعد المطيري"] == "وزير البيئة والمياه والزراعة"
    assert found["نورة بنت إبراهيم الشهري"] == "الرئيس التنفيذي للشركة السعودية لشراكات المياه"


def test_teachers_deal_caretaker_prime_minister_and_union_head() -> None:
    found = people(analysed("teachers_pay_deal_ar"))
    assert found["نجيب ميقاتي"] == "رئيس حكومة تصريف الأعمال"
    assert found["ريما سلوم"] == "رئيستها"


def test_train_derailment_officials_and_a_passenger_named_ramadan() -> None:
    found = people(analysed("train_derailment_ar"))
    assert found["مصطفى مدبولي"] == "رئيس مجلس الوزراء"
    assert found["عادل الجندي"] == "وزير النقل"
    assert found["محمد عبد الحكيم"] == "محافظ المنيا"
    assert found["محمود عبد السلام"] == "النائب"
    assert "رمضان عبد الحميد" in found
    assert not [name for name in found if name.startswith("ل")]


def test_locust_swarm_officials_and_an_fao_expert() -> None:
    found = people(analysed("locust_swarm_ar"))
    assert found["سامية عثمان"] == "مديرة إدارة وقاية النباتات بالوزارة"
    assert found["جان بيير لامبير"] == "كبير خبراء الجراد في المنظمة"
    assert "إدارة" not in found


def test_qantas_strike_is_the_strike_and_friday_is_ahead() -> None:
    a = analysed("qantas_engineers_strike_en")
    assert a.cards[0].title_en == "The strike"
    d = dates(a)
    assert d["Friday"] == "2019-10-11" and d["Oct. 20"] == "2019-10-20"
    assert "New South Wales" in _kinds(a) and "Wales" not in _kinds(a)


def test_ghana_gold_banks_named_after_countries() -> None:
    orgs = _orgs(analysed("ghana_gold_en"))
    assert {"People's Bank of China", "National Bank of Poland", "Ghana Chamber of Mines"} <= orgs


def test_japan_reactor_company_named_after_its_city() -> None:
    assert "Tokyo Electric Power Co" in _orgs(analysed("japan_reactor_restart_en"))


def test_georgia_port_authority_and_a_chinese_company() -> None:
    orgs = _orgs(analysed("georgia_anaklia_port_en"))
    assert "Georgia Ports Authority" in orgs
    assert "China Communications Construction Company" in orgs


def test_chad_locusts_commission_and_deputy_director() -> None:
    a = analysed("chad_locusts_en")
    assert "Commission for Controlling the Desert Locust" in _orgs(a)
    assert people(a)["Sandrine Mbaye"] == "deputy country director of the World Food Programme"
    assert dates(a)["September 10"] == "2025-09-10"


def test_india_air_traffic_no_airline_person_and_no_last_week() -> None:
    a = analysed("india_air_traffic_december_en")
    assert "Akasa Air" not in people(a)
    assert "last week" not in dates(a)


def test_red_sea_festival_crown_prince_without_his_plan() -> None:
    assert people(analysed("red_sea_film_festival_en"))["Mohammed bin Salman"] == "Crown Prince"


def test_one_word_before_and_joins_an_english_bodys_name() -> None:
    a = _at("The Bill and Melinda Gates Foundation gave money.", "The Department of Health and Human Services said.",
            "Shares of SK Hynix and Micron Technology rose.",
            "A spokesperson for the Department for Science, Innovation and Technology said.")
    orgs = _orgs(a)
    assert {"Bill and Melinda Gates Foundation", "Department of Health and Human Services", "Micron Technology"} <= orgs
    assert not [o for o in orgs if o.startswith(("Hynix", "SK Hynix and", "Innovation"))]


def test_an_article_word_repeated_only_before_adjectives_is_no_surname() -> None:
    a = _at("ونال فيلم للمخرج السوداني الطيب موسى التانيت البرونزي.", "وذهب التانيت الفضي إلى فيلم آخر.", "ونال التانيت الذهبي فيلم ثالث.",
            "وقال الرئيس محمد البرهان إن البلاد بخير.", "وأضاف البرهان أن الحوار مستمر.")
    found = people(a)
    assert "الطيب موسى" in found and "محمد البرهان" in found
