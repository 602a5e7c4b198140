"""The message catalogue: every user-facing string, in Arabic and English, with CLDR plurals and dates."""

from __future__ import annotations

import logging
import tomllib
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_date as babel_format_date

log = logging.getLogger(__name__)

LANGUAGES = ("ar", "en")
# English dates as wire copy writes them: "3 October 2022" (en_GB), not "October 3, 2022".
DATE_LOCALES = {"en": "en_GB"}
CONFIG_DIR = Path(__file__).resolve().parent.parent / "config"


class _Defaulting(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@lru_cache(maxsize=8)
def _locale(code: str) -> Locale:
    return Locale.parse(code)


def plural_category(locale: str, n: float) -> str:
    """CLDR plural category of ``n`` in ``locale`` (Arabic: zero one two few many other)."""
    return _locale(locale).plural_form(n)


def format_date(value: date | datetime | None, locale: str, fmt: str = "long") -> str:
    """A date in the chat's language: «31 أكتوبر 2022», "31 October 2022"."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    return babel_format_date(value, format=fmt, locale=DATE_LOCALES.get(locale, locale))


class Catalog:
    """Messages loaded from ``config/messages/*.toml``; each key holds ``ar`` and ``en``."""

    def __init__(self, messages: dict[str, dict[str, Any]], default: str = "ar") -> None:
        self.messages = messages
        self.default = default

    @classmethod
    def load(cls, folder: Path | None = None, default: str = "ar") -> Catalog:
        folder = folder or CONFIG_DIR / "messages"
        messages: dict[str, dict[str, Any]] = {}
        for path in sorted(folder.glob("*.toml")):
            with path.open("rb") as fh:
                data = tomllib.load(fh)
            _flatten(data, "", messages, path)
        return cls(messages, default)

    def has(self, key: str) -> bool:
        return key in self.messages

    def get(self, locale: str, key: str, **params: Any) -> str:
        entry = self.messages.get(key)
        if entry is None:
            log.error("missing message %s", key)
            return key
        lang = locale if locale in LANGUAGES and locale in entry else self.default
        value = entry[lang]
        if isinstance(value, dict):
            n = params.get("n", params.get("count", 0))
            category = plural_category(lang, n if isinstance(n, int | float) else 0)
            value = value.get(category) or value.get("other") or next(iter(value.values()))
        return value.format_map(_Defaulting(params)) if params else value


def _flatten(data: dict[str, Any], prefix: str, out: dict[str, dict[str, Any]], path: Path) -> None:
    for key, value in data.items():
        full = f"{prefix}{key}"
        if isinstance(value, dict) and set(value) & set(LANGUAGES):
            if full in out:
                raise ValueError(f"message {full} defined twice (second time in {path.name})")
            out[full] = value
        elif isinstance(value, dict):
            _flatten(value, full + ".", out, path)
        else:
            raise ValueError(f"message {full} in {path.name} needs 'ar' and 'en' entries")
