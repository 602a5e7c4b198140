"""Round 7 of the quality audit: unseen stories written by someone who had not read the analyser
(an Algerian wheat tender, Hajj logistics, Iraqi customs corruption, Kuwaiti power cuts, a Lebanese
hospital strike, drought in Morocco, Suez Canal revenue; English stories below), and the general
rules their mistakes showed.

The articles live in tests/data/quality/round7/. Each rule is checked again on sentences of no
article in particular, so that the fixes stay general:
- a deputy's, adviser's or relative's word before another person's title makes the role theirs
  («مستشار الرئيس الفلسطيني محمود الهباش» is no president; «النائب الأول لرئيس الوزراء»);
- public figures named by their standing («القيادي في حركة حماس», «السياسي اليمني البارز»);
- a name with an age after it is a person ("Marisol Tapia, 52,", «فاطمة حسن (45 عاما)»);
- a title, a comma, an honorific and a name between commas («المدير العام للديوان، السيد …،»);
- a rank that is a common noun before one word is no person («إن الفريق جاهز»);
- a deadline set in the sentence looks forward ("ordered him to report to prison by Aug. 15",
  «أمهلت المحكمة الشركة حتى 30 سبتمبر»), as does a postponement ("postponed … through Monday"),
  and a regular past after a linking verb is an adjective ("will remain closed through Tuesday");
- «بالمائة» is "percent", not the Maghreb May.

English stories (a car recall, hostage mediation, a hurricane, a telecom outage, a Texas heatwave,
a volcano, a wheat tender) showed:
- "US" in capitals is the United States, and acronyms spelt like function words ("US", "WHO") join
  an event only in capitals ("told us on Tuesday" names no country);
- company suffixes ("Co.", "Corp.") end a company's name; "Separately, Kasumi said" is no person;
- storms are named like people and are none; "said resident Hope Delacroix" has the role "resident".
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.quality_corpus import at, corpus, dates, kinds, organisations, people

DATA = Path(__file__).parent / "data" / "quality" / "round7"

PUBLISHED = {
    "algeria_wheat_tender_ar": date(2023, 2, 14),  # a Tuesday
    "hajj_logistics_ar": date(2025, 5, 31),  # a Saturday (4 Dhu al-Hijjah 1446)
    "iraq_customs_corruption_ar": date(2023, 5, 16),  # a Tuesday
    "kuwait_power_cuts_ar": date(2024, 6, 20),  # a Thursday
    "lebanon_hospitals_strike_ar": date(2021, 7, 8),  # a Thursday
    "morocco_drought_ar": date(2022, 3, 23),  # a Wednesday
    "suez_canal_revenue_ar": date(2024, 1, 10),  # a Wednesday
    "carmaker_recall_en": date(2023, 8, 1),  # a Tuesday
    "hostage_mediation_en": date(2022, 10, 17),  # a Monday
    "hurricane_landfall_en": date(2021, 9, 23),  # a Thursday
    "telecom_outage_en": date(2025, 3, 8),  # a Saturday
    "texas_heat_blackouts_en": date(2026, 8, 14),  # a Friday
    "volcano_eruption_en": date(2026, 2, 12),  # a Thursday
    "wheat_tender_en": date(2024, 11, 20),  # a Wednesday
}

analysed = corpus(DATA, PUBLISHED)


_at = at
_orgs = organisations
_kinds = kinds


@pytest.mark.parametrize(
    ("sentence", "name", "role"),
    [
        ("وقال مستشار الرئيس الفلسطيني محمود الهباش إن الاتفاق قريب.", "محمود الهباش", "مستشار الرئيس الفلسطيني"),
        ("وقال نائب رئيس البرلمان محمد الحلبوسي إن الجلسة تأجلت.", "محمد الحلبوسي", "نائب رئيس البرلمان"),
        ("وقالت مساعدة وزير الخارجية الأمريكي باربرا ليف إن واشنطن قلقة.", "باربرا ليف", "مساعدة وزير الخارجية الأمريكي"),
        ("وقال النائب الأول لرئيس الوزراء العراقي فؤاد حسين إن الحكومة ملتزمة.", "فؤاد حسين", "النائب الأول لرئيس الوزراء العراقي"),
        ("وقال المستشار الاقتصادي لرئيس الوزراء مظهر محمد صالح إن الاحتياطي كاف.", "مظهر محمد صالح", "المستشار الاقتصادي لرئيس الوزراء"),
        ("وقال المستشار الإعلامي للرئيس سامي عادل إنه سيستقيل.", "سامي عادل", "المستشار الإعلامي للرئيس"),
        ("وقال نجل الرئيس الراحل سيف الإسلام القذافي إنه سيترشح.", "سيف الإسلام القذافي", "نجل الرئيس الراحل"),
        ("وقال الوزير للرئيس محمد علي إنه سيستقيل.", "محمد علي", "الرئيس"),
        ("واستقبل الرئيس المصري عبد الفتاح السيسي وفدا.", "عبد الفتاح السيسي", "الرئيس المصري"),
    ],
)
def test_a_deputys_or_advisers_role_is_not_the_principals_title(sentence: str, name: str, role: str) -> None:
    assert people(_at(sentence))[name] == role


def test_a_word_meaning_sufficient_is_no_football_confederation() -> None:
    a = _at("وقال الخبير إن الاحتياطي كاف لتغطية الواردات ستة أشهر.")
    assert not [x for x in a.actors if x.kind == "organisation"]


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("Marisol Tapia, 52, whose son works in the mine, said she had not slept.", "Marisol Tapia"),
        ("John Smith, 34, and his wife were rescued on Monday.", "John Smith"),
        ("وتقول فاطمة حسن (45 عاما) إن المياه غمرت منزلها.", "فاطمة حسن"),
        ("وكانت سعاد المنصوري، 38 عاما، تنتظر أمام المستشفى.", "سعاد المنصوري"),
        ("وقالت فاطمة محمد حسن (45 عاما) إن المياه غمرت منزلها.", "فاطمة محمد حسن"),
        ("وقال المزارع علي حسن (60 عاما) إن المحصول تلف.", "علي حسن"),
    ],
)
def test_a_name_with_an_age_after_it_is_a_person(sentence: str, name: str) -> None:
    assert name in people(_at(sentence))


@pytest.mark.parametrize(
    "sentence",
    [
        "In Paris, 12, people were hurt.",
        "The two, 52, left.",
        "وقتل في الحادث طفل (12 عاما) وأصيب آخرون.",
        "وتعيش الأسرة في المنزل منذ (30 عاما) تقريبا.",
    ],
)
def test_a_number_of_years_after_a_common_word_is_no_persons_age(sentence: str) -> None:
    assert people(_at(sentence)) == {}


@pytest.mark.parametrize(
    ("sentence", "name", "role"),
    [
        ("وقال القيادي في حركة حماس أسامة حمدان إن المفاوضات متوقفة.", "أسامة حمدان", "القيادي في حركة حماس"),
        ("وقال السياسي اليمني البارز محمد قحطان إن الحوار متعثر.", "محمد قحطان", "السياسي اليمني البارز"),
        ("وقال المعارض السوري هيثم مناع إن الحل سياسي.", "هيثم مناع", "المعارض السوري"),
        ("وأكد الأكاديمي الأردني محمد المومني أن الأزمة عميقة.", "محمد المومني", "الأكاديمي الأردني"),
        ("وظل السياسي محمد قحطان مخفيا منذ سنوات.", "محمد قحطان", "السياسي"),
        ("وقالت الممثلة ماريا سعيد إن الفيلم جاهز.", "ماريا سعيد", "الممثلة"),
    ],
)
def test_public_figures_named_by_their_standing(sentence: str, name: str, role: str) -> None:
    assert people(_at(sentence)) == {name: role}


@pytest.mark.parametrize("sentence", ["وقال إن الفريق جاهز للمباراة.", "وأكد أن اللواء جاهز.", "وقال المكتب السياسي للحركة إن القرار نهائي."])
def test_a_rank_that_is_a_common_noun_before_one_word_is_no_person(sentence: str) -> None:
    assert people(_at(sentence)) == {}


def test_a_rank_before_a_surname_the_story_gave_in_full_is_that_person() -> None:
    a = _at("التقى الفريق أول عبد الفتاح البرهان بالوفد.", "وقال الفريق البرهان إن الحرب ستنتهي.")
    assert list(people(a)) == ["عبد الفتاح البرهان"]
    assert [x.paragraphs for x in a.actors if x.kind == "person"] == [[0, 1]]


@pytest.mark.parametrize(
    ("sentence", "start"),
    [
        ("The judge ordered him to report to prison by Aug. 15.", "2024-08-15"),
        ("The company has until Sept. 30 to respond.", "2024-09-30"),
        ("وأمهلت المحكمة الشركة حتى 30 سبتمبر لتسديد الديون.", "2024-09-30"),
        ("وحدد البنك موعدا أقصاه 15 أغسطس لتقديم العروض.", "2024-08-15"),
        # no deadline set: the date stays behind the publication date
        ("The troops had left by March 3.", "2024-03-03"),
        ("وقال إن القتال استمر حتى 3 مارس.", "2024-03-03"),
    ],
)
def test_a_deadline_set_in_the_sentence_looks_forward(sentence: str, start: str) -> None:
    assert list(dates(_at(sentence)).values()) == [start]


def test_us_in_capitals_is_the_united_states_and_the_pronoun_is_not() -> None:
    a = _at("About 1.1 million cars are in the US, 310,000 in China.", "He told us on Tuesday that he would leave.")
    assert _kinds(a)["United States"] == "country"
    assert [e.actors for e in a.timeline] == [[]]


def test_an_acronym_spelt_like_a_function_word_joins_an_event_only_in_capitals() -> None:
    a = _at("The WHO said on Friday that cases rose.", "Doctors who met on Thursday agreed.")
    assert {e.text: e.actors for e in a.timeline} == {"Thursday": [], "Friday": ["World Health Organization"]}


def test_company_suffixes_end_a_companys_name() -> None:
    a = _at("Kasumi Motor Co. will recall about 1.9 million vehicles.", "Separately, Kasumi said profit rose.")
    assert _orgs(a) == {"Kasumi Motor Co"}
    assert people(a) == {}  # ("Separately, Kasumi": the comma ends any name)
    b = _at("Toyota Motor Corp. said on Monday it would raise prices.")
    assert _orgs(b) == {"Toyota"}


@pytest.mark.parametrize(
    ("sentence", "start"),
    [
        ("Schools will remain closed through at least Tuesday, the district said.", "2021-09-28"),
        ("The store will stay closed until Monday.", "2021-09-27"),
        ("The hospitals had postponed elective surgeries through Monday.", "2021-09-27"),
        ("وأرجأت المحكمة الجلسة حتى الأحد.", "2021-09-26"),
        ("The store remained closed until Monday.", "2021-09-20"),
        ("Talks continued until Monday.", "2021-09-20"),
        ("The company has cut 500 jobs by March.", "2021-03"),
    ],
)
def test_a_participle_after_a_linking_verb_and_a_postponement_look_forward(sentence: str, start: str) -> None:
    assert list(dates(_at(sentence, published=date(2021, 9, 23))).values()) == [start]


def test_storms_are_named_like_people_but_are_none() -> None:
    a = _at("Hurricane Wendell made landfall on Thursday.", "Hurricane Wendell weakened, forecasters said.",
            "Tropical Storm Ida flooded the city.")
    assert people(a) == {}


def test_a_common_noun_between_said_and_a_name_is_the_role() -> None:
    a = _at("The storm recalled Hurricane Ivan in 2004, said resident Hope Delacroix.",
            "Prices rose, said farmer John Smith, who grows wheat.")
    assert people(a) == {"Hope Delacroix": "resident", "John Smith": "farmer"}


def test_every_round7_article_has_a_publication_date() -> None:
    assert sorted(p.stem for p in DATA.glob("*.txt")) == sorted(PUBLISHED)


def test_a_yearless_date_in_apposition_to_a_date_lies_on_its_side_of_publication() -> None:
    a = _at("ويتوجه الحجاج يوم الخميس المقبل، التاسع من ذي الحجة، إلى عرفات.", published=date(2025, 5, 31))
    assert set(dates(a).values()) == {"2025-06-05"}  # (not 9 Dhu al-Hijjah 1445, a year before)
    b = _at("The vote is next Tuesday, July 16.", published=date(2025, 5, 31))
    assert list(dates(b).values()) == ["2025-07-16"]


def test_current_before_a_unit_belongs_to_the_noun_before_it() -> None:
    a = _at("وستستضيف اللجنة مدير الجمارك الحالي الشهر المقبل.", "وتراجع الإنتاج هذا الشهر.", published=date(2023, 5, 16))
    assert dates(a) == {"الشهر المقبل": "2023-06", "هذا الشهر": "2023-05"}


@pytest.mark.parametrize(
    "sentence",
    ["ورفع البنك السعر إلى 1300 دينار للدولار من 1460 دينارا.", "وبلغ العجز 1990 ميغاواط في الذروة."],
)
def test_an_accusative_unit_after_a_number_makes_it_a_figure_not_a_year(sentence: str) -> None:
    a = _at(sentence)
    assert a.timeline == []
    assert a.figures


@pytest.mark.parametrize(
    ("sentence", "name", "role"),
    [
        ("وقال أمين الجبوري عضو اللجنة المالية في مجلس النواب لرويترز إن الجمارك تنزف.",
         "أمين الجبوري", "عضو اللجنة المالية في مجلس النواب"),
        ("وقالت آنا ماريا فيشر منسقة برامج مكافحة الفساد في برنامج الأمم المتحدة الإنمائي في العراق إن البرنامج يعمل.",
         "آنا ماريا فيشر", "منسقة برامج مكافحة الفساد في برنامج الأمم المتحدة الإنمائي في العراق"),
        ("من جهته، قال مراقب التنبؤات في إدارة الأرصاد الجوية سعيد الدوسري إن البلاد تتأثر.",
         "سعيد الدوسري", "مراقب التنبؤات في إدارة الأرصاد الجوية"),
        ("وقال ماركوس فايغل، المدير الإقليمي لشركة سيمنز للطاقة في الشرق الأوسط، إن الشبكات تواجه ضغطا.",
         "ماركوس فايغل", "المدير الإقليمي لشركة سيمنز للطاقة في الشرق الأوسط"),
        ("وأوضح وزير الكهرباء والماء والطاقة المتجددة المهندس خالد بورسلي، في تصريح للصحفيين، أن الشبكة تعاني.",
         "خالد بورسلي", "وزير الكهرباء والماء والطاقة المتجددة"),
        ("واستقبل الرئيس الشيخ محمد بن زايد الوفد.", "محمد بن زايد", "الرئيس"),
        ("وأوضح المتحدث باسم وزارة الحج والعمرة غازي الحارثي للجزيرة نت أن القطار جاهز.",
         "غازي الحارثي", "المتحدث باسم وزارة الحج والعمرة"),
        ("وقالت الممرضة أمل شمس الدين (38 عاماً)، التي تعمل في قسم العناية، إن راتبها تآكل.", "أمل شمس الدين", "الممرضة"),
        ("وفي أحد الفنادق، قال الحاج المصري صابر عبد العال (67 عاما) إنه انتظر طويلا.", "صابر عبد العال", "الحاج المصري"),
        ("أما الحاجة النيجيرية فاطمة أبو بكر فقالت إن البطاقة سهلت تنقلها.", "فاطمة أبو بكر", "الحاجة النيجيرية"),
    ],
)
def test_more_arabic_titles_roles_and_their_complements(sentence: str, name: str, role: str) -> None:
    assert people(_at(sentence)) == {name: role}


@pytest.mark.parametrize(
    "sentence",
    ["وقال مراقب إن الوضع هادئ.", "وقال إن العامل الرئيسي هو التضخم.", "وأكد أن كل عضو في اللجنة صوت."],
)
def test_a_new_title_word_without_a_name_is_no_person(sentence: str) -> None:
    assert people(_at(sentence)) == {}


def test_an_arabic_condition_and_a_threat_look_forward() -> None:
    a = _at(
        "وأشار إلى أن المستشفيات قد تتخذ خطوات تصعيدية إذا لم تصرف السلفة الموعودة قبل الأول من آب، لافتاً إلى أن"
        " أكثر من 30 مستشفى باتت مهددة بالإقفال الجزئي أو الكلي قبل أواخر أيلول.",
        published=date(2021, 7, 8),
    )
    assert {e.text: e.start for e in a.timeline} == {"الأول من آب": "2021-08-01", "أواخر أيلول": "2021-09-21"}


def test_merging_one_mention_gives_its_actors_to_no_other_mention_of_its_sentence() -> None:
    # the first sentence's two dates share one list of actors; the Tuesday one merges with the
    # Tuesday of the second paragraph, whose actor must not spread to the August date
    a = _at(
        "أظهرت بيانات يوم الثلاثاء أن التضخم في مصر تراجع في أغسطس آب.",
        "وقالت رضوى السويفي رئيسة قسم البحوث إن بيانات يوم الثلاثاء مشجعة.",
        published=date(2022, 9, 14),
    )
    by_text = {e.text: e.actors for e in a.timeline}
    assert "رضوى السويفي" in by_text["يوم الثلاثاء"]
    assert by_text["أغسطس آب"] == ["مصر"]


@pytest.mark.parametrize(
    ("sentence", "name", "role"),
    [
        ("الرباط (ومع) - أكد الكاتب العام لقطاع الفلاحة، السيد عبد الرحيم الوزاني، أمس الثلاثاء بالرباط، أن الموسم صعب.",
         "عبد الرحيم الوزاني", "الكاتب العام لقطاع الفلاحة"),
        ("وبإقليم سطات، قال الفلاح محمد بنعيسى، البالغ من العمر 58 سنة، إنه اضطر إلى بيع نصف قطيعه.", "محمد بنعيسى", "الفلاح"),
        ("من جانبه، أكد ممثل منظمة الأغذية والزراعة للأمم المتحدة (الفاو) بالمغرب، جان-بيير لوكلير، أن المملكة تواجه الجفاف.",
         "جان-بيير لوكلير", "ممثل منظمة الأغذية والزراعة للأمم المتحدة (الفاو) بالمغرب"),
        ("وقال رئيس المنظمة الدولية للهجرة (IOM) جون سميث إن العدد ارتفع.", "جون سميث", "رئيس المنظمة الدولية للهجرة (IOM)"),
        ("وقال الأمين العام لمجلس الوزراء محمد علي إن القرار صدر.", "محمد علي", "الأمين العام لمجلس الوزراء"),
        ("أما بشرى أيت علي، رئيسة تعاونية نسائية لتربية الماعز بإقليم أزيلال، فأكدت أن توزيع الشعير خفف العبء.",
         "بشرى أيت علي", "رئيسة تعاونية نسائية لتربية الماعز بإقليم أزيلال"),
        ("أما محمد علي، الوزير السابق، فقال إن الأزمة عميقة.", "محمد علي", "الوزير السابق"),
    ],
)
def test_maghreb_agency_roles_genitives_brackets_and_topics(sentence: str, name: str, role: str) -> None:
    assert people(_at(sentence)) == {name: role}


def test_a_topic_that_is_no_name_is_no_person() -> None:
    assert people(_at("أما الحكومة، فقالت إن الوضع مستقر.")) == {}


def test_two_times_of_one_sentence_stay_two_events_unless_they_are_the_same_interval() -> None:
    a = _at(
        "أعلنت الهيئة الثلاثاء أن الإيرادات تراجعت بنسبة 40 في المئة منذ مطلع كانون الثاني/يناير مقارنة بالفترة نفسها"
        " من العام الماضي.",
        published=date(2024, 1, 10),
    )
    assert dates(a) == {"العام الماضي": "2023", "مطلع كانون الثاني/يناير": "2024-01-01", "الثلاثاء": "2024-01-09"}
    b = _at("The outbreak began in March 2022 and became the deadliest on record earlier this year.",
            published=date(2022, 10, 31))
    assert dates(b) == {"earlier this year": "2022", "March 2022": "2022-03"}


def test_more_arabic_professions_and_ranks() -> None:
    a = _at("وقالت الخبيرة الاقتصادية رانيا الجمّال لفرانس برس إن كل شهر مكلف.",
            "وقال نائب رئيس الهيئة اللواء بحري هشام الدمرداش إن الحركة تراجعت.")
    assert people(a) == {"رانيا الجمّال": "الخبيرة الاقتصادية", "هشام الدمرداش": "نائب رئيس الهيئة اللواء بحري"}


def test_english_people_before_an_age_or_a_who_clause_even_with_a_citys_name() -> None:
    a = _at(
        "Paris Whitmore, 34, a nurse from Leeds, said she had been unable to reach the school.",
        "Hope Fairbanks, who chairs the consumer group, said the failure showed weaknesses.",
        "Mark Oduya, who runs a café in Cardiff, said he had turned customers away.",
        "The European Union, who had warned of this, said nothing.",
        "New York, whose mayor resigned, is calm.",
    )
    assert people(a) == {"Paris Whitmore": "nurse from Leeds", "Hope Fairbanks": None, "Mark Oduya": None}
    assert "France" not in _kinds(a)  # ("Paris" is her given name, no mention of the capital)


def test_a_place_may_open_an_organisations_name() -> None:
    a = _at("Dr. Ingrid Voss, director of the Sahel Health Alliance, said the group would stay.",
            "The England and Wales Cricket Board said on Monday it would appeal.")
    assert {"Sahel Health Alliance", "Wales Cricket Board"} <= _orgs(a)
    assert "Sahel" not in _kinds(a) and "Wales" not in _kinds(a)


@pytest.mark.parametrize(
    ("sentence", "place"),
    [
        ("About 9.4 million users across England, Scotland and Wales lost service.", "Wales"),
        ("Gov. Kay Ivey of Alabama declared an emergency.", "Alabama"),
        ("وضرب الإعصار ولاية لويزيانا.", "لويزيانا"),
        ("The plant is in Kentucky.", "Kentucky"),
    ],
)
def test_states_and_nations_that_cldr_does_not_name_are_places(sentence: str, place: str) -> None:
    assert _kinds(_at(sentence)).get(place) == "place"


def test_minutes_of_a_time_and_a_year_with_an_adverb_are_no_figures() -> None:
    a = _at("Demand peaked at 89,412 megawatts at about 5:30 p.m., breaking a record.", "It felt like 2021 again.",
            "Profit rose to 600 billion won in the quarter.")
    assert [(f.text, f.what) for f in a.figures] == [("89,412 megawatts", "megawatts"), ("600 billion won", "won")]


def test_forecasters_expect_looks_forward() -> None:
    a = _at("Forecasters expect highs of 110 degrees on Saturday and Sunday.", published=date(2026, 8, 14))
    assert dates(a) == {"Saturday": "2026-08-15", "Sunday": "2026-08-16"}


def test_a_place_may_be_an_organisations_complement() -> None:
    a = _at("The Electric Reliability Council of Texas, or ERCOT, said demand peaked.")
    assert _orgs(a) == {"Electric Reliability Council of Texas"}
    assert "Texas" not in _kinds(a)


def test_a_day_range_after_a_month_and_a_year() -> None:
    a = _at("Jordan sought shipment in the Jan. 1-15, 2025, period.", published=date(2024, 11, 20))
    assert [(e.text, e.start, e.end) for e in a.timeline] == [("Jan. 1-15, 2025", "2025-01-01", "2025-01-15")]


def test_shortly_before_a_time_is_no_vague_date() -> None:
    a = _at("The eruption began shortly before 0300 GMT on Thursday.", published=date(2026, 2, 12))
    assert dates(a) == {"Thursday": "2026-02-12"}


def test_a_countrys_name_as_a_given_name_after_said() -> None:
    a = _at('"Prices are volatile," said Jordan Fischer, an analyst at Hamburg-based Nordkorn Research.')
    assert people(a) == {"Jordan Fischer": "analyst at Hamburg-based Nordkorn Research"}
    assert "Jordan" not in _kinds(a)


# --- the round-7 articles themselves


def test_algeria_tender_officials_named_between_commas_and_percent_is_no_may() -> None:
    a = analysed("algeria_wheat_tender_ar")
    assert people(a) == {"نصر الدين حمادي": "المدير العام للديوان", "عبد المجيد تبون": "رئيس الجمهورية"}
    assert all(not start.startswith("2023-05") for start in dates(a).values())  # («4 بالمائة» is no 4 May)


def test_hajj_spokesman_pilgrims_and_hijri_days_of_this_season() -> None:
    a = analysed("hajj_logistics_ar")
    found = people(a)
    assert found["غازي الحارثي"] == "المتحدث باسم وزارة الحج والعمرة"
    assert found["صابر عبد العال"] == "الحاج المصري" and found["فاطمة أبو بكر"] == "الحاجة النيجيرية"
    d = dates(a)
    assert d["يوم الخميس المقبل"] == "2025-06-05" and d["14 ذي الحجة"] == "2025-06-10"
    assert "التاسع من ذي الحجة" not in d  # (one event with next Thursday, not 9 Dhu al-Hijjah 1445)


def test_iraq_customs_mp_and_undp_coordinator_and_no_year_1460() -> None:
    a = analysed("iraq_customs_corruption_ar")
    found = people(a)
    assert found["أمين الجبوري"] == "عضو اللجنة المالية في مجلس النواب"
    assert found["آنا ماريا فيشر"].startswith("منسقة برامج مكافحة الفساد")
    d = dates(a)
    assert "1460" not in d and d["الشهر المقبل"] == "2023-06"


def test_kuwait_minister_with_a_joint_portfolio_and_forecast_saturday() -> None:
    a = analysed("kuwait_power_cuts_ar")
    found = people(a)
    assert found["خالد بورسلي"] == "وزير الكهرباء والماء والطاقة المتجددة"
    assert found["سعيد الدوسري"] == "مراقب التنبؤات في إدارة الأرصاد الجوية"
    assert "لشركة سيمنز" not in found
    assert dates(a)["السبت المقبل"] == "2024-06-22"


def test_lebanon_strike_nurse_and_deadlines_ahead() -> None:
    a = analysed("lebanon_hospitals_strike_ar")
    assert people(a)["أمل شمس الدين"] == "الممرضة"
    d = dates(a)
    assert d["الأول من آب"] == "2021-08-01" and d["أواخر أيلول"] == "2021-09-21"


def test_morocco_drought_maghreb_roles() -> None:
    found = people(analysed("morocco_drought_ar"))
    assert found["عبد الرحيم الوزاني"].startswith("الكاتب العام لقطاع الفلاحة")
    assert found["بشرى أيت علي"].startswith("رئيسة تعاونية نسائية")
    assert found["جان-بيير لوكلير"].startswith("ممثل منظمة الأغذية والزراعة")
    assert found["محمد بنعيسى"] == "الفلاح"


def test_suez_revenue_start_of_january_is_its_own_event() -> None:
    a = analysed("suez_canal_revenue_ar")
    assert dates(a)["مطلع كانون الثاني/يناير"] == "2024-01-01"
    assert people(a)["رانيا الجمّال"] == "الخبيرة الاقتصادية"


def test_carmaker_recall_company_and_no_adverb_person() -> None:
    a = analysed("carmaker_recall_en")
    assert "Kasumi Motor Co" in _orgs(a)
    assert "Separately Kasumi" not in people(a)
    assert _kinds(a).get("United States") == "country"


def test_hurricane_has_no_storm_people_and_schools_reopen_ahead() -> None:
    a = analysed("hurricane_landfall_en")
    assert not [name for name in people(a) if name.startswith("Hurricane")]
    d = dates(a)
    assert d["Tuesday"] == "2021-09-28" and d["Monday"] == "2021-09-27"
    assert {"Alabama", "Mississippi", "Louisiana"} <= set(_kinds(a))


def test_telecom_outage_people_named_with_ages_and_who_clauses() -> None:
    found = people(analysed("telecom_outage_en"))
    assert {"Paris Whitmore", "Hope Fairbanks", "Mark Oduya", "Victoria Hale"} <= set(found)


def test_texas_heat_forecast_weekend_and_no_clock_figures() -> None:
    a = analysed("texas_heat_blackouts_en")
    d = dates(a)
    assert d["Saturday"] == "2026-08-15" and d["Sunday"] == "2026-08-16"
    assert not [f for f in a.figures if f.what in ("p", "again")]
    assert "Electric Reliability Council of Texas" in _orgs(a)


def test_wheat_tender_analyst_named_jordan_and_a_day_range() -> None:
    a = analysed("wheat_tender_en")
    assert people(a)["Jordan Fischer"] == "analyst at Hamburg-based Nordkorn Research"
    assert dates(a)["Jan. 1-15, 2025"] == "2025-01-01"


def test_an_untitled_arabic_subheading_takes_the_english_title_its_paragraphs_favour() -> None:
    a = analysed("hajj_logistics_ar")
    by_title = {c.title: c for c in a.cards}
    trains = by_title["قطارات وحافلات"]  # the subheading stays the Arabic title
    assert (trains.title_en, trains.emoji) == ("Transport and shipping", "🚆")
    assert by_title["الحر والتصاريح"].title_en == "Weather"
    # a section whose paragraphs favour no subject clearly keeps "Details"
    assert by_title["شهادات"].title_en == "Details"


@pytest.mark.parametrize(
    ("paragraph", "topic"),
    [
        ("تراجع محصول القمح والشعير بسبب الجفاف، واضطر المزارعون إلى بيع الماشية لغلاء الأعلاف.", "agriculture"),
        ("Farmers said the wheat harvest and other crops failed, and livestock prices fell.", "agriculture"),
        ("وتوقفت القطارات والحافلات، وألغيت الرحلات الجوية في المطار.", "transport"),
        ("Shipping lines diverted vessels from the canal, and freight rates at ports doubled.", "transport"),
        ("وتوقعت الأرصاد أن تتجاوز درجات الحرارة خمسين درجة مع رياح محملة بالغبار.", "weather"),
        ("Forecasters expect temperatures to rise further in the heat wave, with no rain in sight.", "weather"),
    ],
)
def test_new_card_topics_for_farming_transport_and_weather(paragraph: str, topic: str) -> None:
    from digests.cards import cue_scores, load_taxonomy
    from digests.textnorm import tokens

    scores = cue_scores(tokens(paragraph), load_taxonomy())
    assert max(scores, key=lambda t: scores[t]) == topic, scores


def test_schedule_verbs_in_the_present_look_forward() -> None:
    a = _at("The plant restarts on Friday.", "The ferry departs on Monday.", published=date(2025, 1, 15))
    assert dates(a) == {"Friday": "2025-01-17", "Monday": "2025-01-20"}


def test_a_name_after_a_business_noun_is_a_company() -> None:
    a = _at("Its operator HS Orka said the plant was running normally.", "Carmaker Kasumi Motor said sales fell.",
            "Its chief executive John Smith said sales fell.")
    assert _orgs(a) == {"HS Orka", "Kasumi Motor"}
    assert people(a) == {"John Smith": "chief executive"}
