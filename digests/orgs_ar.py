"""Arabic organisations the gazetteer does not list, found by their head noun.

Arabic has no capitals to mark a name; a body's name is a head noun («هيئة», «جامعة», «شركة») in
construct with what follows: genitive nouns up to the first definite one, then agreeing adjectives
(«هيئة الطيران المدني», «وكالة أبحاث الفضاء الهندية», «نقابة الصحفيين المصريين»), a place or a body
the gazetteer knows («جامعة القاهرة», «شركة مصر للطيران»), or, after a definite head, adjectives and a
«لل» complement («الهيئة العامة للأرصاد الجوية»). Heads that are also common nouns («مجلس الإدارة»,
«صندوق الاقتراع») need more than one genitive noun to be a name. The words are data, in
``config/actors/organisations.toml`` ``[ar]``.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from functools import lru_cache

from digests.gazetteer import CONFIG, load_toml
from digests.people import is_stop_ar, words
from digests.phrases import Tok
from digests.textnorm import normalize

MAX_WORDS = 6  # a name's words after its head
_CLITICS = ("وال", "فال", "بال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك")  # longest first


@dataclass(frozen=True, slots=True)
class ArOrgWords:
    strong: frozenset[str]
    weak: frozenset[str]
    adjectives: frozenset[str]
    time_words: frozenset[str]  # «الماضي», «الأسبوع»: a time adverb ends a name


@lru_cache(maxsize=1)
def org_words() -> ArOrgWords:
    data = load_toml(CONFIG / "actors" / "organisations.toml")["ar"]
    times = load_toml(CONFIG / "time_words.toml")
    time_words = {
        normalize(w)
        for table in (times["relative"], times["units"])
        for spec in table.values()
        for w in spec["ar"]
    }
    time_words |= {"ال" + w for w in time_words if not w.startswith("ال")}
    return ArOrgWords(
        strong=frozenset(normalize(w) for w in data["strong_heads"]),
        weak=frozenset(normalize(w) for w in data["weak_heads"]),
        adjectives=frozenset(normalize(w) for w in data["adjectives"]),
        time_words=frozenset(time_words),
    )


def head_of(norm: str) -> tuple[str, bool] | None:
    """(head, definite) when a normalised word is a head noun, maybe with clitics («وبجامعة»)."""
    w = org_words()
    if norm in w.strong or norm in w.weak:
        return norm, False
    for clitic in _CLITICS:
        if norm.startswith(clitic) and len(norm) - len(clitic) >= 3:
            rest = norm[len(clitic) :]
            if rest in w.strong or rest in w.weak:
                return rest, clitic.endswith("ال") or clitic == "لل"
    return None


def _adjective(norm: str, w: ArOrgWords) -> bool:
    """A definite adjective: a nisba («الهنديه», «المدني», «المصريين») or a listed one («العامه»)."""
    if norm in w.adjectives:
        return True
    if not norm.startswith("ال") or len(norm) < 5 or norm in w.time_words or is_stop_ar(norm):
        return False
    return norm.endswith(("ي", "يه", "يين", "يون"))


def _complement(norm: str, w: ArOrgWords) -> bool:
    """A «لل» complement noun: «للأرصاد», «للطيران», «للاتصالات»."""
    return norm.startswith("لل") and len(norm) >= 5 and not is_stop_ar(norm[1:]) and norm[1:] not in w.time_words


def find(
    toks: list[Tok],
    heads: list[int],
    used: Container[int],
    entity_end: dict[int, tuple[int, str, str]],
    titles: Container[int] = (),
) -> list[tuple[int, int, str]]:
    """(start, end, head key) of the bodies named in one sentence, at the head tokens ``heads``; the
    key is the head without its clitics, with «ال» when it had the article («الهيئة», «جامعة»).

    ``used``: tokens already read (gazetteer names, national bodies); ``entity_end``: for a token
    starting a gazetteer name, (its end, the entity's kind, how the name refers to it) — a place or
    country inside a name is part of it («جامعة القاهرة»), and so is a demonym after its definite
    noun («نقابة الصحفيين المصريين»); an organisation the gazetteer knows right after the head is that
    organisation («شركة أرامكو»), not a new one. ``titles``: tokens where a title starts («القاضية»):
    a person's title after a body's name is not part of it.
    """
    w = org_words()
    function_ar = words().function_ar
    n = len(toks)
    out: list[tuple[int, int, str]] = []
    resume = 0
    for k in heads:
        if k < resume or k in used:
            continue
        found = head_of(toks[k].norm)
        if found is None:
            continue
        head, definite = found
        definite_head = definite
        strong = head in w.strong
        complement = False
        adjectives = 0
        e = k + 1
        last_good = k + 1  # the name may end after this token
        evidence = False  # an adjective, a place, a complement: a name, not a common noun phrase
        genitives = 0
        while e < n and e - k <= MAX_WORDS:
            t = toks[e]
            norm = t.norm
            if t.punct_before or not t.arabic or norm.startswith("و"):
                break
            if e in entity_end:
                end, kind, how = entity_end[e]
                if kind == "organisation" and e == k + 1:
                    break  # «شركة أرامكو»: the gazetteer's own body
                adjective = how == "demonym" and toks[e].norm.startswith("ال")
                if kind not in ("place", "country") or (definite and not adjective) or (adjective and not definite):
                    break
                e = last_good = end
                evidence = True
                definite = True
                adjectives += adjective
                continue
            if e in used or e in titles:
                break
            if definite:
                if _adjective(norm, w):
                    evidence = True
                    adjectives += 1
                elif _complement(norm, w) and (evidence or genitives):
                    evidence = complement = True
                else:
                    break
                e += 1
                last_good = e
                continue
            # indefinite so far: genitive nouns until the first definite one («لجنة شؤون الأسرى»: a
            # common noun may stand in the chain, a particle or a verb may not)
            if norm in function_ar or norm in w.time_words or "\u064b" in t.text or norm.isdigit():
                break
            if norm.startswith("ال"):
                genitives += 1
                definite = True
                e += 1
                last_good = e
                continue
            if norm[:1] in "بلك" or genitives:
                break  # a preposition («شركة لتصنيع»): no construct
            # an indefinite noun of the chain («وكالة أبحاث الفضاء»): kept only if a definite one
            # follows (``last_good`` stays), so an adjective («شركة كبيرة») is no name
            genitives += 1
            e += 1
        if last_good - k < 2:
            continue
        words_after = last_good - k - 1
        if not (evidence or (strong and words_after >= 1) or words_after >= 2):
            continue
        if definite_head and not complement and adjectives < 2:
            # «الشركة المصرية» is a company, «الشركة المصرية للاتصالات» and «الحزب الديمقراطي الكردستاني» names
            continue
        out.append((k, last_good, "ال" + head if definite_head else head))
        resume = last_good
    return out
