"""The message catalogue: complete in both languages, placeholders consistent, CLDR plurals."""

from __future__ import annotations

import re
from datetime import date

from handlers.i18n import Catalog, format_date, plural_category

AR_CATEGORIES = {"zero", "one", "two", "few", "many", "other"}


def _placeholders(value) -> set[str]:
    texts = value.values() if isinstance(value, dict) else [value]
    found: set[str] = set()
    for t in texts:
        found |= set(re.findall(r"{(\w+)}", t))
    return found


def test_every_message_has_arabic_and_english_with_the_same_placeholders():
    catalog = Catalog.load()
    assert len(catalog.messages) > 50
    for key, entry in catalog.messages.items():
        assert set(entry) >= {"ar", "en"}, key
        ar_ph = _placeholders(entry["ar"]) - {"n"}
        en_ph = _placeholders(entry["en"]) - {"n"}
        if "params" in entry:  # languages may word it differently, from a declared set of values
            assert ar_ph <= set(entry["params"]) and en_ph <= set(entry["params"]), key
        else:
            assert ar_ph == en_ph, key
        if isinstance(entry["ar"], dict):
            assert set(entry["ar"]) == AR_CATEGORIES, key
            assert {"one", "other"} <= set(entry["en"]), key


def test_arabic_plurals_follow_cldr():
    catalog = Catalog.load()
    assert [plural_category("ar", n) for n in (0, 1, 2, 3, 11, 100)] == ["zero", "one", "two", "few", "many", "other"]
    assert catalog.get("ar", "core.n_articles", n=0) == "لا مقالات"
    assert catalog.get("ar", "core.n_articles", n=2) == "مقالان"
    assert catalog.get("ar", "core.n_articles", n=5) == "5 مقالات"
    assert catalog.get("ar", "core.n_articles", n=11) == "11 مقالًا"
    assert catalog.get("en", "core.n_articles", n=1) == "1 article"


def test_dates_in_both_languages():
    assert format_date(date(2022, 10, 3), "ar") == "3 أكتوبر 2022"
    assert format_date(date(2022, 10, 3), "en") == "3 October 2022"


def test_unknown_language_falls_back_to_the_default():
    catalog = Catalog.load()
    assert catalog.get("fr", "core.no_articles") == catalog.get("ar", "core.no_articles")
