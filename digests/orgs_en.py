"""English organisations the gazetteer does not list, found by their head word.

A wire story names companies and bodies no list can hold ("Daishin Securities", "Micron Technology",
"National Cyber Security Centre", "Institute for Strategic Studies"). Such a name is a run of
capitalised words that ends in a head word ("Securities", "Technology", "Centre") or opens with one
and goes on with "of"/"for" and capitalised words ("Bank of Korea", "University of Oxford"). The
head words and the words that never start a name («The», «Analysts») are data, in
``config/actors/organisations.toml``.

Spans stop at words already taken (gazetteer names, national bodies, so "Samsung Electronics" stays
the gazetteer's Samsung, and "Dutch National Cyber Security Centre" is the Netherlands plus the
centre); a head word alone ("the Authority") is no name.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from functools import lru_cache

from digests.gazetteer import CONFIG, load_toml
from digests.phrases import Tok


@dataclass(frozen=True, slots=True)
class OrgWords:
    heads: frozenset[str]  # "Authority", "Securities": the last (or first) word of a body's name
    connectors: frozenset[str]  # "of": between capitalised words of one name ("Port of Rotterdam Authority")
    complements: frozenset[str]  # "of", "for": a head word's complement follows ("Bank of Korea")
    not_first: frozenset[str]  # "The", "Analysts", weekdays: capitalised, but no name starts with them


@lru_cache(maxsize=1)
def org_words() -> OrgWords:
    data = load_toml(CONFIG / "actors" / "organisations.toml")["en"]
    return OrgWords(
        heads=frozenset(data["heads"]),
        connectors=frozenset(data["connectors"]),
        complements=frozenset(data["complements"]),
        not_first=frozenset(data["not_first"]),
    )


def _name_word(t: Tok, w: OrgWords) -> bool:
    """A capitalised word that may stand inside a name ("Cyber", "SK", "Kang-ho")."""
    return (
        t.capitalised and not t.arabic and t.text[:1].isalpha() and t.text not in w.not_first
        and not t.text.endswith("-based")  # ("Algiers-based Commission for …": where it is, not its name)
    )


def find(
    toks: list[Tok],
    used: Container[int],
    inner_caps: Container[str] = (),
    places: Container[int] = (),
    complement_places: Container[int] = (),
) -> list[tuple[int, int]]:
    """Token spans [start, end) of the organisations named in one sentence, left to right.

    ``places``: tokens of one-word places, which may stand in a name although taken
    ("Sahel Health Alliance", "Wales Cricket Board"); ``complement_places``: those, and country
    names, which may end one after "of" ("People's Bank of China").

    ``inner_caps``: the words the document capitalises inside a sentence. A sentence's first word is
    capitalised anyway: it starts a name only when the document capitalises it elsewhere too
    ("Chipmaker Cerebra Systems unveiled" is Cerebra Systems; "Goldman Sachs Group" is kept when
    "Goldman" comes again).
    """
    w = org_words()
    heads = w.heads
    n = len(toks)
    out: list[tuple[int, int]] = []
    resume = 0
    for k in range(n):
        t = toks[k]
        if k < resume or t.text not in heads or k in used:
            continue
        # further head words right after it: "Micron Technology Inc", "Securities Exchange Commission"
        e = k + 1
        while e < n and not toks[e].punct_before and toks[e].text in heads and e not in used:
            e += 1
        # a later head word in the same run of capitalised words ends the name there: "China
        # Communications Construction Company", not "China Communications"
        x, last_head = e, None
        while x < n and x - e < 4 and not toks[x].punct_before and x not in used and _name_word(toks[x], w):
            if toks[x].text in heads:
                last_head = x
            x += 1
        if last_head is not None:
            e = last_head + 1
        # a complement: "Bank of Korea", "Institute for Strategic Studies"
        # ("Institute for the Study of War", "Commission for Controlling the Desert Locust": "the" and
        # "of" inside it, between capitalised words)
        if e + 1 < n and toks[e].norm in w.complements and not toks[e].punct_before and not toks[e + 1].punct_before:
            first = e + 2 if toks[e + 1].norm == "the" and e + 2 < n and not toks[e + 2].punct_before else e + 1
            c = first
            while c < n and (c == first or not toks[c].punct_before):
                if (c not in used or c in complement_places) and _name_word(toks[c], w):
                    c += 1
                elif c > first and toks[c].norm in ("the", "of", "and") and c + 1 < n and not toks[c + 1].punct_before \
                        and (c + 1 not in used or c + 1 in complement_places) and _name_word(toks[c + 1], w):
                    c += 2
                else:
                    break
            if c > first:
                e = c
        # capitalised words before it ("Daishin Securities"), through "of"/"and" between two of them
        s = k
        while s > 0 and not toks[s].punct_before:
            prev = s - 1
            if (prev not in used or prev in places) and _name_word(toks[prev], w):
                s = prev
                continue
            if (
                toks[prev].norm in w.connectors
                and prev > 0
                and not toks[prev].punct_before
                and prev - 1 not in used
                and _name_word(toks[prev - 1], w)
            ):
                s = prev - 1
                continue
            if (
                toks[prev].norm == "and" and prev > 0 and not toks[prev].punct_before and prev - 1 not in used
                and _name_word(toks[prev - 1], w)
                and not toks[prev - 1].punct_before  # ("Science, Innovation and Technology": a list)
                and (prev - 1 == 0 or not _name_word(toks[prev - 2], w) or toks[prev - 2].norm in w.connectors)
            ):
                # "Food and Drug Administration", "Department of Health and Human Services": one word
                # before "and" (two would be a name of its own: "SK Hynix and Micron Technology")
                s = prev - 1
                continue
            break
        if s == 0 and e - s > 2 and toks[0].text not in inner_caps and toks[0].text not in heads:
            s = 1
            if all(toks[x].text in heads for x in range(s, e)):
                resume = e  # ("Kasumi Motor Co" opening a sentence: not "Motor Co")
                continue
        if s > 0 and s - 1 in used and not toks[s].punct_before and all(toks[x].text in heads for x in range(s, e)):
            resume = e  # "Toyota Motor Corp": head words only, after a name already taken, end that name
            continue
        if e - s >= 2:  # (a head word alone, "the Authority", is no name; two are: "Network Rail")
            out.append((s, e))
            resume = e
    return out
