"""The Hijri (Islamic, Umm al-Qura) calendar for the timeline: month names and conversion.

Conversion and the canonical Arabic and English month names come from the hijridate library;
``config/time_words.toml`` ``[hijri]`` adds the other spellings wire copy uses («ذي الحجة» after a
day, "Dhul-Hijjah") and the era words («هـ», «للهجرة», "AH").
"""

from __future__ import annotations

import logging
import tomllib
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from hijridate import Gregorian, Hijri

log = logging.getLogger(__name__)

CONFIG = Path(__file__).resolve().parent.parent / "config" / "time_words.toml"
MIN_YEAR = 1343  # hijridate's Umm al-Qura tables: AH 1343–1500 (1924–2077)
MAX_YEAR = 1500


@lru_cache(maxsize=1)
def config() -> dict:
    with CONFIG.open("rb") as fh:
        return tomllib.load(fh)["hijri"]


def month_names() -> dict[str, dict[str, int]]:
    """{'ar': {name: month}, 'en': {name: month}}: hijridate's names and the configured spellings."""
    extra = config()
    out: dict[str, dict[str, int]] = {}
    for lang in ("ar", "en"):
        names: dict[str, int] = {}
        for month in range(1, 13):
            names[Hijri(1445, month, 1).month_name(lang)] = month
            for spelling in extra[lang].get(str(month), []):
                names[spelling] = month
        out[lang] = names
    return out


def valid_year(year: int) -> bool:
    return MIN_YEAR <= year <= MAX_YEAR


def to_gregorian(year: int, month: int, day: int) -> date:
    """The Gregorian day of a Hijri one (ValueError when the month has no such day or the year is out of range)."""
    if not valid_year(year):
        raise ValueError(f"Hijri year {year} out of range")
    g = Hijri(year, month, day, validate=True).to_gregorian()
    return date(g.year, g.month, g.day)


def month_interval(year: int, month: int) -> tuple[date, date]:
    """The first and last Gregorian days of a Hijri month."""
    first = to_gregorian(year, month, 1)
    nxt = to_gregorian(year + 1, 1, 1) if month == 12 else to_gregorian(year, month + 1, 1)
    return first, nxt - timedelta(days=1)


def year_interval(year: int) -> tuple[date, date]:
    """The first and last Gregorian days of a Hijri year."""
    return to_gregorian(year, 1, 1), to_gregorian(year + 1, 1, 1) - timedelta(days=1)


def year_of(day: date) -> int:
    """The Hijri year a Gregorian day falls in."""
    return Gregorian(day.year, day.month, day.day).to_hijri().year
