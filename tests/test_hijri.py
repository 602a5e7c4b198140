"""Hijri dates in the timeline: «5 رمضان 1445هـ», "Ramadan 5, 1445 AH", «شهر رمضان المقبل».

Converted by Umm al-Qura (hijridate); a Hijri date joined to its Gregorian twin by «الموافق»
takes the Gregorian day.
"""

from __future__ import annotations

from datetime import date

import pytest

from digests import hijri
from tests.quality_corpus import paragraphs_at


def _events(published: date, sentence: str) -> list[tuple[str, str | None, str | None]]:
    return [(e.text, e.start, e.end) for e in paragraphs_at(published, sentence).timeline]


@pytest.mark.parametrize(
    ("sentence", "text", "day"),
    [
        ("وأعلنت الوزارة بدء الخطة في 5 رمضان 1445هـ.", "5 رمضان 1445هـ", "2024-03-15"),
        ("ويبدأ موسم الحج في 8 ذي الحجة 1445 هـ.", "8 ذي الحجة 1445 هـ", "2024-06-14"),
        ("وصدر المرسوم في 12 ربيع الأول 1445 للهجرة.", "12 ربيع الأول 1445 للهجرة", "2023-09-27"),
        ("The plan started on Ramadan 5, 1445 AH, officials said.", "Ramadan 5, 1445 AH", "2024-03-15"),
    ],
)
def test_a_hijri_day_with_its_year_is_its_gregorian_day(sentence: str, text: str, day: str) -> None:
    assert _events(date(2024, 7, 1), sentence) == [(text, day, day)]


def test_a_hijri_day_without_a_year_is_the_nearest_by_tense() -> None:
    # published 2024-07-01 (25 Dhu al-Hijjah 1445): a past Sha'ban is 1445's, a coming one 1446's
    assert _events(date(2024, 7, 1), "وقال إن القرار صدر في 12 شعبان الماضي.") == [
        ("12 شعبان الماضي", "2024-02-22", "2024-02-22")
    ]
    assert _events(date(2024, 7, 1), "ومن المقرر أن تبدأ الأعمال في الخامس من شعبان.") == [
        ("الخامس من شعبان", "2025-02-04", "2025-02-04")
    ]


def test_a_hijri_month_is_its_gregorian_days() -> None:
    assert _events(date(2023, 7, 14), "ويبدأ شهر رمضان المقبل.") == [("شهر رمضان المقبل", "2024-03-11", "2024-04-09")]
    assert _events(date(2023, 7, 14), "وصام المسلمون شهر رمضان.") == [("شهر رمضان", "2023-03-23", "2023-04-20")]
    assert _events(date(2023, 7, 14), "The holy month of Ramadan will start soon.")[0][:2] == ("month of Ramadan", "2024-03-11")


def test_a_year_with_the_hijri_era_is_no_gregorian_year() -> None:
    # before: «عام 1445 هـ» was the Gregorian year 1445
    assert _events(date(2024, 7, 1), "وولد في عام 1445 هـ.") == [("عام 1445 هـ", "2023-07-19", "2024-07-06")]
    assert _events(date(2024, 7, 1), "وكانت المدينة قد بنيت في 1445 ثم هجرت.")[0][1] == "1445"


def test_one_day_in_both_calendars_is_one_event_dated_by_the_gregorian_half() -> None:
    # the local sighting put 1 Ramadan a day after Umm al-Qura: the Gregorian day given wins
    got = _events(date(2024, 3, 20), "وأعلنت الوزارة يوم السبت 5 رمضان 1445هـ الموافق 16 مارس 2024م بدء الخطة.")
    assert got == [("يوم السبت 5 رمضان 1445هـ الموافق 16 مارس 2024م", "2024-03-16", "2024-03-16")]
    got = _events(date(2024, 3, 20), "وأعلنت الوزارة يوم 15 مارس 2024 الموافق 5 رمضان 1445هـ بدء الخطة.")
    assert got == [("15 مارس 2024 الموافق 5 رمضان 1445هـ", "2024-03-15", "2024-03-15")]
    got = _events(date(2024, 3, 20), "Saudi Arabia announced on Friday, Ramadan 5, 1445 AH, the start of the plan.")
    assert got == [("Friday, Ramadan 5, 1445 AH", "2024-03-15", "2024-03-15")]


@pytest.mark.parametrize(
    "sentence",
    [
        "وقال الرئيس رجب طيب أردوغان إن النمو بلغ صفر بالمئة.",
        "وقال شعبان عبد الرحيم إن الحفل ألغي.",
        "ووصل رمضان صبحي إلى الملعب.",
        "Ramadan Sobhi scored twice.",
        "وفاز الأهلي على الترجي 1-صفر في إياب المباراة النهائية يوم السبت.",
    ],
)
def test_a_month_name_that_is_a_name_or_a_number_is_no_date(sentence: str) -> None:
    names = ("صفر", "رمضان", "Ramadan", "شعبان", "رجب")
    assert [e for e in _events(date(2024, 7, 1), sentence) if any(n in e[0] for n in names)] == []


def test_hijri_month_names_come_from_the_library_and_config() -> None:
    names = hijri.month_names()
    assert names["ar"]["رمضان"] == 9 and names["ar"]["ذي الحجة"] == 12 and names["ar"]["ربيع الآخر"] == 4
    assert names["en"]["Ramadan"] == 9 and names["en"]["Dhul-Hijjah"] == 12
    assert hijri.month_interval(1445, 9) == (date(2024, 3, 11), date(2024, 4, 9))
    with pytest.raises(ValueError):
        hijri.to_gregorian(1600, 1, 1)
    with pytest.raises(ValueError):
        hijri.to_gregorian(1445, 9, 31)
