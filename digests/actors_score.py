"""Scoring actor extraction against an expected list: precision and recall of people (name and
role) and of countries/organisations. Used by the tests and by ``bench/actors_quality.py``.

Expected data (JSON): ``people`` [{name, role}], ``optional_people`` [names neither required nor
counted as false], ``countries`` [names in either language, organisations and groups included],
``places``, ``quotes`` {person name: minimum number of quotes}, ``not_actors`` [names that must not
appear].
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from digests.model import Actor
from digests.textnorm import loose_key, normalize, tokens

COUNTRY_KINDS = ("country", "organisation", "group")


@dataclass
class Score:
    people_precision: float
    people_recall: float
    countries_precision: float
    countries_recall: float
    missing: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"people P={self.people_precision:.2f} R={self.people_recall:.2f}  "
            f"countries/orgs P={self.countries_precision:.2f} R={self.countries_recall:.2f}"
        )


def _names(actor: Actor) -> set[str]:
    out = {normalize(actor.name)}
    if actor.name_en:
        out.add(normalize(actor.name_en))
    out.update(normalize(a) for a in actor.aliases)
    return out


def same_person(actor: Actor, name: str) -> bool:
    """Same person: equal normalised names, or the same surname (spelling-tolerant)."""
    if normalize(name) in _names(actor):
        return True
    a, b = tokens(actor.name), tokens(name)
    return bool(a and b) and loose_key(a[-1]) == loose_key(b[-1])


def same_role(actor: Actor, role: str | None) -> bool:
    if not role:
        return True
    return bool(actor.role) and " ".join(tokens(actor.role)) == " ".join(tokens(role))


def find_actor(actors: list[Actor], name: str, kinds: tuple[str, ...] | None = None) -> Actor | None:
    key = normalize(name)
    for a in actors:
        if (kinds is None or a.kind in kinds) and key in _names(a):
            return a
    return None


def score(actors: list[Actor], expected: dict[str, Any]) -> Score:
    people = [a for a in actors if a.kind == "person"]
    optional = expected.get("optional_people", [])
    exp_people = expected.get("people", [])
    missing: list[str] = []
    wrong: list[str] = []
    hit = 0
    for e in exp_people:
        match = next((a for a in people if same_person(a, e["name"])), None)
        if match and same_role(match, e.get("role")):
            hit += 1
        else:
            missing.append(f"person {e['name']} ({e.get('role')}) got {match.role if match else None}")
    true_pred = 0
    scored_pred = 0
    for a in people:
        if any(same_person(a, o) for o in optional):
            continue
        scored_pred += 1
        e = next((e for e in exp_people if same_person(a, e["name"])), None)
        if e and same_role(a, e.get("role")):
            true_pred += 1
        else:
            wrong.append(f"person {a.name} ({a.role})")
    countries = [a for a in actors if a.kind in COUNTRY_KINDS]
    exp_c = expected.get("countries", [])
    c_hit = 0
    for name in exp_c:
        if find_actor(countries, name):
            c_hit += 1
        else:
            missing.append(f"country/org {name}")
    exp_keys = {normalize(n) for n in exp_c}
    c_true = 0
    for a in countries:
        if _names(a) & exp_keys:
            c_true += 1
        else:
            wrong.append(f"{a.kind} {a.name}")
    return Score(
        people_precision=true_pred / scored_pred if scored_pred else 1.0,
        people_recall=hit / len(exp_people) if exp_people else 1.0,
        countries_precision=c_true / len(countries) if countries else 1.0,
        countries_recall=c_hit / len(exp_c) if exp_c else 1.0,
        missing=missing,
        wrong=wrong,
    )
