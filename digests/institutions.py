"""National institutions recognised by pattern: «وزارة الصحة», "Nigeria's central bank", "Kenya Police".

A body is a head (ministry, central bank, electoral commission, court, parliament, army, police)
with its complement: a portfolio («وزارة الداخلية», "the health ministry") and a country — a demonym
after it («البنك المركزي المصري»), a country or demonym before it ("Nigeria's central bank",
"Sudanese army"), or "of" and a country after it ("the Central Bank of Nigeria"). A body named
without its country («قالت وزارة الداخلية») belongs to the article's country; armies and police
forces need their country next to them. Patterns live in ``config/gazetteer/institutions.toml``.

The English name of a body is its canonical key ("Ministry of Interior (Algeria)"), so the same
body meets itself across articles and languages.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache

from digests.calendar_names import weekday_names
from digests.gazetteer import GAZ_DIR, Form, gazetteer, load_toml
from digests.phrases import PhraseMatcher, Tok, keys
from digests.textnorm import is_arabic_word, normalize

log = logging.getLogger(__name__)

_COUNTRY_FORMS = ("name", "demonym", "capital", "voice")


@dataclass(frozen=True, slots=True)
class Kind:
    """What a matched phrase names: a type of body and its complement's English name."""

    type: str
    en: str  # the body's English name without its country: "Ministry of Health"
    explicit: bool  # needs its country next to it


@dataclass(slots=True)
class Institution:
    """One mention of a national body in a sentence."""

    kind: Kind
    start: int  # token span of the mention (with the country words next to it)
    end: int
    country: str | None  # gazetteer key of its country, if named next to it
    swallowed: tuple[int, ...] = ()  # gazetteer matches inside it ("Security Council" in "National ...")
    first_key: str = ""  # the lexicon key its first word matched as («مجلس» for «لمجلس»): the clitic is not the name's

    def key(self, country: str | None) -> str:
        return f"inst:{self.kind.type}:{self.kind.en}:{country or ''}"


@lru_cache(maxsize=1)
def matcher() -> PhraseMatcher:
    """One phrase matcher over every pattern of every type, complements expanded (built once)."""
    data = load_toml(GAZ_DIR / "institutions.toml")
    complements = data.get("complements", {})
    m = PhraseMatcher(case_sensitive=False)
    for tid, spec in data.get("types", {}).items():
        explicit = spec.get("country", "article") == "explicit"
        fills = complements.get(spec.get("complements", ""), {}) or {"": {}}
        for en_fill, forms in fills.items():
            kind = Kind(tid, spec["en_name"].replace("{}", en_fill), explicit)
            for lang in ("ar", "en"):
                for pattern in spec.get(lang, []):
                    for fill in forms.get(lang, [""]) if "{}" in pattern else [""]:
                        m.add(pattern.replace("{}", fill), kind)
    return m


@lru_cache(maxsize=1)
def short_heads() -> dict[str, frozenset[str]]:
    """Normalised short head («الوزاره», "ministry") → the types of body it may stand for."""
    data = load_toml(GAZ_DIR / "institutions.toml")
    out: dict[str, set[str]] = {}
    for tid, spec in data.get("types", {}).items():
        for lang in ("ar", "en"):
            for word in spec.get("short", {}).get(lang, []):
                out.setdefault(normalize(word), set()).add(tid)
    return {k: frozenset(v) for k, v in out.items()}


# normalised word → the body types it may stand for as a short reference, or None (pure, bounded)
_SHORT: dict[str, frozenset[str] | None] = {}
_UNSEEN = frozenset({"<unseen>"})
_SHORT_LIMIT = 100_000


def short_types(norm: str) -> frozenset[str] | None:
    """The body types a word with this norm may stand for as a short reference («الوزارة»), or None."""
    types = _SHORT.get(norm, _UNSEEN)
    if types is not _UNSEEN:
        return types
    heads = short_heads()
    if is_arabic_word(norm):
        types = next((heads[v] for v in keys(norm) if v.startswith("ال") and v in heads), None)
    else:
        types = heads.get(norm)
    if len(_SHORT) >= _SHORT_LIMIT:
        _SHORT.clear()
    _SHORT[norm] = types
    return types


def find_short(toks: list[Tok], used: set[int]) -> list[tuple[int, frozenset[str]]]:
    """Short references to a body in one sentence: «وقال البنك», «وأضافت الوزارة», "the ministry said".

    Returns (token index, the body types it may stand for). Arabic needs the article and no
    adjective after it («البنك الأهلي» is another bank); English needs "the" before it and no name
    after it ("the Bank of England"). Tokens in ``used`` (named entities, full bodies) are skipped.
    """
    return find_short_at(toks, used, [k for k, t in enumerate(toks) if short_types(t.norm) is not None])


def find_short_at(toks: list[Tok], used: set[int], heads: list[int]) -> list[tuple[int, frozenset[str]]]:
    """``find_short`` when the caller knows the indices of the tokens with ``short_types`` (ascending)."""
    out: list[tuple[int, frozenset[str]]] = []
    n = len(toks)
    for k in heads:
        types = short_types(toks[k].norm)
        if types is None or k in used:
            continue
        t = toks[k]
        nxt = toks[k + 1] if k + 1 < n and not toks[k + 1].punct_before else None
        if t.arabic:
            if nxt is not None and nxt.arabic and nxt.norm.startswith("ال") and nxt.norm not in weekday_names()["ar"]:
                continue
        else:
            if k == 0 or toks[k - 1].norm != "the" or k - 1 in used or t.punct_before:
                continue
            if nxt is not None and (nxt.capitalised or nxt.norm == "of"):
                continue
        out.append((k, types))
    return out


def country_of(form: Form) -> str | None:
    gaz = gazetteer()
    if form.how not in _COUNTRY_FORMS:
        return None
    ent = gaz.entities.get(form.entity)
    if ent is None:
        return None
    if ent.kind == "country" or (ent.kind == "organisation" and form.how == "demonym"):
        return ent.key  # «البنك المركزي الأوروبي»: a union's demonym names it too
    return f"country:{ent.country}" if ent.country and f"country:{ent.country}" in gaz.entities else None


def find(toks: list[Tok], hits: dict[int, tuple[int, Form, str]]) -> list[Institution]:
    """Institutions in one sentence; ``hits`` are its gazetteer matches (start → (end, form, key))."""
    m = matcher()
    return find_at(toks, hits, [i for i, t in enumerate(toks) if m.starts_at(t.norm)])


def find_at(toks: list[Tok], hits: dict[int, tuple[int, Form, str]], starts: list[int]) -> list[Institution]:
    """``find`` when the caller knows the (ascending) indices where ``matcher().starts_at`` is true."""
    if not starts:
        return []
    m = matcher()
    out: list[Institution] = []
    ends = {j: i for i, (j, _f, _k) in hits.items()}
    inside = {k for i, (j, _f, _k) in hits.items() for k in range(i + 1, j)}  # tokens after a match's first
    n = len(toks)
    resume = 0  # the end of the last body read: none starts before it
    for i in starts:
        if i < resume or i in inside:
            continue
        found = m.match_at(toks, i)
        if found is None:
            continue
        end, kind, first_key = found
        # a gazetteer name wins over a body it is not strictly inside («وزارة الدفاع الأمريكية»: the Pentagon)
        within = tuple(h for h in range(i, end) if h in hits)
        if any(hits[h][0] > end or (h == i and hits[h][0] == end) for h in within):
            continue
        start, country = i, None
        # after: a demonym («البنك المركزي المصري», «مفوضية الانتخابات العراقية») or "of Nigeria"
        if end in hits and not toks[end].punct_before and (
            hits[end][1].how == "demonym"
            # «وزارة الخارجية السعودية»: a country name that is also its feminine adjective
            or (hits[end][1].how == "name" and toks[end].arabic and hits[end][0] == end + 1
                and toks[end].norm.startswith("ال") and toks[end].norm.endswith("يه"))
        ):
            country = country_of(hits[end][1])
            if country:
                end = hits[end][0]
        elif (
            end + 1 < n and toks[end].norm == "of" and end + 1 in hits and not toks[end].punct_before
            and not toks[end + 1].punct_before
        ):
            country = country_of(hits[end + 1][1])
            if country:
                end = hits[end + 1][0]
        # before (English): "Nigeria's central bank", "Kenya Police", "the Sudanese army"
        if country is None and not toks[i].arabic and i in ends and not toks[i].punct_before:
            country = country_of(hits[ends[i]][1])
            if country:
                start = ends[i]
        resume = end
        if kind.explicit and country is None:
            continue
        if not toks[start].arabic and not _english_ok(toks, start, i):
            continue
        out.append(Institution(kind, start, end, country, within, first_key if start == i else ""))
    return out


def _english_ok(toks: list[Tok], start: int, head: int) -> bool:
    """An English mention is a proper body: capitalised ("Central Bank"), after "the", or after a country.

    Lower-case "a central bank" or "parliaments" in general are not a body.
    """
    if start < head or toks[head].capitalised:
        return True
    return head > 0 and toks[head - 1].norm == "the"


def country_name(key: str | None) -> str:
    """The English name of a country key ('' when unknown)."""
    if not key:
        return ""
    ent = gazetteer().entities.get(key)
    return ent.en if ent else ""
