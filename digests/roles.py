"""A person's role in the reader's language: «رئيس الوزراء الأرميني» ↔ "Armenian Prime Minister".

Roles are stored as the article wrote them. When a chat reads in the other language, a role that
is a known title of office (``config/gazetteer/role_titles.toml``) plus at most one nationality
or body from the gazetteer (and "former") is put together again in that language; anything else
(«معلمة تبلغ من العمر 42 عاما», "a mother of five") is shown as written, never half-translated.
"""

from __future__ import annotations

import logging
import tomllib
from dataclasses import dataclass
from functools import lru_cache

from digests.gazetteer import GAZ_DIR, gazetteer
from digests.phrases import tokenize
from digests.textnorm import normalize

log = logging.getLogger(__name__)

_EN_CONNECTORS = frozenset({"of", "for", "the", "to"})


@dataclass(frozen=True)
class _Title:
    ar: str  # definite: «الرئيس», «رئيس الوزراء», «المتحدث باسم»
    en: str


@dataclass(frozen=True)
class _Titles:
    by_ar: dict[str, _Title]  # normalised Arabic without the article of the first word
    by_en: dict[str, _Title]  # lower-case English
    former_ar: frozenset[str]
    former_en: frozenset[str]
    adjectives: dict[str, tuple[str, str]]  # ISO code → (Arabic adjective, English adjective)


def _ar_key(words: list[str]) -> str:
    if words and words[0].startswith("ال") and len(words[0]) > 3:
        words = [words[0][2:], *words[1:]]
    return " ".join(words)


@lru_cache(maxsize=1)
def _titles() -> _Titles:
    with (GAZ_DIR / "role_titles.toml").open("rb") as fh:
        data = tomllib.load(fh)
    by_ar: dict[str, _Title] = {}
    by_en: dict[str, _Title] = {}
    for entry in data.get("title", []):
        title = _Title(entry["ar"], entry["en"])
        by_ar.setdefault(_ar_key(normalize(title.ar).split()), title)
        for en in (title.en, *entry.get("also_en", [])):
            by_en.setdefault(en.lower(), title)
    former = data.get("qualifiers", {}).get("former", {})
    with (GAZ_DIR / "demonyms.toml").open("rb") as fh:
        demonyms = tomllib.load(fh)
    adjectives = {
        code: (forms["ar"][0], forms["en"][0])
        for code, forms in demonyms.items()
        if isinstance(forms, dict) and forms.get("ar") and forms.get("en")
    }
    return _Titles(
        by_ar,
        by_en,
        frozenset(normalize(w) for w in former.get("ar", [])),
        frozenset(w.lower() for w in former.get("en", [])),
        adjectives,
    )


@dataclass(frozen=True)
class _Parsed:
    title: _Title
    country: str | None  # ISO code when the complement is a nationality or a country
    body: tuple[str, str] | None  # (Arabic, English) name of an organisation or other body
    former: bool


def _parse(role: str) -> _Parsed | None:
    titles = _titles()
    toks = tokenize(role)
    if not toks or len(toks) > 8:
        return None
    hits = list(gazetteer().find(toks))
    if len(hits) > 1:
        return None
    arabic = toks[0].arabic
    covered: set[int] = set()
    country = body = None
    if hits:
        i, j, form, _key = hits[0]
        covered = set(range(i, j))
        entity = gazetteer().entities.get(form.entity)
        if entity is None:
            return None
        if entity.kind == "country" and entity.key.startswith("country:"):
            country = entity.key.split(":", 1)[1]
            if country not in titles.adjectives:  # no nationality adjective to say it with
                return None
        elif entity.ar and entity.en:
            body = (entity.ar, entity.en)
        else:
            return None
    rest = [t for k, t in enumerate(toks) if k not in covered]
    former = False
    words: list[str] = []
    for t in rest:
        word = t.norm if arabic else t.text.lower()
        if (arabic and word in titles.former_ar) or (not arabic and word in titles.former_en):
            former = True
        elif not arabic and word in _EN_CONNECTORS:
            continue
        else:
            words.append(word)
    title = titles.by_ar.get(_ar_key(words)) if arabic else titles.by_en.get(" ".join(words))
    if title is None:
        return None
    return _Parsed(title, country, body, former)


def _in_english(p: _Parsed) -> str:
    if p.country:
        text = f"{_titles().adjectives[p.country][1]} {p.title.en}"
    elif p.body:
        text = f"{p.body[1]} {p.title.en}"
    else:
        text = p.title.en
    return f"former {text}" if p.former else text


def _in_arabic(p: _Parsed) -> str:
    title = p.title.ar
    if p.country:
        text = f"{title} ال{_titles().adjectives[p.country][0]}"
    elif p.body:
        name = p.body[0]
        if title.endswith("باسم"):
            text = f"{title} {name}"
        elif " " not in title and title.startswith("ال"):
            text = f"{title[2:]} {name}"  # construct state: «رئيس الاتحاد الأوروبي»
        else:
            text = f"{title} {'ل' + name[1:] if name.startswith('ال') else 'لـ' + name}"
    else:
        text = title
    return f"{text} السابق" if p.former else text


def _is_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


@lru_cache(maxsize=4096)
def role_in(role: str, language: str) -> str:
    """``role`` in ``language`` ('ar' or 'en') when it can be put together there; else as written."""
    if not role or _is_arabic(role) == (language == "ar"):
        return role
    try:
        parsed = _parse(role)
        found = None if parsed is None else (_in_arabic(parsed) if language == "ar" else _in_english(parsed))
    except Exception:  # a role is display text: never let it break a reply
        log.exception("could not translate the role %r", role)
        return role
    return found or role
