"""Figures: numbers with what they count, «أكثر من 6500 جندي» → 6500, «جندي», "more than".

Also decides the number-vs-year question for the timeline: a number followed by a counted noun
or a multiplier, or preceded by a qualifier, is a count (``is_count``), never a year.
Word lists: ``config/figure_words.toml`` (and the dual time units of ``config/time_words.toml``).
"""

from __future__ import annotations

import logging
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from digests.model import Figure
from digests.numwords import Number, _multiplier, number_at, words
from digests.people import words as people_words
from digests.textnorm import Lexicon, normalize, phrase_key, variants
from digests.tokenspan import Token, gap, is_break

log = logging.getLogger(__name__)

TIME_WORDS = Path(__file__).resolve().parent.parent / "config" / "time_words.toml"
MAX_WHAT = 3


@dataclass(frozen=True)
class FigureWords:
    qualifiers: Lexicon
    counted: frozenset[str]
    stop: frozenset[str]
    percent: frozenset[str]
    duals: frozenset[str]
    starts: frozenset[str]  # words a figure can start with: number words, vague counts, dual units
    stop_en: frozenset[str] = frozenset()  # English words that end a label after its noun
    verb_endings_en: tuple[str, ...] = ()
    adverb_endings_en: tuple[str, ...] = ()
    min_length_en: int = 5
    nouns_en: frozenset[str] = frozenset()
    currency_signs: tuple[tuple[str, str], ...] = ()  # ("$", "dollars"), longest sign first


@lru_cache(maxsize=1)
def figure_words() -> FigureWords:
    data = words().raw
    quals = Lexicon()
    for qualifier, langs in data["qualifiers"].items():
        for lang in ("ar", "en"):
            for phrase in langs.get(lang, []):
                quals.add(phrase, qualifier)
    counted = frozenset(normalize(w) for lang in ("ar", "en") for w in data["counted"][lang])
    stop = frozenset(normalize(w) for lang in ("ar", "en") for w in data["what_stop"][lang])
    percent = frozenset(phrase_key(p) for lang in ("ar", "en") for p in data["percent"][lang] if phrase_key(p))
    with TIME_WORDS.open("rb") as fh:
        duals = frozenset(normalize(w) for w in tomllib.load(fh)["dual_units"]["ar"])
    nw = words()
    starts = frozenset(nw.numbers) | frozenset(nw.vague) | duals
    label = data.get("label_en", {})
    return FigureWords(
        quals, counted, stop, percent, duals, starts,
        stop_en=frozenset(w.lower() for w in label.get("stop", [])),
        verb_endings_en=tuple(label.get("verb_endings", [])),
        adverb_endings_en=tuple(label.get("adverb_endings", [])),
        min_length_en=int(label.get("min_length", 5)),
        nouns_en=frozenset(w.lower() for w in label.get("nouns", [])),
        currency_signs=tuple(sorted(data.get("currency_signs", {}).items(), key=lambda kv: -len(kv[0]))),
    )


@dataclass(frozen=True)
class Qualifiers:
    """Qualifier phrases of one sentence by the token they end before / start at."""

    before: dict[int, tuple[int, str]]  # number start → (qualifier start, qualifier)
    after: dict[int, tuple[int, str]]  # number end → (qualifier end, qualifier)


# The last sentence's tokens and qualifiers, one tuple (replaced atomically): timexpr and find share them.
_last: list[tuple[list[Token], Qualifiers] | None] = [None]


def qualifiers(toks: list[Token], norms: list[str] | None = None, starts: list[int] | None = None) -> Qualifiers:
    """Qualifier phrases of a sentence (computed once per token list).

    ``norms``: every token's ``norm``; ``starts``: the indices where a qualifier may start
    (``timexpr.qualifier_starts``), when the caller knows them (then no other token is looked at).
    """
    cached = _last[0]
    if cached is not None and cached[0] is toks:
        return cached[1]
    lexicon = figure_words().qualifiers
    if norms is None:
        norms = [t.norm for t in toks]
    found = lexicon.find(norms) if starts is None else lexicon.find_at(norms, starts)
    before = {end: (start, str(q)) for start, end, q in found}
    after = {start: (end, str(q)) for start, end, q in found if q == "at least"}
    # (the frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``: filling
    # the instance dict builds the same object faster)
    result = object.__new__(Qualifiers)
    result.__dict__.update(before=before, after=after)
    _last[0] = (toks, result)
    return result


def is_counted_noun(tok: Token) -> bool:
    found = _COUNTED.get(tok.norm)
    return _is_counted(tok.norm) if found is None else found


def _is_counted(norm: str) -> bool:
    counted = figure_words().counted
    found = norm in counted or not counted.isdisjoint(variants(norm))  # (``Token.keys``)
    if not found and len(norm) > 3 and norm.endswith("ا") and not norm.isascii():
        found = not counted.isdisjoint(variants(norm[:-1]))  # the accusative: «دينارا», «جنيها», «ريالا»
    if len(_COUNTED) >= _CACHE_LIMIT:
        _COUNTED.clear()
    _COUNTED[norm] = found
    return found


def is_count(text: str, toks: list[Token], num: Number, quals: Qualifiers) -> bool:
    """A number that counts something: multiplier, counted noun or percent after it, qualifier before."""
    if num.end > num.start + 1 or num.start in quals.before:
        return True
    if num.end < len(toks) and is_break(text, toks, num.end):
        return "%" in gap(text, toks, num.end) or "٪" in gap(text, toks, num.end)
    if num.end >= len(toks):
        return "%" in text[toks[num.start].end :] or "٪" in text[toks[num.start].end :]
    nxt = toks[num.end]
    return is_counted_noun(nxt) or bool(_percent_at(toks, num.end))


def _is_dual(tok: Token, duals: frozenset[str]) -> bool:
    keys = tok.keys
    return keys[0] in duals or (len(keys) > 1 and keys[1] in duals)


def _percent_at(toks: list[Token], k: int) -> int:
    """End of a percent word or phrase starting at token k («بالمئة», «في المئة», "per cent"), else 0."""
    if k >= len(toks):
        return 0
    phrases = figure_words().percent
    if toks[k].norm in phrases:
        return k + 1
    if k + 1 < len(toks) and f"{toks[k].norm} {toks[k + 1].norm}" in phrases:
        return k + 2
    return 0


def _what(text: str, toks: list[Token], k: int, taken: set[int]) -> tuple[str, int] | None:
    """What a number ending at token k counts: up to MAX_WHAT words, stopping at stop words."""
    fw = figure_words()
    g = gap(text, toks, k)
    if "%" in g or "٪" in g:
        return "%", k
    if k >= len(toks) or is_break(text, toks, k):
        return None
    end_pct = _percent_at(toks, k)
    if end_pct:
        return text[toks[k].start : toks[end_pct - 1].end], end_pct
    end = k
    while end < len(toks) and end - k < MAX_WHAT:
        tok = toks[end]
        if end in taken or tok.number is not None or tok.norm in fw.stop:
            break
        if end == k and tok.norm in fw.stop_en and tok.norm.isascii() and not is_counted_noun(tok):
            break  # "like 2021 again": no label ("again" counts nothing)
        if end > k and _is_function_ar(tok.norm):
            break  # «2300 أسرة باتت بلا مأوى»: the label ends before the verb
        if end > k and _ends_label_en(tok, toks[end - 1]):
            break  # "300 cheering supporters outside", "a member favoured": not what is counted
        if end > k and (is_break(text, toks, end) or (tok.norm.startswith("و") and not is_counted_noun(tok))):
            break
        if end > k and is_counted_noun(toks[end - 1]) and is_counted_noun(tok):
            break
        if end > k and tok.norm[:1] in "لب" and not is_counted_noun(tok) and len(tok.norm) > 4:
            break  # «دولار لتحسين السدود»: a prepositional phrase starts
        end += 1
        if tok.norm.isascii() and is_counted_noun(tok):
            break  # English counted nouns end the phrase: "soldiers" in "6,500 soldiers died"
    if end == k:
        return None
    return text[toks[k].start : toks[end - 1].end], end


_CLOCK_EN = frozenset(("a", "p", "am", "pm", "a.m", "p.m"))


def _noun_of_before(toks: list[Token], k: int, fw: FigureWords) -> bool:
    """A lower-case English noun and "of" right before token k ("attendance of 84,211")."""
    if k < 2 or toks[k - 1].norm != "of":
        return False
    noun = toks[k - 2]
    return noun.text.isascii() and noun.text.isalpha() and noun.text.islower() and noun.norm not in fw.stop


def _bare_multiple(text: str, toks: list[Token], num: Number) -> bool:
    """A number with a multiplier and nothing counted after it: "10 million", «10 ملايين»."""
    last = num.end - 1
    return (
        num.end - num.start > 1
        and num.value >= 1000
        and toks[last].norm in words().multipliers
        and not is_break(text, toks, last)
    )


def _ends_label_en(tok: Token, prev: Token) -> bool:
    """An English word that ends a label after ``prev``: a function word, or a verb or adverb by its ending.

    A verb-like word only ends it after a noun-like one ("newly elected members" keeps "elected");
    counted nouns ("injured", "displaced") and listed nouns ("oil drilling rigs") never end it.
    """
    word = tok.norm
    if not word.isascii() or is_counted_noun(tok):
        return False
    fw = figure_words()
    if word in fw.stop_en:
        return True
    if word in fw.nouns_en or len(word) < fw.min_length_en:
        return False
    if word.endswith(fw.adverb_endings_en):
        return True
    p = prev.norm
    prev_verbish = p.endswith(fw.verb_endings_en + fw.adverb_endings_en) and p not in fw.nouns_en
    return word.endswith(fw.verb_endings_en) and not prev_verbish


def _is_function_ar(norm: str) -> bool:
    """An Arabic verb or particle of the actor word lists («باتت», «يحتاجون»), or a plural perfect verb."""
    found = _FUNCTION_AR.get(norm)
    if found is None:
        found = _function_ar(norm)
        if len(_FUNCTION_AR) >= _CACHE_LIMIT:
            _FUNCTION_AR.clear()
        _FUNCTION_AR[norm] = found
    return found


def _function_ar(norm: str) -> bool:
    if not norm or not ("\u0600" <= norm[0] <= "\u06ff"):
        return False
    function = people_words().function_ar
    if norm in function or (norm[0] in "وف" and len(norm) > 3 and norm[1:] in function):
        return True
    if len(norm) >= 4 and norm.endswith("وا"):
        return True  # a plural perfect verb: «لقوا», «نزحوا», «فروا»
    # a feminine perfect verb: «أربعة طلاب جرفت السيول», «ثلاثة أسابيع أسفرت» (not a plural in «ات»,
    # nor a definite noun: «الكويت»)
    return len(norm) >= 4 and norm.endswith("ت") and not norm.endswith("ات") and not norm.startswith(("ال", "وال"))


_BETWEEN = frozenset(("بين", "between"))
_RANGE_AR = re.compile(r"^و(\d+(?:\.\d+)?)$")


def _is_score(text: str, toks: list[Token], num: Number) -> bool:
    """A score «2-1», "3-0": two bare digits joined by a hyphen, the second not above the first."""
    k = num.end
    if num.end - num.start != 1 or k >= len(toks) or toks[k].number is None or toks[num.start].number is None:
        return False
    if gap(text, toks, k) not in ("-", "–"):
        return False
    lo, hi = toks[num.start].number, toks[k].number
    return float(hi).is_integer() and float(lo).is_integer() and 0 <= hi <= lo < 30


def _range_upper(text: str, toks: list[Token], num: Number) -> tuple[float, int] | None:
    """A range after a low number: «2 و4 دولارات», «10 و15 ألف», "10 to 15", "10-15".

    Returns the low value (scaled by the upper end's multiplier when it has none of its own) and the
    token index after the upper end, or None.
    """
    k = num.end
    n = len(toks)
    if k >= n or num.start + 1 != num.end:
        return None  # «ألفين و500»: only a bare low number opens a range
    between = num.start > 0 and toks[num.start - 1].norm in _BETWEEN
    m = _RANGE_AR.match(toks[k].norm)
    if m is not None and between:
        hi, after = float(m.group(1)), k + 1
    elif (
        toks[k].norm in ("and", "to") and k + 1 < n and toks[k + 1].number is not None
        and not gap(text, toks, k).strip() and not gap(text, toks, k + 1).strip()
        and (between or (toks[k].norm == "to" and toks[num.start - 1].norm != "from" if num.start else True))
    ):  # "between 10 and 15", "10 to 15 people" — not "rose 6.2% to $148", "from 10 to 15"
        hi, after = float(toks[k + 1].number or 0), k + 2
    elif toks[k].number is not None and gap(text, toks, k) in ("-", "–"):
        hi, after = float(toks[k].number or 0), k + 1
    else:
        return None
    low = float(toks[num.start].number or 0)
    factor, after2 = _multiplier(toks, after, words())
    if hi * factor <= low or (m is None and toks[k].norm not in ("and", "to") and hi <= low):
        return None
    return low * factor, after2


def _currency_before(text: str, toks: list[Token], k: int, fw: FigureWords) -> str | None:
    """What a currency sign right before token k counts ("$1.8 billion" → dollars), else None."""
    before = text[toks[k - 1].end if k > 0 else 0 : toks[k].start].rstrip()
    for sign, word in fw.currency_signs:
        if before.endswith(sign):
            return word
    return None


def _is_multiplier_label(label: str) -> bool:
    return normalize(label) in words().multipliers


def _clean_value(value: float) -> float:
    return int(value) if float(value).is_integer() else value


# normalised word → whether a figure may start there / it is a counted noun / an Arabic function
# word (pure once the word lists are built, bounded)
_STARTS: dict[str, bool] = {}
_COUNTED: dict[str, bool] = {}
_FUNCTION_AR: dict[str, bool] = {}
_CACHE_LIMIT = 100_000


def _can_start(norm: str, starts: frozenset[str]) -> bool:
    can = norm in starts or norm[1:] in starts or norm[2:] in starts
    if len(_STARTS) >= _CACHE_LIMIT:
        _STARTS.clear()
    _STARTS[norm] = can
    return can


def find(
    text: str,
    toks: list[Token],
    paragraph: int,
    taken: set[int],
    candidates: Iterable[int] | None = None,
    norms: list[str] | None = None,
    qualifier_starts: list[int] | None = None,
) -> list[Figure]:
    """Figures of one sentence; ``taken`` are token indices already used by time expressions.

    ``candidates``: ascending token indices holding at least every number and every word a figure
    may start with (``timexpr.figure_starts``); the others are then never looked at. ``norms`` and
    ``qualifier_starts``: as for ``qualifiers``.
    """
    fw = figure_words()
    quals: Qualifiers | None = None
    out: list[Figure] = []
    starts = fw.starts
    known = _STARTS.get
    pos = 0  # the next token not yet read (a figure read tokens up to here)
    for i in range(len(toks)) if candidates is None else candidates:
        if i < pos or i in taken:
            continue
        pos = i + 1
        tok = toks[i]
        if tok.number is None:
            norm = tok.norm
            can = known(norm)
            if can is None:
                can = _can_start(norm, starts)
            if not can:
                continue
        if quals is None:
            quals = qualifiers(toks, norms, qualifier_starts)
        num = number_at(toks, i)
        if num is None or any(k in taken for k in range(num.start, num.end)):
            if _is_dual(toks[i], fw.duals):
                # «عقدين آخرين»: a dual time unit is a count of two
                out.append(Figure(2, toks[i].text, None, toks[i].text, paragraph))
            continue
        if num.start > 0 and toks[num.start - 1].number is not None and gap(text, toks, num.start).strip() == ":":
            pos = num.end  # «5:30 p.m.», «الساعة 10:30»: the minutes of a time of day
            continue
        if _is_score(text, toks, num):
            pos = num.end + 1  # "a 2-1 win", «فاز 3-0»: a score, neither a count nor a range
            continue
        span = _range_upper(text, toks, num)
        if span is not None:
            low, upper_end = span  # «بين 10 و15 ألف طفل», "between 2 and 4 dollars": from the low end
            num = Number(low, num.start, upper_end, num.vague)
        what = _what(text, toks, num.end, taken)
        sign = _currency_before(text, toks, num.start, fw)
        if sign and (what is None or _is_multiplier_label(what[0])):
            what = (sign, num.end if what is None else what[1])  # "$1.8 billion": dollars, not "billion"
        if what is None and _bare_multiple(text, toks, num):
            # "displaced more than 10 million": a large round count on its own, labelled by its multiplier
            what = toks[num.end - 1].text, num.end
        start = num.start
        if what is None and _noun_of_before(toks, num.start, fw):
            # "an attendance of 84,211", "a death toll of 120": the noun before "of" is what is counted
            start = num.start - 2
            what = toks[start].text, num.end
        if what is None:
            pos = num.end
            continue
        label, end = what
        if label.lower().rstrip(".") in _CLOCK_EN:
            pos = end  # "3 p.m.", "9 am": a time of day
            continue
        qualifier = "at least" if num.vague else None
        if span is not None:
            qualifier = "between"
            if start > 0 and toks[start - 1].norm in _BETWEEN:
                start -= 1
                if start > 0 and toks[start - 1].norm == "ما":
                    start -= 1
        elif num.start in quals.before:
            start, qualifier = quals.before[num.start]
        if end in quals.after:
            end, qualifier = quals.after[end]
        out.append(
            Figure(
                value=_clean_value(num.value),
                what=label,
                qualifier=qualifier,
                text=text[toks[start].start : toks[end - 1].end] + ("%" if label == "%" else ""),
                paragraph=paragraph,
            )
        )
        pos = max(end, num.end)
    return out
