"""The gazetteer: countries, capitals, demonyms, organisations, places and news agencies.

Country and region names in Arabic and English come from Babel's CLDR data; what CLDR lacks
(demonyms, capitals as metonyms, organisations, places, agencies) is read from ``config/gazetteer``.
Everything is built once per process (``gazetteer()`` is cached).
"""

from __future__ import annotations

import logging
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from babel import Locale

from digests.phrases import PhraseMatcher
from digests.textnorm import normalize

log = logging.getLogger(__name__)

CONFIG = Path(__file__).resolve().parent.parent / "config"
GAZ_DIR = CONFIG / "gazetteer"


@dataclass(frozen=True, slots=True)
class Entity:
    """A country, organisation, place, group or news source."""

    key: str
    kind: str  # country | organisation | group | place | source
    ar: str
    en: str
    country: str | None = None  # the country a place lies in / an institution speaks for


@dataclass(frozen=True, slots=True)
class Form:
    """How a phrase refers to an entity: its name, a demonym, a capital, an institution's voice."""

    entity: str
    how: str  # name | demonym | capital | voice | source
    place: str | None = None  # for capitals: the city as a place entity


def load_toml(path: Path) -> dict:
    with path.open("rb") as fh:
        return tomllib.load(fh)


def _strip_paren(name: str) -> str:
    return re.sub(r"\s*\(.*?\)", "", name).strip()


_AR_ENDINGS = ("", "ه", "ون", "ين", "ان", "تان", "تين")


def _demonym_forms(word: str) -> list[str]:
    """«روسي» → روسي، روسية، روسيون، روسيين ... (every word of a multi-word demonym inflected alike)."""
    parts = normalize(word).split()
    if not parts[-1].endswith("ي"):
        return [word]
    return [" ".join(p + end for p in parts) for end in _AR_ENDINGS]


class Gazetteer:
    """Entities and one phrase matcher over all of their forms, in both languages."""

    def __init__(self) -> None:
        self.entities: dict[str, Entity] = {}
        self.matcher = PhraseMatcher()
        # «مالي», «عمان»: country names that are also common words, found only inside a list of countries
        self.ambiguous_ar: dict[str, str] = {}
        self._ambiguous_forms: frozenset[str] = frozenset()  # those names, bare and with «و»

    def entity(self, key: str, kind: str, ar: str, en: str, country: str | None = None) -> Entity:
        ent = self.entities.get(key)
        if ent is None:
            ent = Entity(key, kind, ar, en, country)
            self.entities[key] = ent
        return ent

    def add(self, phrase: str, form: Form) -> None:
        if phrase and phrase.strip():
            self.matcher.add(phrase, form)

    @property
    def ambiguous_forms(self) -> frozenset[str]:
        """The ambiguous country names, bare and with «و»."""
        return self._ambiguous_forms

    def find(self, toks):  # type: ignore[no-untyped-def]
        found = self.matcher.find(toks)
        if not self.ambiguous_ar or not found:
            return found
        forms = self._ambiguous_forms
        return self._with_ambiguous(toks, found, [i for i, tok in enumerate(toks) if tok.norm in forms])

    def find_at(self, toks, starts: list[int], ambiguous: list[int]):  # type: ignore[no-untyped-def]
        """``find`` when the caller knows where a phrase may start and where an ambiguous name stands.

        ``starts``: the ascending token indices where ``matcher.starts_at`` is true; ``ambiguous``:
        those of tokens spelt like an ambiguous country name (``ambiguous_forms``).
        """
        found = self.matcher.find_at(toks, starts)
        if not self.ambiguous_ar or not found or not ambiguous:
            return found
        return self._with_ambiguous(toks, found, ambiguous)

    def hits_at(self, toks, starts: list[int], ambiguous: list[int]):  # type: ignore[no-untyped-def]
        """``find_at`` as a dict: start index → (end index, form, key of the first token)."""
        hits = self.matcher.spans_at(toks, starts)
        if not self.ambiguous_ar or not hits or not ambiguous:
            return hits
        found = [(i, j, form, key) for i, (j, form, key) in hits.items()]
        return {i: (j, form, key) for i, j, form, key in self._with_ambiguous(toks, found, ambiguous)}

    def _with_ambiguous(self, toks, found, cand: list[int]):  # type: ignore[no-untyped-def]
        """Matches plus ambiguous country names («مالي») at ``cand`` that stand in a list of countries."""
        if not cand:
            return found
        starts = {i: j for i, j, form, _k in found if self.entities[form.entity].kind == "country"}
        ends = {j for j in starts.values()}
        extra = []
        for i in cand:
            tok = toks[i]
            norm = tok.norm
            key = self.ambiguous_ar.get(norm[1:]) if norm[:1] == "و" else None
            if key is not None and i in ends and not tok.punct_before:
                extra.append((i, i + 1, Form(key, "name"), norm[1:]))  # «كينيا ومالي»
            elif (
                norm in self.ambiguous_ar and i + 1 in starts and toks[i + 1].norm[:1] == "و"
                and not toks[i + 1].punct_before and i not in ends
            ):
                extra.append((i, i + 1, Form(self.ambiguous_ar[norm], "name"), norm))  # «مالي والنيجر»
        if not extra:
            return found
        taken = {k for i, j, _f, _k in found for k in range(i, j)}
        return sorted(found + [e for e in extra if e[0] not in taken], key=lambda m: m[0])


def _zone_countries() -> dict[str, str]:
    """Time-zone id → ISO country code, from the tzdata package's zone.tab."""
    try:
        import tzdata
    except ImportError:  # pragma: no cover - tzdata is a dependency
        return {}
    path = os.path.join(os.path.dirname(tzdata.__file__), "zoneinfo", "zone.tab")
    out: dict[str, str] = {}
    try:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("#"):
                    continue
                parts = line.split("\t")
                if len(parts) >= 3:
                    out[parts[2].strip()] = parts[0]
    except OSError:  # pragma: no cover
        return {}
    return out


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer (built on first use)."""
    g = Gazetteer()
    ar_t = Locale("ar").territories
    en_t = Locale("en").territories
    countries = load_toml(GAZ_DIR / "countries.toml")
    orgs_codes = set(countries.get("organisations", []))
    skip = set(countries.get("skip", []))
    ambiguous_ar = {normalize(x) for x in countries.get("ambiguous", {}).get("ar", [])}
    aliases = countries.get("aliases", {})
    display = countries.get("display", {})

    # Sources first: a phrase that names an agency is never an actor.
    for key, forms in load_toml(GAZ_DIR / "news_agencies.toml").get("agencies", {}).items():
        ent = g.entity(f"source:{key}", "source", forms["ar"][0] if forms.get("ar") else key,
                       forms["en"][0] if forms.get("en") else key)
        for phrase in forms.get("ar", []) + forms.get("en", []):
            g.add(phrase, Form(ent.key, "source"))

    # Countries and CLDR organisations.
    for code, ar_name in ar_t.items():
        if code in skip or not code.isalpha():
            continue
        en_name = en_t.get(code, code)
        shown_ar = display.get("ar", {}).get(code) or _strip_paren(ar_name)
        shown_en = display.get("en", {}).get(code) or _strip_paren(en_name)
        if code in orgs_codes:
            ent = g.entity(f"org:{code}", "organisation", shown_ar, shown_en)
        else:
            ent = g.entity(f"country:{code}", "country", shown_ar, shown_en, code)
        names_ar = [_strip_paren(ar_name), *aliases.get("ar", {}).get(code, [])]
        names_en = [_strip_paren(en_name), *aliases.get("en", {}).get(code, [])]
        for phrase in names_ar:
            if normalize(phrase) in ambiguous_ar:
                g.ambiguous_ar[normalize(phrase)] = ent.key
                g._ambiguous_forms = frozenset(g.ambiguous_ar) | {"و" + x for x in g.ambiguous_ar}
                continue
            g.add(phrase, Form(ent.key, "name"))
        for phrase in names_en:
            g.add(phrase, Form(ent.key, "name"))
    for code, forms in countries.get("historical", {}).items():
        ent = g.entity(f"country:{code}", "country", forms["ar"][0], forms["en"][0], code)
        for phrase in forms["ar"] + forms["en"]:
            g.add(phrase, Form(ent.key, "name"))

    # Organisations (before demonyms so «الاتحاد الأوروبي» is one organisation).
    for key, spec in load_toml(GAZ_DIR / "organisations.toml").items():
        voice = spec.get("voice_of")
        ent = g.entity(f"org:{key}", spec.get("kind", "organisation"), spec["ar"][0] if spec.get("ar") else key,
                       spec["en"][0] if spec.get("en") else key, voice)
        how = "voice" if voice else "name"
        for phrase in spec.get("ar", []) + spec.get("en", []):
            g.add(phrase, Form(ent.key, how))

    # Places from config.
    for section, entries in load_toml(GAZ_DIR / "places.toml").items():
        if section == "exclude":
            continue
        for key, spec in entries.items():
            ar = spec.get("ar") or [""]
            en = spec.get("en") or [""]
            ent = g.entity(f"place:{key}", "place", ar[0] or en[0], en[0] or ar[0], spec.get("country"))
            for phrase in spec.get("ar", []) + spec.get("en", []):
                g.add(phrase, Form(ent.key, "name"))

    # Demonyms.
    for code, spec in load_toml(GAZ_DIR / "demonyms.toml").items():
        key = f"org:{code}" if code in orgs_codes else f"country:{code}"
        if key not in g.entities:
            continue
        for word in spec.get("ar", []):
            for phrase in _demonym_forms(word):
                g.add(phrase, Form(key, "demonym"))
        for phrase in spec.get("ar_plural", []) + spec.get("en", []):
            g.add(phrase, Form(key, "demonym"))

    # Capitals: metonyms for the government, places after a locative preposition.
    for code, spec in load_toml(GAZ_DIR / "capitals.toml").items():
        key = f"org:{code}" if code in orgs_codes else f"country:{code}"
        if key not in g.entities or not (spec.get("ar") or spec.get("en")):
            continue
        ar = (spec.get("ar") or [""])[0]
        en = (spec.get("en") or [""])[0]
        place = g.entity(f"place:capital:{code}", "place", ar or en, en or ar, code)
        for phrase in spec.get("ar", []) + spec.get("en", []):
            g.add(phrase, Form(key, "capital", place.key))

    # CLDR regions (continents and sub-regions) as places.
    for code, ar_name in ar_t.items():
        if code.isdigit() and code not in skip:
            ent = g.entity(f"place:{code}", "place", ar_name, en_t.get(code, code))
            g.add(ar_name, Form(ent.key, "name"))
            g.add(en_t.get(code, code), Form(ent.key, "name"))

    # CLDR time-zone exemplar cities of Europe, Asia and Africa, as places.
    places_cfg = load_toml(GAZ_DIR / "places.toml")
    exclude = {normalize(x) for x in places_cfg.get("exclude", {}).get("tz_cities", [])}
    exclude_en = set(places_cfg.get("exclude", {}).get("tz_cities_en", []))
    zone_cc = _zone_countries()
    ar_zones = Locale("ar").time_zones
    for zone, data in ar_zones.items():
        city = data.get("city") if isinstance(data, Mapping) else None  # (Babel gives a LocaleDataDict)
        if not city or not zone.startswith(("Europe/", "Asia/", "Africa/")):
            continue
        norm = normalize(city)
        if len(norm.replace(" ", "")) < 4 or norm in exclude or "(" in city:
            continue
        if g.matcher.match_at(_toks(city), 0) is not None:
            continue  # already a capital, country or place
        en = zone.rsplit("/", 1)[-1].replace("_", " ")
        ent = g.entity(f"place:tz:{zone}", "place", city, en, zone_cc.get(zone))
        g.add(city, Form(ent.key, "name"))
        if en not in exclude_en and g.matcher.match_at(_toks(en), 0) is None:
            g.add(en, Form(ent.key, "name"))
    log.debug("gazetteer: %d entities, %d phrases", len(g.entities), len(g.matcher))
    return g


def _toks(text: str):  # type: ignore[no-untyped-def]
    from digests.phrases import tokenize

    return tokenize(text)
