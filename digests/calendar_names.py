"""Month and weekday names from Babel's CLDR data, every Arabic naming system plus English.

Arabic has three month-naming systems: the Egyptian/Gulf «يناير…», the Levantine/Iraqi
«كانون الثاني…» and the Maghreb «جانفي…/غشت…». CLDR carries each in the locales of the
countries that use it, so the names are collected from every ``ar_*`` locale Babel knows.
Nothing here is typed by hand.
"""

from __future__ import annotations

import logging
from functools import lru_cache

from babel import Locale
from babel.localedata import locale_identifiers

from digests.textnorm import phrase_key

log = logging.getLogger(__name__)

_WIDTHS = ("wide", "abbreviated")


def _arabic_locales() -> list[Locale]:
    out = []
    for ident in sorted(locale_identifiers()):
        if ident == "ar" or ident.startswith("ar_"):
            try:
                out.append(Locale.parse(ident))
            except (ValueError, LookupError):  # pragma: no cover - broken locale data
                log.debug("skipping locale %s", ident)
    return out


def _collect(locales: list[Locale], attr: str, widths: tuple[str, ...]) -> dict[str, int]:
    """Normalised name → number (month 1-12, weekday 0=Monday) over all contexts and widths."""
    names: dict[str, int] = {}
    for loc in locales:
        table = getattr(loc, attr)
        for context in ("format", "stand-alone"):
            for width in widths:
                for number, name in table.get(context, {}).get(width, {}).items():
                    key = phrase_key(name)
                    if key and not key.isdigit():
                        names.setdefault(key, number)
    return names


@lru_cache(maxsize=1)
def month_names() -> dict[str, dict[str, int]]:
    """{'ar': {normalised name: month}, 'en': {...}}; English adds abbreviations (Oct, Sept)."""
    ar = _collect(_arabic_locales(), "months", ("wide",))
    en = _collect([Locale("en")], "months", _WIDTHS)
    en.setdefault("sept", 9)
    return {"ar": ar, "en": en}


@lru_cache(maxsize=1)
def weekday_names() -> dict[str, dict[str, int]]:
    """{'ar': {normalised name: weekday}, 'en': {...}} with 0 = Monday, as ``date.weekday()``."""
    ar = _collect(_arabic_locales(), "days", ("wide",))
    en = _collect([Locale("en")], "days", ("wide",))
    return {"ar": ar, "en": en}


def month_name(month: int, language: str) -> str:
    """The display name of a month in the chat language (Babel's default locale for it)."""
    return Locale.parse(language).months["format"]["wide"][month]
