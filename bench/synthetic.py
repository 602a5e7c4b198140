"""Synthetic wire-news articles in Arabic and English, generated from templates, for benchmarks and tests.

Every article is a different combination of a story type (talks, earthquake, interest rates,
elections, football, protests, trade, floods, outbreaks, oil), countries, capitals, people with
titles, agencies, weekdays, months, figures and quotes, so the store sees a realistic spread of
actors, dates and vocabulary rather than copies of one text. Country names come from Babel (CLDR),
capitals and demonyms from the gazetteer under ``config/``; people are invented name combinations.

``generate(n, seed)`` is deterministic: the same seed gives the same articles.
"""

from __future__ import annotations

import random
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.dates import get_day_names, get_month_names

from digests.model import Article

CONFIG = Path(__file__).resolve().parent.parent / "config"

FIRST_NAMES = [
    ("خالد", "Khaled"), ("سامي", "Sami"), ("ليلى", "Laila"), ("عمر", "Omar"), ("نادية", "Nadia"),
    ("يوسف", "Youssef"), ("مريم", "Mariam"), ("حسن", "Hassan"), ("رنا", "Rana"), ("طارق", "Tarek"),
    ("جون", "John"), ("آنا", "Anna"), ("بيتر", "Peter"), ("ماريا", "Maria"), ("ديفيد", "David"),
    ("إيلينا", "Elena"), ("توماس", "Thomas"), ("صوفيا", "Sofia"), ("كارلوس", "Carlos"), ("هيروشي", "Hiroshi"),
    ("إبراهيم", "Ibrahim"), ("فاطمة", "Fatima"), ("أحمد", "Ahmed"), ("زينب", "Zainab"), ("مارك", "Mark"),
]
LAST_NAMES = [
    ("الحسن", "al-Hassan"), ("منصور", "Mansour"), ("العلي", "al-Ali"), ("حداد", "Haddad"), ("الخطيب", "al-Khatib"),
    ("سليمان", "Suleiman"), ("ناصر", "Nasser"), ("عيسى", "Issa"), ("ميلر", "Miller"), ("شميت", "Schmidt"),
    ("روسي", "Rossi"), ("كوفاتش", "Kovac"), ("تاناكا", "Tanaka"), ("سيلفا", "Silva"), ("نوفاك", "Novak"),
    ("أندرسون", "Andersen"), ("موريل", "Morel"), ("بيتروف", "Petrov"), ("أوكونكو", "Okonkwo"), ("غارسيا", "Garcia"),
    ("ليندبرغ", "Lindberg"), ("كاظم", "Kazem"), ("الراشد", "al-Rashed"), ("بانرجي", "Banerjee"), ("فيشر", "Fischer"),
]
TITLES = [
    ("الرئيس", "President"), ("رئيس الوزراء", "Prime Minister"), ("وزير الخارجية", "Foreign Minister"),
    ("وزير المالية", "Finance Minister"), ("وزير الدفاع", "Defence Minister"), ("وزيرة الصحة", "Health Minister"),
]
AGENCIES = [("رويترز", "Reuters"), ("أسوشيتد برس", "AP"), ("فرانس برس", "AFP")]
ORGS = [("الأمم المتحدة", "United Nations"), ("الاتحاد الأوروبي", "European Union"),
        ("صندوق النقد الدولي", "International Monetary Fund"), ("منظمة الصحة العالمية", "World Health Organization")]


@dataclass
class Country:
    code: str
    ar: str
    en: str
    capital_ar: str
    capital_en: str
    demonym_ar: str
    demonym_en: str


@lru_cache(maxsize=1)
def countries() -> list[Country]:
    """Countries that have a capital and a demonym in the gazetteer, named by CLDR."""
    capitals = tomllib.loads((CONFIG / "gazetteer" / "capitals.toml").read_text(encoding="utf-8"))
    demonyms = tomllib.loads((CONFIG / "gazetteer" / "demonyms.toml").read_text(encoding="utf-8"))
    ar_names, en_names = Locale("ar").territories, Locale("en").territories
    found = []
    for code, cap in capitals.items():
        dem = demonyms.get(code) or {}
        if not (cap.get("ar") and cap.get("en") and dem.get("ar") and dem.get("en")):
            continue
        if code not in ar_names or code not in en_names:
            continue
        found.append(Country(code, ar_names[code], en_names[code], cap["ar"][0], cap["en"][0], dem["ar"][0], dem["en"][0]))
    return found


# Story templates: (headline, paragraphs) per language. Placeholders are filled from ``_slots``.
STORIES: dict[str, dict[str, tuple[str, list[str]]]] = {
    "talks": {
        "ar": ("{p1_title} {p1} يستضيف محادثات مع {c2} و{c3} بشأن {issue_ar}", [
            "{cap1} ({agency}) – يستضيف {p1_title} {dem1} {p1} محادثات مع زعيمي {c2} و{c3} يوم {weekday} في {cap1}، في وقت تسعى {c1} إلى دور الوسيط بين البلدين.",
            "وقال {p2_title} {dem2} {p2} إن وفد بلاده وصل إلى {cap1} لحضور الاجتماع الذي يركز على {issue_ar}.",
            "وتأتي المحادثات بعد {n_small} أسابيع من اشتباكات على الحدود قتل فيها {n} شخصًا، بحسب {org}.",
            "وقال {p1} في بيان: «نريد اتفاقًا يضمن الاستقرار والأمن في المنطقة».",
            "وكانت {c2} و{c3} قد وقعتا اتفاقًا لوقف إطلاق النار في {month} {year_prev} بوساطة {org}.",
            "ومن المقرر أن يلتقي الوفدان مجددًا في {cap2} في {month2} المقبل.",
        ]),
        "en": ("{p1_title} {p1} to host {c2} and {c3} for talks on {issue_en}", [
            "{cap1_en} ({agency}) - {dem1_en} {p1_title} {p1} hosts talks with the leaders of {c2} and {c3} on {weekday} in {cap1_en}, as {c1} seeks a role as mediator between the two.",
            "{dem2_en} {p2_title} {p2} said his delegation had arrived in {cap1_en} for the meeting, which will focus on {issue_en}.",
            "The talks come {n_small} weeks after border clashes in which {n} people were killed, according to the {org}.",
            "\"We want an agreement that guarantees stability and security in the region,\" {p1} said in a statement.",
            "{c2} and {c3} signed a ceasefire in {month} {year_prev} brokered by the {org}.",
            "The delegations are due to meet again in {cap2_en} in {month2}.",
        ]),
    },
    "quake": {
        "ar": ("زلزال بقوة {mag} درجات يضرب {c1} ويقتل {n} شخصًا", [
            "{cap1} ({agency}) – ضرب زلزال بقوة {mag} درجات على مقياس ريختر منطقة قريبة من {cap1} فجر يوم {weekday}، ما أدى إلى مقتل {n} شخصًا على الأقل وإصابة {n2} آخرين.",
            "وقال {p1_title} {dem1} {p1} إن فرق الإنقاذ تعمل على انتشال العالقين تحت الأنقاض.",
            "وأعلنت {org} أنها أرسلت {n_small} فرق طبية إلى المنطقة المنكوبة.",
            "وعرضت {c2} و{c3} المساعدة، وقال {p2} إن طائرة تحمل {n_small} أطنان من المساعدات ستصل يوم {weekday2}.",
            "وكان آخر زلزال كبير ضرب البلاد في {month} {year_prev} وقتل فيه {n3} شخصًا.",
        ]),
        "en": ("Magnitude {mag} earthquake kills {n} in {c1}", [
            "{cap1_en} ({agency}) - An earthquake of magnitude {mag} struck near {cap1_en} early on {weekday}, killing at least {n} people and injuring {n2}.",
            "{dem1_en} {p1_title} {p1} said rescue teams were working to free people trapped under rubble.",
            "The {org} said it had sent {n_small} medical teams to the area.",
            "{c2} and {c3} offered help, and {p2} said a plane carrying {n_small} tonnes of aid would arrive on {weekday2}.",
            "The last major earthquake hit the country in {month} {year_prev}, killing {n3} people.",
        ]),
    },
    "rates": {
        "ar": ("البنك المركزي في {c1} يرفع الفائدة {bp} نقطة أساس", [
            "{cap1} ({agency}) – رفع البنك المركزي في {c1} يوم {weekday} سعر الفائدة الرئيسي بمقدار {bp} نقطة أساس إلى {rate} بالمئة، في محاولة لكبح التضخم الذي بلغ {infl} بالمئة في {month}.",
            "وقال {p1_title} {dem1} {p1} إن الحكومة تدعم قرار البنك.",
            "ويتوقع {org} أن يتباطأ النمو إلى {growth} بالمئة هذا العام.",
            "وانخفضت عملة {c1} بنسبة {pct} بالمئة أمام الدولار منذ بداية العام.",
            "ويجتمع البنك مجددًا في {month2} لمراجعة السياسة النقدية.",
        ]),
        "en": ("{c1} central bank raises rates by {bp} basis points", [
            "{cap1_en} ({agency}) - {c1}'s central bank raised its main interest rate by {bp} basis points to {rate} percent on {weekday}, trying to curb inflation that reached {infl} percent in {month}.",
            "{dem1_en} {p1_title} {p1} said the government supported the decision.",
            "The {org} expects growth to slow to {growth} percent this year.",
            "The {dem1_en} currency has fallen {pct} percent against the dollar since January.",
            "The bank meets again in {month2} to review monetary policy.",
        ]),
    },
    "election": {
        "ar": ("الناخبون في {c1} يدلون بأصواتهم في انتخابات {kind_ar}", [
            "{cap1} ({agency}) – توجه الناخبون في {c1} يوم {weekday} إلى صناديق الاقتراع لاختيار {n_small}00 نائب في انتخابات {kind_ar} يتنافس فيها {p1} و{p2}.",
            "وقالت اللجنة الانتخابية إن نسبة المشاركة بلغت {pct} بالمئة حتى الظهر.",
            "ويتقدم {p1} في استطلاعات الرأي بفارق {n_small} نقاط.",
            "وأرسل {org} {n} مراقبًا لمتابعة عملية التصويت.",
            "ومن المتوقع إعلان النتائج الأولية يوم {weekday2}.",
        ]),
        "en": ("{c1} votes in {kind_en} election", [
            "{cap1_en} ({agency}) - Voters in {c1} went to the polls on {weekday} to choose {n_small}00 lawmakers in a {kind_en} election contested by {p1} and {p2}.",
            "The election commission said turnout reached {pct} percent by midday.",
            "{p1} leads in opinion polls by {n_small} points.",
            "The {org} sent {n} observers to monitor the vote.",
            "Preliminary results are expected on {weekday2}.",
        ]),
    },
    "football": {
        "ar": ("{c1} تفوز على {c2} {g1}-{g2} في تصفيات كأس العالم", [
            "{cap1} ({agency}) – فاز منتخب {c1} على ضيفه منتخب {c2} بنتيجة {g1}-{g2} يوم {weekday} في تصفيات كأس العالم أمام {n} متفرج.",
            "وسجل {p1} هدفين في الشوط الثاني.",
            "وقال مدرب {c2} {p2} إن فريقه يستحق التعادل.",
            "ويلتقي منتخب {c1} مع {c3} في {month2} المقبل.",
        ]),
        "en": ("{c1} beat {c2} {g1}-{g2} in World Cup qualifier", [
            "{cap1_en} ({agency}) - {c1} beat {c2} {g1}-{g2} in a World Cup qualifier on {weekday} in front of {n} fans.",
            "{p1} scored twice in the second half.",
            "{c2} coach {p2} said his team deserved a draw.",
            "{c1} play {c3} in {month2}.",
        ]),
    },
    "protest": {
        "ar": ("آلاف المحتجين في {cap1} ضد {issue_ar}", [
            "{cap1} ({agency}) – تظاهر آلاف الأشخاص في {cap1} يوم {weekday} احتجاجًا على {issue_ar}، واعتقلت الشرطة {n_small}0 شخصًا.",
            "وقال {p1_title} {dem1} {p1} إن الحكومة مستعدة للحوار.",
            "ودعا {org} السلطات إلى احترام حق التظاهر السلمي.",
            "وقدر المنظمون عدد المشاركين بنحو {n} شخص.",
        ]),
        "en": ("Thousands protest in {cap1_en} against {issue_en}", [
            "{cap1_en} ({agency}) - Thousands of people marched in {cap1_en} on {weekday} to protest against {issue_en}, and police detained {n_small}0 people.",
            "{dem1_en} {p1_title} {p1} said the government was ready for dialogue.",
            "The {org} urged the authorities to respect the right to peaceful protest.",
            "Organisers put the number of marchers at about {n}.",
        ]),
    },
    "trade": {
        "ar": ("{c1} و{c2} توقعان اتفاقًا تجاريًا بقيمة {n_small} مليارات دولار", [
            "{cap1} ({agency}) – وقعت {c1} و{c2} يوم {weekday} اتفاقًا تجاريًا بقيمة {n_small} مليارات دولار يخفض الرسوم الجمركية على {n2} سلعة.",
            "وقال {p1_title} {dem1} {p1} إن الاتفاق سيوفر {n} فرصة عمل.",
            "وقال {p2_title} {dem2} {p2}: «هذا يوم تاريخي لبلدينا».",
            "ويدخل الاتفاق حيز التنفيذ في {month2} {year}.",
        ]),
        "en": ("{c1} and {c2} sign ${n_small} billion trade deal", [
            "{cap1_en} ({agency}) - {c1} and {c2} signed a trade agreement worth {n_small} billion dollars on {weekday}, cutting tariffs on {n2} goods.",
            "{dem1_en} {p1_title} {p1} said the deal would create {n} jobs.",
            "\"This is a historic day for our two countries,\" said {dem2_en} {p2_title} {p2}.",
            "The agreement takes effect in {month2} {year}.",
        ]),
    },
    "flood": {
        "ar": ("فيضانات في {c1} تشرد {n} شخص", [
            "{cap1} ({agency}) – شردت فيضانات ناجمة عن أمطار غزيرة {n} شخص في {c1} منذ يوم {weekday}، وقتل فيها {n_small} أشخاص.",
            "وقالت {org} إن {n2} منزل غمرتها المياه.",
            "وأعلن {p1_title} {dem1} {p1} حالة الطوارئ في {n_small} مقاطعات.",
            "وتتوقع الأرصاد الجوية مزيدًا من الأمطار حتى نهاية {month}.",
        ]),
        "en": ("Floods displace {n} in {c1}", [
            "{cap1_en} ({agency}) - Floods caused by heavy rain have displaced {n} people in {c1} since {weekday}, killing {n_small}.",
            "The {org} said {n2} homes were under water.",
            "{dem1_en} {p1_title} {p1} declared a state of emergency in {n_small} provinces.",
            "Forecasters expect more rain until the end of {month}.",
        ]),
    },
    "outbreak": {
        "ar": ("{org} تحذر من تفشي {disease_ar} في {c1}", [
            "{cap1} ({agency}) – حذرت {org} يوم {weekday} من تفشي {disease_ar} في {c1} بعد تسجيل {n2} إصابة و{n_small} وفيات منذ {month}.",
            "وقالت {p1_title} {dem1} {p1} إن الحكومة أطلقت حملة تطعيم تستهدف {n} شخص.",
            "وأرسلت {c2} شحنة من اللقاحات إلى {cap1}.",
        ]),
        "en": ("{org} warns of {disease_en} outbreak in {c1}", [
            "{cap1_en} ({agency}) - The {org} warned on {weekday} of a {disease_en} outbreak in {c1} after {n2} cases and {n_small} deaths since {month}.",
            "{dem1_en} {p1_title} {p1} said the government had launched a vaccination campaign for {n} people.",
            "{c2} sent a shipment of vaccines to {cap1_en}.",
        ]),
    },
    "oil": {
        "ar": ("أسعار النفط ترتفع إلى {price} دولارًا بعد قرار {c1}", [
            "{cap1} ({agency}) – ارتفعت أسعار النفط يوم {weekday} إلى {price} دولارًا للبرميل بعد أن أعلنت {c1} خفض إنتاجها بمقدار {n} برميل يوميًا.",
            "وقال {p1_title} {dem1} {p1} إن القرار يهدف إلى استقرار السوق.",
            "وانتقدت {c2} القرار، وقال {p2} إنه سيزيد التضخم.",
            "ويجتمع كبار المنتجين في {cap2} في {month2}.",
        ]),
        "en": ("Oil rises to ${price} after {c1} decision", [
            "{cap1_en} ({agency}) - Oil prices rose to {price} dollars a barrel on {weekday} after {c1} said it would cut output by {n} barrels a day.",
            "{dem1_en} {p1_title} {p1} said the decision aimed to stabilise the market.",
            "{c2} criticised the move, and {p2} said it would push up inflation.",
            "Major producers meet in {cap2_en} in {month2}.",
        ]),
    },
}
ISSUES = [("الحدود", "the border"), ("الطاقة", "energy"), ("المياه", "water"), ("الأسعار", "prices"),
          ("اللاجئين", "refugees"), ("الضرائب", "taxes"), ("الفساد", "corruption"), ("الأجور", "wages")]
KINDS = [("برلمانية", "parliamentary"), ("رئاسية", "presidential"), ("محلية", "local")]
DISEASES = [("الكوليرا", "cholera"), ("الحصبة", "measles"), ("حمى الضنك", "dengue")]
STORY_NAMES = sorted(STORIES)


def _person(rng: random.Random, lang: str) -> str:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    i = 0 if lang == "ar" else 1
    return f"{first[i]} {last[i]}"


def _slots(rng: random.Random, lang: str, published: datetime) -> dict[str, str]:
    c1, c2, c3 = rng.sample(countries(), 3)
    i = 0 if lang == "ar" else 1
    t1, t2 = rng.choice(TITLES), rng.choice(TITLES)
    days = get_day_names("wide", locale=lang)
    months = get_month_names("wide", locale=lang)
    issue, kind, disease = rng.choice(ISSUES), rng.choice(KINDS), rng.choice(DISEASES)
    g1, g2 = rng.randint(1, 5), rng.randint(0, 3)
    return {
        "c1": c1.ar if i == 0 else c1.en,
        "c2": c2.ar if i == 0 else c2.en,
        "c3": c3.ar if i == 0 else c3.en,
        "cap1": c1.capital_ar, "cap1_en": c1.capital_en,
        "cap2": c2.capital_ar, "cap2_en": c2.capital_en,
        "dem1": "ال" + c1.demonym_ar, "dem2": "ال" + c2.demonym_ar,
        "dem1_en": c1.demonym_en, "dem2_en": c2.demonym_en,
        "p1": _person(rng, lang), "p2": _person(rng, lang),
        "p1_title": t1[i], "p2_title": t2[i],
        "agency": rng.choice(AGENCIES)[i],
        "org": rng.choice(ORGS)[i],
        "weekday": days[published.weekday()],
        "weekday2": days[rng.randrange(7)],
        "month": months[published.month],
        "month2": months[rng.randint(1, 12)],
        "year": str(published.year), "year_prev": str(published.year - rng.randint(1, 3)),
        "n": str(rng.randint(20, 90000)), "n2": str(rng.randint(100, 9000)), "n3": str(rng.randint(10, 5000)),
        "n_small": str(rng.randint(2, 9)),
        "mag": f"{rng.randint(50, 79) / 10:.1f}", "bp": str(rng.choice((25, 50, 75, 100, 150))),
        "rate": f"{rng.randint(10, 250) / 10:.1f}", "infl": f"{rng.randint(20, 400) / 10:.1f}",
        "growth": f"{rng.randint(-20, 60) / 10:.1f}", "pct": str(rng.randint(3, 70)),
        "price": str(rng.randint(55, 130)), "g1": str(g1), "g2": str(min(g2, g1 - 1) if g1 > 0 else g2),
        "issue_ar": issue[0], "issue_en": issue[1], "kind_ar": kind[0], "kind_en": kind[1],
        "disease_ar": disease[0], "disease_en": disease[1],
    }


def make_article(index: int, seed: int = 0, arabic_share: float = 0.6, start: datetime | None = None) -> Article:
    """Article number ``index`` of the stream ``seed`` (deterministic)."""
    rng = random.Random(seed * 1_000_003 + index)
    lang = "ar" if rng.random() < arabic_share else "en"
    start = start or datetime(2024, 1, 1, tzinfo=UTC)
    published = start + timedelta(minutes=rng.randint(0, 365 * 24 * 60))
    story = STORIES[rng.choice(STORY_NAMES)][lang]
    slots = _slots(rng, lang, published)
    title = story[0].format(**slots)
    paragraphs = [p.format(**slots) for p in story[1]]
    # Vary length and order a little: drop or repeat background paragraphs, never the lead.
    body = [paragraphs[0]] + [p for p in paragraphs[1:] if rng.random() > 0.15]
    if rng.random() < 0.3:
        extra = _slots(rng, lang, published)
        body.append(rng.choice(STORIES[rng.choice(STORY_NAMES)][lang][1][1:]).format(**extra))
    agency = slots["agency"]
    return Article(
        title=title,
        paragraphs=body,
        source=agency,
        url=f"https://news.example/{lang}/{seed}/{index}",
        guid=f"synthetic-{seed}-{index}",
        published=published,
    )


def generate(n: int, seed: int = 0, arabic_share: float = 0.6, offset: int = 0) -> Iterator[Article]:
    """``n`` varied articles (Arabic share ``arabic_share``), the same for the same seed."""
    for i in range(offset, offset + n):
        yield make_article(i, seed, arabic_share)


def as_text(article: Article) -> str:
    """The article as an admin would paste it: headline line, then one paragraph per line."""
    return "\n".join([article.title, *article.paragraphs])


def search_words(lang: str) -> list[str]:
    """Words that occur in many synthetic articles (for search benchmarks)."""
    return ["محادثات", "الفائدة", "زلزال", "النفط", "الانتخابات"] if lang == "ar" else [
        "talks", "inflation", "earthquake", "oil", "election"]


if __name__ == "__main__":  # pragma: no cover - a quick look at the output
    for art in generate(3, seed=1):
        print(as_text(art), end="\n\n")
