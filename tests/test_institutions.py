"""National bodies recognised by pattern (digests/institutions.py): what must and must not be one."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from digests.analysis import analyse
from digests.model import Actor, Article
from digests.store.actors import actor_key


def _orgs(*paragraphs: str, title: str = "t") -> list[Actor]:
    article = Article(title=title, paragraphs=list(paragraphs), published=datetime(2024, 5, 15, 12, tzinfo=UTC))
    return [a for a in analyse(article).actors if a.kind == "organisation"]


def _names(*paragraphs: str) -> set[str]:
    return {a.name_en or a.name for a in _orgs(*paragraphs)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("وقالت وزارة الصحة المصرية إن 12 شخصا أصيبوا.", "Ministry of Health (Egypt)"),
        ("رفع البنك المركزي التونسي سعر الفائدة الرئيسي.", "Central Bank (Tunisia)"),
        ("The Central Bank of Nigeria kept rates on hold.", "Central Bank (Nigeria)"),
        ("Nigeria's central bank kept rates on hold.", "Central Bank (Nigeria)"),
        ("Kenya Police said two people were arrested.", "Police (Kenya)"),
        ("The Sudanese army said it repelled an attack.", "Army (Sudan)"),
        ("وقال الجيش السوداني في بيان إنه صد هجوما.", "Army (Sudan)"),
        ("أعلنت مفوضية الانتخابات العراقية النتائج الأولية.", "Electoral Commission (Iraq)"),
        ("Japan's foreign ministry said it had protested.", "Ministry of Foreign Affairs (Japan)"),
    ],
)
def test_bodies_with_their_country(text: str, expected: str) -> None:
    assert expected in _names(text)


def test_a_body_without_its_country_belongs_to_the_dateline_country() -> None:
    found = _names(
        "NAIROBI (Reuters) - The Ministry of Health said on Wednesday that cholera cases had doubled in Kenya.",
        "The electoral commission said the vote would go ahead.",
    )
    assert {"Ministry of Health (Kenya)", "Electoral Commission (Kenya)"} <= found
    ar = _names(
        "الجزائر (رويترز) – قالت وزارة الداخلية إن الأمطار أودت بحياة خمسة أشخاص في الجزائر.",
        "وأعلنت المفوضية العليا المستقلة للانتخابات موعد الاقتراع.",
    )
    assert {"Ministry of Interior (Algeria)", "Electoral Commission (Algeria)"} <= ar


def test_the_same_body_meets_across_articles_and_languages() -> None:
    keys = set()
    for text in (
        "The Central Bank of Nigeria raised rates.",
        "Nigeria's central bank raised rates.",
        "رفع البنك المركزي النيجيري أسعار الفائدة.",
    ):
        (bank,) = [a for a in _orgs(text) if "Central Bank" in (a.name_en or "")]
        keys.add(actor_key(bank))
    assert len(keys) == 1


@pytest.mark.parametrize(
    "text",
    [
        "The army is one of the largest employers in the region.",  # no country: too ambiguous
        "Police said two people were arrested.",
        "وقال الجيش إنه صد هجوما.",
        "وقالت الوزارة إن العمل مستمر.",  # a ministry without its portfolio
        "The ministry said the work would continue.",
        "He once advised a central bank in Asia.",  # a central bank, not the country's
        "An arbitration court in Paris ordered Ankara to pay damages.",
        "The health of the economy worried the ministry's staff.",
        "وقع الانفجار قرب مقر الشرطة في المدينة.",
    ],
)
def test_no_body_where_there_is_none(text: str) -> None:
    found = {a.name_en for a in _orgs(text)}
    assert not any(
        word in (name or "") for name in found for word in ("Ministry", "Army", "Police", "Bank", "Court")
    ), found


def _mentions(*paragraphs: str) -> dict[str, tuple[int, list[int]]]:
    return {a.name_en or a.name: (a.mentions, a.paragraphs) for a in _orgs(*paragraphs)}


def test_a_short_reference_is_a_mention_of_the_body_named_before() -> None:
    en = _mentions(
        "ABUJA (Reuters) - Nigeria's central bank raised its main rate on Tuesday.",
        "The bank said inflation was still too high.",
        "Analysts had expected the bank to pause.",
    )
    assert en["Central Bank (Nigeria)"] == (3, [0, 1, 2])
    ar = _mentions(
        "القاهرة (رويترز) - رفع البنك المركزي المصري أسعار الفائدة.",
        "وقال البنك في بيان إن التضخم لا يزال مرتفعا.",
        "وأضاف البنك أن القرار يهدف إلى كبح الأسعار.",
    )
    assert ar["Central Bank (Egypt)"] == (3, [0, 1, 2])
    ministry = _mentions(
        "NAIROBI (Reuters) - The Ministry of Health said cholera cases had doubled in Kenya.",
        "The ministry said it had sent teams to the worst-hit counties.",
    )
    assert ministry["Ministry of Health (Kenya)"] == (2, [0, 1])


def test_a_short_reference_needs_one_body_it_may_stand_for() -> None:
    two = _mentions(
        "الرباط (رويترز) - قالت وزارة الداخلية المغربية إن خمسة أشخاص لقوا حتفهم.",
        "وقالت وزارة الصحة المغربية إن المستشفيات استقبلت الجرحى.",
        "وأضافت الوزارة أن الوضع تحت السيطرة.",
    )
    assert two["Ministry of Interior (Morocco)"][0] == 1 and two["Ministry of Health (Morocco)"][0] == 1
    other = _mentions(
        "القاهرة (رويترز) - رفع البنك المركزي المصري أسعار الفائدة.",
        "وقال البنك الأهلي إنه سيرفع أسعار الودائع.",
    )
    assert other["Central Bank (Egypt)"][0] == 1  # «البنك الأهلي» is another bank
    before = _mentions("The ministry said it would act.", "Kenya's health ministry later confirmed it.")
    assert before["Ministry of Health (Kenya)"][0] == 1  # no body named before "the ministry"


def test_a_body_named_after_a_short_reference_does_not_make_it_ambiguous() -> None:
    found = _mentions(
        "Sudan's Ministry of Health said cholera had spread to 11 states.",
        "The ministry said it had recorded more than 1,200 deaths.",
        "Talks resume next week, Saudi Arabia's foreign ministry said.",
    )
    assert found["Ministry of Health (Sudan)"] == (2, [0, 1])
    assert found["Ministry of Foreign Affairs (Saudi Arabia)"][0] == 1
