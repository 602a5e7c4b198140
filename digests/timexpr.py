"""Time expressions in Arabic and English, normalised to intervals with a precision.

``find(text, toks, published)`` recognises, in one sentence:

- absolute dates: «3 أكتوبر 2022», «في 3 أكتوبر», "October 3, 2022", «أغسطس آب» (two naming
  systems side by side are one month), «عام 2020», «1991», «خريف 2020», «أواخر 2021»,
  «التسعينيات», "the 1990s", «القرن العشرين», ISO and d/m/y dates, Arabic-Indic digits;
- relative dates, resolved against the publication date: «اليوم», «أمس», «الشهر الماضي»,
  «هذا الشهر», «العام الماضي», «الأسبوع المقبل», «يوم الاثنين» (direction from the verb tense),
  «في فبراير» without a year, «قبل ثلاثة أيام», "last month", "on Monday", "two years ago";
- vague ones («مؤخرًا», «قبل المحادثات», "recently"): precision ``approximate``, anchored at the
  publication date.

Counts and durations are not dates: a number that counts something (``figures.is_count``) is never
a year, and «ستة أسابيع» has no date. Month and weekday names come from Babel
(``calendar_names``); every other word from ``config/time_words.toml``.
"""

from __future__ import annotations

import calendar
import itertools
import logging
import re
import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property, lru_cache
from pathlib import Path

from digests import figures, hijri
from digests.calendar_names import month_names, weekday_names
from digests.numwords import number_at, words
from digests.textnorm import Lexicon, normalize, phrase_key, variants
from digests.tokenspan import Token, gap, is_break

log = logging.getLogger(__name__)

CONFIG = Path(__file__).resolve().parent.parent / "config" / "time_words.toml"

PRECISIONS = ("day", "month", "season", "year", "decade", "century", "approximate")
MIN_YEAR = 1000
MAX_YEAR = 2199
BARE_YEAR_MIN = 1900  # a 4-digit number without a cue is a year only from here to shortly after publication


@dataclass(frozen=True)
class TimeExpr:
    """One time expression: tokens [i, j), interval [start, end] (None when undatable), precision."""

    i: int
    j: int
    start: date | None
    end: date | None
    precision: str
    relative: bool
    text: str


@dataclass(frozen=True)
class TimeWords:
    lexicon: Lexicon
    year_cues: frozenset[str]
    singular_units: frozenset[str]
    anchor_before: frozenset[str]
    anchor_nouns: frozenset[str]
    ago_before: frozenset[str]
    ago_after: frozenset[str]
    future: frozenset[str]
    past: frozenset[str]
    future_phrases: tuple[tuple[str, ...], ...]
    imperfect: tuple[str, ...]
    future_prefix: str
    openers: frozenset[str]
    function_words: frozenset[str]
    adjunct_words: frozenset[str]
    decade_display_ar: dict[int, str]
    deixis: dict[str, int]
    triggers: frozenset[str]
    candidates: frozenset[str]
    clock: frozenset[str] = frozenset()
    # the Hijri calendar: era words after a year («هـ», "AH") and the words joining one day in two
    # calendars («الموافق»), each as a sequence of token norms
    not_past: frozenset[str] = frozenset()
    conditional: frozenset[str] = frozenset()  # "if", «إذا»: a condition of a future main clause looks forward  # "hundred", "armed": spelt like a regular past, no verb
    completed_after: frozenset[str] = frozenset()
    deadline: frozenset[str] = frozenset()  # "by", «بحلول»: a deadline may follow
    deadline_setters: frozenset[str] = frozenset()  # "ordered", «أمهلت»: a deadline set before it looks forward
    completed_possessives: frozenset[str] = frozenset()
    completed_nouns: frozenset[str] = frozenset()
    not_time: frozenset[str] = frozenset()
    demonstratives: frozenset[str] = frozenset()  # «هذا»: the Arabic "this" words that precede their unit  # «المائة»: spelt like a time word with a suffix, but none
    hijri_era: tuple[tuple[str, ...], ...] = ()
    corresponding: tuple[tuple[str, ...], ...] = ()


_new = object.__new__
_ORDINAL_DAY_EN = re.compile(r"(\d{1,2})(?:st|nd|rd|th)$")
# a regular past after one of these is a participle or an adjective: "will remain closed", "stay shut"
_LINKING_EN = frozenset({"remain", "remains", "stay", "stays", "be", "being", "become", "becomes", "is", "are", "am", "seem", "seems", "get", "gets"})
_BASE_FORM_BEFORE_EN = frozenset({"to", "will", "would", "could", "can", "may", "might", "should", "must", "shall", "'ll"})
_REGULAR_PAST_EN = re.compile(r"^[a-z]{3,}[^e]ed$")  # "reached", not "need", "proceed"
_PUB_OFFSETS = {"past": -1, "next": 1, "this": 0}  # a direction word's offset from publication ("story": none)
_HIJRI_YEAR_GLUED = re.compile(r"^(\d{4})ه$")  # «1445هـ» in one token


class _KeyedLexicon(Lexicon):
    """A Lexicon that also remembers the first word of every phrase (for the quick sentence filter)."""

    def __init__(self) -> None:
        super().__init__()
        self.first_words: set[str] = set()

    def add(self, phrase: str, value: object) -> None:
        super().add(phrase, value)
        words = phrase_key(phrase).split()
        if words:
            self.first_words.add(words[0])
            if words[0].startswith("ال"):
                self.first_words.add(words[0][2:])


def _norm_set(items) -> frozenset[str]:
    return frozenset(phrase_key(w) for w in items if phrase_key(w))


@lru_cache(maxsize=1)
def time_words() -> TimeWords:
    """The combined lexicon (Babel months and weekdays + config words), built once."""
    with CONFIG.open("rb") as fh:
        data = tomllib.load(fh)
    lex = _KeyedLexicon()
    for lang in ("ar", "en"):
        for name, month in month_names()[lang].items():
            lex.add(name, ("month", month))
        for name, wd in weekday_names()[lang].items():
            lex.add(name, ("weekday", wd))
        for name, month in hijri.month_names()[lang].items():
            lex.add(name, ("hmonth", month))
    singular: set[str] = set()
    for unit, langs in data["units"].items():
        for lang in ("ar", "en"):
            forms = langs[lang]
            singular.add(phrase_key(forms[0]))
            for form in forms:
                lex.add(form, ("unit", unit))
    for season, spec in data["seasons"].items():
        for lang in ("ar", "en"):
            for w in spec[lang]:
                lex.add(w, ("season", spec["month"]) if season else None)
    for direction, langs in data["relative"].items():
        for lang in ("ar", "en"):
            for w in langs[lang]:
                lex.add(w, ("rel", direction))
    deixis: dict[str, int] = {}
    for lang in ("ar", "en"):
        for w, offset in data["deixis"][lang].items():
            key = phrase_key(w)
            if " " in key:
                lex.add(w, ("deixis", offset))
            else:  # «اليوم» must not meet «يوم»: single words are matched exactly (see _Scan.deixis)
                deixis[key] = int(offset)
        sides = {phrase_key(w): side for side, langs in data["vague_side"].items() for w in langs[lang]}
        for w in data["vague"][lang]:
            lex.add(w, ("vague", sides.get(phrase_key(w))))
        for w, yy in data["decades"][lang].items():
            lex.add(w, ("decade", yy))
        centuries = {phrase_key(w) for w in data["centuries"][lang]}
        for w, c in data["centuries"][lang].items():
            lex.add(w, ("cent_ord", c))
        for w, d in data["ordinal_days"][lang].items():
            if phrase_key(w) not in centuries:  # «العشرين»: a century's ordinal is the day's number too
                lex.add(w, ("oday", d))
    for part, langs in data["parts"].items():
        for lang in ("ar", "en"):
            for w in langs[lang]:
                lex.add(w, ("part", part))
    for lang in ("ar", "en"):
        for w, q in data["quarters"][lang].items():
            lex.add(w, ("quarter", q))
        for w in data["quarters"]["word"][lang]:
            lex.add(w, ("qword", None))
        for w, h in data["halves"][lang].items():
            lex.add(w, ("half", h))
    for w in data["ago"]["en_after"] + data["ago"]["ar_after"]:
        lex.add(w, ("ago", None))
    tense = data["tense"]
    ea = data["event_anchor"]
    hj = data["hijri"]
    return TimeWords(
        lexicon=lex,
        year_cues=_norm_set(data["year_cues"]["ar"] + data["year_cues"]["en"]),
        singular_units=frozenset(singular),
        anchor_before=_norm_set(ea["ar_before"] + ea["en_before"]),
        anchor_nouns=_norm_set(ea["nouns_ar"] + ea["nouns_en"]),
        ago_before=_norm_set(data["ago"]["ar_before"]),
        ago_after=_norm_set(data["ago"]["ar_after"] + data["ago"]["en_after"]),
        future=_norm_set(w for w in tense["future_ar"] + tense["future_en"] if " " not in w),
        past=_norm_set(tense["past_ar"] + tense["past_en"]),
        future_phrases=tuple(
            tuple(phrase_key(w).split()) for w in tense["future_en"] + tense["future_ar"] if " " in w
        ),
        imperfect=tuple(normalize(p) for p in tense["imperfect_prefixes_ar"]),
        future_prefix=normalize(tense["future_prefix_ar"]),
        openers=_norm_set(tense["clause_openers_ar"] + tense["clause_openers_en"]),
        function_words=_norm_set(data["function_words"]["ar"] + data["function_words"]["en"]),
        adjunct_words=_norm_set(tense["adjunct_words_en"]),
        decade_display_ar={int(k): v for k, v in data["decades"]["display_ar"].items()},
        deixis=deixis,
        triggers=frozenset(deixis)
        | _norm_set(ea["ar_before"] + ea["en_before"] + data["ago"]["ar_before"])
        | frozenset(normalize(w) for w in words().numbers)
        | frozenset(normalize(w) for w in words().vague)
        | {"a", "an"},
        candidates=frozenset(lex.first_words)
        | frozenset(deixis)
        | _norm_set(ea["ar_before"] + ea["en_before"] + data["ago"]["ar_before"])
        | frozenset(normalize(w) for w in words().numbers)
        | frozenset(normalize(w) for w in words().vague)
        | frozenset(normalize(w) for w in words().multipliers),
        clock=_norm_set(data.get("clock", {}).get("ar", []) + data.get("clock", {}).get("en", [])),
        not_past=_norm_set(tense["not_past_en"]),
        conditional=_norm_set(tense["conditional"]),
        completed_after=_norm_set(tense["completed_after_en"]),
        deadline=_norm_set(tense["deadline"]),
        not_time=_norm_set(data.get("not_time", {}).get("ar", [])),
        demonstratives=_norm_set(data.get("demonstratives", {}).get("ar", [])),
        deadline_setters=_norm_set(tense["deadline_setters"]),
        completed_possessives=_norm_set(tense["completed_possessives_en"]),
        completed_nouns=_norm_set(tense["completed_nouns_en"]),
        hijri_era=tuple(tuple(phrase_key(w).split()) for w in hj["era_ar"] + hj["era_en"] if phrase_key(w)),
        corresponding=tuple(
            tuple(phrase_key(w).split()) for w in hj["corresponding_ar"] + hj["corresponding_en"] if phrase_key(w)
        ),
    )


@lru_cache(maxsize=1)
def _future_by_first() -> dict[str, tuple[tuple[str, ...], ...]]:
    """The multi-word future phrases («من المقرر», "is expected to") by their first word."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for phrase in time_words().future_phrases:
        if phrase:
            out.setdefault(phrase[0], []).append(phrase)
    return {k: tuple(v) for k, v in out.items()}


# ---------------------------------------------------------------- intervals


@lru_cache(maxsize=4096)
def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    idx = y * 12 + (m - 1) + k
    return idx // 12, idx % 12 + 1


def _valid_year(y: int) -> bool:
    return 1 <= y <= 9998


def season_interval(y: int, first_month: int) -> tuple[date, date]:
    ey, em = _add_months(y, first_month, 2)
    return date(y, first_month, 1), _month_end(ey, em)


def iso(d: date | None, precision: str) -> str | None:
    """The ISO string of a date at a precision: YYYY-MM-DD, YYYY-MM or YYYY."""
    if d is None:
        return None
    if precision in ("day", "approximate"):
        return d.isoformat()
    if precision in ("month", "season"):
        return d.isoformat()[:7]  # (the same "YYYY-MM" as formatting year and month, faster)
    return f"{d.year:04d}"


# ---------------------------------------------------------------- the scanner


_NUMERIC_DATE = re.compile(r"^(\d{1,4})[./](\d{1,2})[./](\d{1,4})$")
_DETERMINERS_EN = frozenset({"the", "its", "their", "his", "her", "our", "this", "that"})
_DECADE_DIGITS = re.compile(r"^(\d{2,3}0)s$")


class _Scan:
    """State for one sentence."""

    def __init__(
        self,
        text: str,
        toks: list[Token],
        published: date | None,
        norms: list[str] | None = None,
        marked: list[tuple[int, int]] | None = None,
    ) -> None:
        self.text = text
        self.toks = toks
        self.n = len(toks)
        self.pub = published
        self.tw = time_words()
        # every token's normalised word, read by index (no Token attribute look-up per test)
        self.norms: list[str] = [t.norm for t in toks] if norms is None else norms
        self.marked = marks(self.norms) if marked is None else marked
        # the lexicon is tried only where a phrase may start (known from the marks)
        tags: dict[int, tuple[int, str, object]] = {}
        kinds: set[str] = set()  # the tag kinds present: a pattern needing one the sentence lacks gives up at once
        starts = [k for k, m in self.marked if m & _LEXICON]
        centuries = False  # whether the unit «قرن»/"century" is tagged (every century form needs it)
        for s, e, (kind, payload) in self.tw.lexicon.find_at(self.norms, starts):  # type: ignore[misc]
            tags[s] = (e, kind, payload)
            kinds.add(kind)
            if payload == "century" and kind == "unit":
                centuries = True
        self.tags = tags
        self.kinds = kinds
        self.forced_direction = 0  # (``find``: the direction of the date a yearless one stands in apposition to)
        self.centuries = centuries
        self.years_after: dict[int, tuple[int, int] | None] = {}  # ``_year_after`` answers

    @cached_property
    def mark(self) -> dict[int, int]:
        """Token index → class bits (absent: 0)."""
        return dict(self.marked)

    def brk(self, k: int) -> bool:
        """``is_break(text, toks, k)``, read from a cache by gap string (it depends on the gap only)."""
        toks = self.toks
        if 0 < k < self.n:
            g = self.text[toks[k - 1].end : toks[k].start]
            found = _GAP_BREAKS.get(g)
            if found is None:
                found = is_break(self.text, toks, k)
                if len(g) <= 16:  # most gaps are one space: a few dozen strings in all
                    if len(_GAP_BREAKS) >= _CACHE_LIMIT:
                        _GAP_BREAKS.clear()
                    _GAP_BREAKS[g] = found
            return found
        return is_break(self.text, toks, k)

    @cached_property
    def quals(self) -> figures.Qualifiers:
        return figures.qualifiers(self.toks, self.norms, qualifier_starts(self.marked))

    def triggers(self) -> list[tuple[int, int]]:
        """Tokens where an expression can start (lexicon words, numbers and a few cue words), in
        order, with their class bits (every lexicon tag starts at a marked token)."""
        tags = self.tags
        toks = self.toks
        return [
            (k, m)
            for k, m in self.marked
            if m & _WORD or k in tags or (m & _NUMBERISH and toks[k].number is not None)
        ]

    # -- helpers
    def tag(self, k: int, kind: str) -> tuple[int, object] | None:
        t = self.tags.get(k)
        if t is not None and t[1] == kind:
            return t[0], t[2]
        return None

    def norm(self, k: int) -> str:
        return self.norms[k] if 0 <= k < self.n else ""

    def has_key(self, k: int, keys: frozenset[str]) -> bool:
        return 0 <= k < self.n and not keys.isdisjoint(variants(self.norms[k]))  # (``Token.keys`` at C speed)

    def span(self, i: int, j: int) -> str:
        return self.text[self.toks[i].start : self.toks[j - 1].end]

    def expr(self, i: int, j: int, start, end, precision: str, relative: bool) -> TimeExpr:
        # (the frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``:
        # filling the instance dict at once builds the same object in half the time)
        out = _new(TimeExpr)
        out.__dict__.update(
            i=i, j=j, start=start, end=end, precision=precision, relative=relative, text=self.span(i, j)
        )
        return out

    def year_at(self, k: int, cue: bool, counts: bool = True) -> int | None:
        """A year number at token k: with a cue any 4-digit count-free number; bare ones in range.

        ``counts=False``: a count reading is not asked for (a year right after a month and day:
        "October 7, 2023 killed ..." is no count of 2,023)."""
        if not (0 <= k < self.n) or self.toks[k].digits != 4:
            return None
        y = int(self.toks[k].number or 0)
        if not MIN_YEAR <= y <= MAX_YEAR:
            return None
        # (every test is pure: the cheap ones first, the count test — number, qualifiers — last)
        if k + 1 < self.n and self.norm(k + 1) in self.tw.clock:
            return None  # "by 1400 GMT", «الساعة 1800 بتوقيت غرينتش»: a time of day
        if y <= hijri.MAX_YEAR and self._words_at(k + 1, self.tw.hijri_era):
            return None  # «عام 1445 هـ»: a Hijri year
        if not cue:
            top = (self.pub.year + 5) if self.pub else 2100
            if not BARE_YEAR_MIN <= y <= top:
                return None
            if not (
                k + 1 >= self.n
                or self.brk(k + 1)
                or self.norm(k + 1) in ("و", "and")
                or self.norm(k - 1) in _DETERMINERS_EN  # "the 2018 floods", "its 2020 budget"
            ):
                return None
        num = number_at(self.toks, k)
        if num is None or (counts and figures.is_count(self.text, self.toks, num, self.quals)):
            return None
        return y

    def cue_before(self, k: int) -> bool:
        if k - 1 < 0:
            return False
        if self.has_key(k - 1, self.tw.year_cues):
            return True
        return self.tag(k - 1, "part") is not None or self.tag(k - 1, "season") is not None

    # -- tense
    def direction(self, i: int, j: int) -> int:
        """+1 when the clause around tokens [i, j) looks forward (present/future verb), else -1."""
        if self.forced_direction:
            return self.forced_direction
        tw = self.tw
        if self.norm(i - 1) in ("منذ", "since"):
            return -1  # «منذ ديسمبر», "since March": always behind the publication date
        norms = self.norms
        brk = self.brk
        openers = tw.openers
        # the clause's bounds: ``brk`` inlined (its cache read by gap string; the method on a miss)
        text, toks, n = self.text, self.toks, self.n
        known = _GAP_BREAKS.get
        cs = i
        while cs > 0 and norms[cs - 1] not in openers:
            found = known(text[toks[cs - 1].end : toks[cs].start]) if cs < n else None
            if found is None:
                found = brk(cs)
            if found and not _clock_gap(norms, toks, cs):
                break
            cs -= 1
        ce = j
        while ce < n:
            found = known(text[toks[ce - 1].end : toks[ce].start]) if ce > 0 else None
            if found is None:
                found = brk(ce)
            if found:
                break
            ce += 1
        before, after = norms[cs:i], norms[j:ce]  # the clause without the expression (cs <= i <= j <= ce)
        if cs > 0 and norms[cs - 1] in tw.conditional and (
            not norms[cs - 1].isascii() or not tw.future.isdisjoint(norms[: cs - 1])
        ):
            # "would strike on Friday if the company did not present an offer by Wednesday"; an
            # Arabic «إذا» states a condition still open: «إذا لم تصرف السلفة قبل الأول من آب»
            return 1
        if i > 0 and norms[i - 1] in tw.deadline and (
            (i > 1 and norms[i - 2] in ("has", "have"))
            or any(w in tw.deadline_setters or (w[:1] in "وف" and w[1:] in tw.deadline_setters) for w in norms[:i])
        ):
            return 1  # "ordered him to report to prison by Aug. 15": a deadline set, still ahead
        if cs > 0 and norms[cs - 1] in tw.completed_after and self._completed(before):
            return -1  # "…after her win in the final on Saturday": a completed event
        clause = before + after if i <= j else norms[cs:ce]
        by_first = _future_by_first()
        if clause and () in tw.future_phrases:
            return 1  # an empty phrase matches anywhere
        if not by_first.keys().isdisjoint(clause):  # (rare: tested at C speed first)
            for k, w in enumerate(clause):
                for phrase in by_first.get(w, ()):
                    if tuple(clause[k : k + len(phrase)]) == phrase:
                        return 1
        before.reverse()
        tense = _TENSE.get
        words_out = before + after
        for k, w in enumerate(words_out):
            # the tense word nearest before the expression decides, else the nearest after
            found = tense(w)
            if found is None:
                found = _tense_of(w, tw)
            if found < 0 and k + 1 < len(before) and (
                (w not in tw.past and (before[k + 1] in _DETERMINERS_EN or before[k + 1] in ("a", "an")))
                or before[k + 1] in _BASE_FORM_BEFORE_EN
                or (w not in tw.past and before[k + 1] in _LINKING_EN)
            ):
                # "an improved offer", "will remain closed": an adjective; "could cut", "to beat": a base
                # form, no past
                continue
            if found:
                if found < 0 and k + 1 < len(before) and before[k + 1] in ("be", "been", "being"):
                    continue  # a passive ("would be held"): the modal before "be" decides
                if w == "will":
                    x = i - 1 - k if k < len(before) else j + k - len(before)
                    if toks[x].text == "Will" and x + 1 < n and toks[x + 1].capitalized:
                        continue  # "Will Sutton struck …": a name, not the future
                return found
        first = clause[0] if clause and cs < i else ""
        if first[:1] in "وف" and len(first) > 4:
            first = first[1:]
        if first.startswith(tw.future_prefix) and first[1:2] in "".join(tw.imperfect) + "ا" and len(first) >= 5:
            return 1
        if first.startswith(tw.imperfect) and len(first) >= 4 and not first.endswith("ت"):
            return 1
        second = clause[1] if len(clause) > 1 and cs + 1 < i else ""
        if first.startswith("ال") and second.startswith(tw.imperfect) and second.endswith("ون") and len(second) >= 6:
            return 1  # a nominal clause with a plural present verb: «المستثمرون يراهنون على خفض الفائدة في ديسمبر»
        if (
            first.startswith("ال") and second.startswith(tw.future_prefix) and second[1:2] in "".join(tw.imperfect)
            and len(second) >= 5 and not second.endswith("ه")
        ):
            return 1  # a nominal clause with a future verb: «إن اللجنة ستستضيف المحافظ يوم الثلاثاء»
        # English progressive / "is to": "is hosting", "are to meet"
        if "is" in clause or "are" in clause:
            for a, b in itertools.pairwise(clause):
                if a in ("is", "are") and (b.endswith("ing") or b == "to"):
                    return 1
        # no tense in the clause: an opener may have cut a coordination ("will face the winner of
        # Arsenal and Chelsea on May 17"); the nearest English tense word before it in the sentence
        # decides; a clause of adjunct words only ("…, including a breakdown, on July 27") looks past commas
        adjunct = all(w in tw.adjunct_words for w in clause)
        k = cs - 1
        while 0 <= k and (adjunct or not brk(k + 1)) and norms[k].isascii():
            w = self.norm(k)
            if w in tw.past:
                return -1
            if w in tw.future:
                return 1
            k -= 1
        return -1

    def _completed(self, words: list[str]) -> bool:
        """Whether ``words`` hold a possessive and a completed-event noun: "her win", "their defeat"."""
        tw = self.tw
        return any(
            a in tw.completed_possessives and b in tw.completed_nouns for a, b in itertools.pairwise(words)
        )

    # -- resolution helpers
    def resolve_month(self, m: int, direction: int, day: int | None = None) -> date | None:
        pub = self.pub
        if pub is None:
            return None
        y = pub.year
        try:
            cand = date(y, m, day or 1)
            if direction < 0:
                if (day and cand > pub) or (not day and m > pub.month):
                    cand = date(y - 1, m, day or 1)
            elif (day and cand < pub) or (not day and m < pub.month):
                cand = date(y + 1, m, day or 1)
        except ValueError:
            return None
        return cand

    def weekday(self, wd: int, direction: int, strict: bool) -> date | None:
        pub = self.pub
        if pub is None:
            return None
        if direction > 0:
            days = (wd - pub.weekday()) % 7
            if strict and days == 0:
                days = 7
            return pub + timedelta(days=days)
        days = (pub.weekday() - wd) % 7
        if strict and days == 0:
            days = 7
        return pub - timedelta(days=days)

    def unit_interval(self, unit: str, offset: int) -> tuple[date, date, str] | None:
        pub = self.pub
        if pub is None:
            return None
        if unit == "day":
            d = pub + timedelta(days=offset)
            return d, d, "day"
        if unit == "week":
            monday = pub - timedelta(days=pub.weekday()) + timedelta(weeks=offset)
            return monday, monday + timedelta(days=6), "day"
        if unit == "month":
            y, m = _add_months(pub.year, pub.month, offset)
            return date(y, m, 1), _month_end(y, m), "month"
        if unit == "year":
            y = pub.year + offset
            return date(y, 1, 1), date(y, 12, 31), "year"
        if unit == "decade":
            y = pub.year // 10 * 10 + 10 * offset
            return date(y, 1, 1), date(y + 9, 12, 31), "decade"
        if unit == "century":
            y = pub.year // 100 * 100 + 100 * offset
            return date(y, 1, 1), date(y + 99, 12, 31), "century"
        return None

    # ---------------------------------------------------------------- patterns

    def at(self, i: int, mark: int | None = None) -> TimeExpr | None:
        """The first pattern matching at token ``i``, in a fixed order of preference.

        Only the patterns that can start at this token are tried: each pattern below returns None
        at once unless its trigger is there (a lexicon tag of its kind, digits, a deixis word, an
        «قبل»-like word...), so skipping it when the trigger is absent gives the same answer.
        ``mark``: the token's class bits (``marks``), when the caller has them.
        """
        if mark is None:
            mark = self.mark.get(i, 0)
        tag = self.tags.get(i)
        digits = self.toks[i].digits
        # (the token's class bits say at once which word-bound triggers are there)
        key = (tag[1] if tag else None, 4 if digits == 4 else (1 if digits else 0), mark & _RULE_BITS)
        rules = _RULES.get(key)
        if rules is None:
            rules = _RULES[key] = _rules_for(*key)
        for rule in rules:
            found = rule(self, i)
            if found is not None:
                return found
        return None

    def numeric_date(self, i: int) -> TimeExpr | None:
        tok = self.toks[i]
        m = _NUMERIC_DATE.match(tok.norm)
        parts: tuple[str, str, str] | None = None
        j = i + 1
        if m:
            parts = (m.group(1), m.group(2), m.group(3))
        elif (
            tok.digits
            and i + 2 < self.n
            and self.toks[i + 1].digits
            and self.toks[i + 2].digits
            and gap(self.text, self.toks, i + 1) in ("-", "/")
            and gap(self.text, self.toks, i + 2) == gap(self.text, self.toks, i + 1)
        ):
            parts = (tok.norm, self.norm(i + 1), self.norm(i + 2))
            j = i + 3
        if not parts:
            return None
        a, b, c = parts
        try:
            if len(a) == 4 and len(c) <= 2:
                d = date(int(a), int(b), int(c))
            elif len(c) == 4 and len(a) <= 2:
                first, second = int(a), int(b)
                if second > 12 >= first:  # US order when unambiguous
                    first, second = second, first
                d = date(int(c), second, first)
            else:
                return None
        except ValueError:
            return None
        return self.expr(i, j, d, d, "day", False)

    def _year_after(self, k: int) -> tuple[int, int] | None:
        """A year right after token k-1 («2022», «عام 2022», ", 2022", «من عام 2022»): (year, end)."""
        # (asked twice for a month without a day: once by ``month``, once by ``_dated``)
        if k in self.years_after:
            return self.years_after[k]
        found = self.years_after[k] = self._find_year_after(k)
        return found

    def _find_year_after(self, k: int, counts: bool = True) -> tuple[int, int] | None:
        steps = 0
        while k < self.n and steps < 2 and (
            self.tag(k, "unit") == (k + 1, "year") or self.norm(k) in ("of", "من")
        ):
            k += 1
            steps += 1
        if k < self.n and (not self.brk(k) or gap(self.text, self.toks, k).strip() in (",", ")")):
            y = self.year_at(k, cue=True, counts=counts)
            if y is not None:
                return y, k + 1
        return None

    def _after_story_word(self, k: int) -> bool:
        """"the following Monday", "the following March": counted from the story."""
        rel = self.tag(k - 1, "rel") if k > 0 else None
        return rel is not None and rel[1] == "story"

    def _story_year_after(self, k: int) -> bool:
        """«من العام التالي», "of the following year" right after token k-1."""
        if self.norm(k) in ("of", "من"):
            k += 1
        if self.norm(k) == "the":
            k += 1
        if self.norm(k) == "that" and self.tag(k + 1, "unit") == (k + 2, "year"):
            return True  # "October of that year" ("that" is too frequent a word for the lexicon)
        rel = self.tag(k + 1, "rel") if self.tag(k, "unit") == (k + 1, "year") else self.tag(k, "rel")
        return rel is not None and rel[1] == "story"

    def _relative_year_after(self, k: int) -> tuple[int, int] | None:
        """A relative year right after a month: "last year", «من العام الماضي»: (year, end)."""
        if self.pub is None:
            return None
        if self.norm(k) in ("of", "من"):
            k += 1
        if k + 1 >= self.n or self.brk(k) or self.brk(k + 1):
            return None
        offsets = {"past": -1, "next": 1, "this": 0}
        if self.tag(k, "unit") == (k + 1, "year") and self.tag(k + 1, "rel"):  # «العام الماضي»
            end, r = self.tag(k + 1, "rel")  # type: ignore[misc]
        elif self.tag(k, "rel") and self.tag(k + 1, "unit") == (k + 2, "year"):  # "last year"
            end, r = k + 2, self.tag(k, "rel")[1]  # type: ignore[index]
        else:
            return None
        if str(r) not in offsets:
            return None
        return self.pub.year + offsets[str(r)], end

    def _month_tag(self, i: int, kind: str) -> tuple[int, int] | None:
        """A month name of ``kind`` ("month", "hmonth") at token i: (end, month); an English one capitalised."""
        t = self.tag(i, kind)
        if t is None or (self.toks[i].norm.isascii() and not self.toks[i].capitalized):
            return None
        return t[0], int(t[1])  # type: ignore[call-overload]

    def _month_span(self, i: int) -> tuple[int, int] | None:
        """A month name at i, «أغسطس آب» / «آب (أغسطس)» absorbed: (month, end)."""
        t = self._month_tag(i, "month")
        if t is None:
            return None
        end, month = t
        while True:
            nxt = self.tag(end, "month")
            if nxt is None or nxt[1] != month or gap(self.text, self.toks, end).strip(" /()-،,") != "":
                break
            end = nxt[0]
        return int(month), end  # type: ignore[arg-type]

    def day_month(self, i: int) -> TimeExpr | None:
        tok = self.toks[i]
        if not (tok.digits and tok.digits <= 2 and 1 <= (tok.number or 0) <= 31):
            return None
        k = i + 1
        if self.norm(k) in ("من", "of"):
            k += 1
        ms = self._month_span(k)
        if ms is None or self.brk(i + 1):
            return None
        month, end = ms
        return self._dated(i, end, month, int(tok.number or 0))

    def _day_range_end(self, k: int, day: int) -> int | None:
        """The last day of "1-15" after a month ("Jan. 1-15"): a day number after a dash right
        after the day at token k, larger than it; else None."""
        if k + 1 >= self.n or not 1 <= day <= 31:
            return None
        nxt = self.toks[k + 1]
        if not (nxt.digits and nxt.digits <= 2) or gap(self.text, self.toks, k + 1).strip() not in ("-", "–"):
            return None
        last = int(nxt.number or 0)
        return last if day < last <= 31 else None

    def ordinal_day(self, i: int) -> TimeExpr | None:
        """«التاسع من يناير», "the ninth of January": an ordinal day, «من»/"of", then a month."""
        t = self.tag(i, "oday") or self.tag(i, "cent_ord")
        if t is None:
            m = _ORDINAL_DAY_EN.match(self.norms[i])  # "the 3rd of November"
            if m is None:
                return None
            t = (i + 1, int(m.group(1)))
        end, day = t
        if self.norm(end) not in ("من", "of") or self.brk(end) or self.brk(end + 1):
            return None
        ms = self._month_span(end + 1)
        if ms is None:
            hm = self.tag(end + 1, "hmonth")  # «الخامس من رمضان»
            if hm is None or not 1 <= int(day) <= 30:  # type: ignore[call-overload]
                return None
            return self._hijri_dated(i, hm[0], int(hm[1]), int(day))  # type: ignore[call-overload]
        if not 1 <= int(day) <= 31:  # type: ignore[call-overload]
            return None
        month, stop = ms
        return self._dated(i, stop, month, int(day))  # type: ignore[call-overload]

    def _in_year(self, i: int, end: int, y: int, month: int, day: int | None, relative: bool) -> TimeExpr | None:
        """A day or a month of year ``y``, from token i to ``end`` (None for a day the month lacks)."""
        try:
            start = date(y, month, day or 1)
        except ValueError:
            return None
        stop = start if day else _month_end(y, month)
        return self.expr(i, end, start, stop, "day" if day else "month", relative)

    def _dated(self, i: int, end: int, month: int, day: int | None) -> TimeExpr | None:
        ya = self._year_after(end)
        if ya is None and self._story_year_after(end):
            return None  # «مارس من العام التالي»: a month of a year counted from the story
        if ya is None and day:
            ya = self._find_year_after(end, counts=False)
        if ya:
            return self._in_year(i, ya[1], ya[0], month, day, False)
        ry = self._relative_year_after(end)
        if ry:  # "March last year", «مارس من العام الماضي»: the month of that year
            return self._in_year(i, ry[1], ry[0], month, day, True)
        rel = self.tag(end, "rel")
        if rel and str(rel[1]) == "story":
            return None  # «مارس التالي»: counted from the story
        direction = self.direction(i, end)
        if rel:
            end, r = rel
            direction = {"past": -1, "next": 1}.get(str(r), direction)
        start = self.resolve_month(month, direction, day)
        if start is None:
            return None
        stop = start if day else _month_end(start.year, month)
        return self.expr(i, end, start, stop, "day" if day else "month", True)

    def month(self, i: int) -> TimeExpr | None:
        ms = self._month_span(i)
        if ms is None or self._after_story_word(i):
            return None
        month, end = ms
        # "October 3[, 2022]"
        if (
            end < self.n
            and self.toks[end].digits
            and self.toks[end].digits <= 2
            and gap(self.text, self.toks, end).strip() in ("", ".")
        ):
            day = int(self.toks[end].number or 0)
            num = number_at(self.toks, end)
            last = self._day_range_end(end, day)
            if last is not None:  # "Jan. 1-15, 2025": the days from the first to the last
                found = self._dated(i, end + 2, month, day)
                if found is None or found.start is None:
                    return found
                try:
                    stop = found.start.replace(day=last)
                except ValueError:
                    return found
                return self.expr(i, found.j, found.start, stop, "day", found.relative)
            if 1 <= day <= 31 and num and not figures.is_count(self.text, self.toks, num, self.quals):
                return self._dated(i, end + 1, month, day)
        if end < self.n and gap(self.text, self.toks, end).strip() in ("", ".") and (
            m := _ORDINAL_DAY_EN.match(self.norms[end])
        ):
            day = int(m.group(1))  # "Jan. 20th", "October 3rd"
            if 1 <= day <= 31:
                return self._dated(i, end + 1, month, day)
        if self._year_after(end):
            return self._dated(i, end, month, None)
        prev = i - 1
        cue = self.cue_before(i) or (
            prev >= 0
            and (self.tag(prev, "unit") == (i, "month") or self.tag(prev, "rel") is not None)
        )
        if not cue and self.tag(end, "rel") is None:
            return None
        if prev >= 0 and self.tag(prev, "rel") is not None and self.toks[prev].norm.isascii():
            r = self.tag(prev, "rel")[1]  # type: ignore[index]
            direction = {"past": -1, "next": 1}.get(str(r), 0)
            if direction:
                start = self.resolve_month(month, direction)
                if start is None:
                    return None
                if start.year == (self.pub.year if self.pub else 0) and start.month == self.pub.month:  # type: ignore[union-attr]
                    start = date(start.year + direction, month, 1)
                return self.expr(prev, end, start, _month_end(start.year, month), "month", True)
        return self._dated(i, end, month, None)

    # -- the Hijri calendar: «5 رمضان 1445هـ», «الخامس من رمضان», "Ramadan 5, 1445 AH",
    # «شهر رمضان المقبل», «عام 1445 للهجرة»; converted to Gregorian days (``digests.hijri``)
    def _words_at(self, k: int, sequences: tuple[tuple[str, ...], ...]) -> int | None:
        """The end of the first of ``sequences`` (token norms) found at token k, else None."""
        norms = self.norms
        for seq in sequences:
            if tuple(norms[k : k + len(seq)]) == seq:
                return k + len(seq)
        return None

    def _hijri_year_at(self, k: int, era: bool) -> tuple[int, int] | None:
        """A Hijri year at token k, «1445هـ» or 1445 with its era word after (``era``: the word is
        required): (year, end)."""
        if k >= self.n:
            return None
        glued = _HIJRI_YEAR_GLUED.match(self.norms[k])
        if glued:
            y, end = int(glued.group(1)), k + 1
        elif self.toks[k].digits == 4:
            y, end = int(self.toks[k].number or 0), k + 1
            after = self._words_at(end, self.tw.hijri_era) if not self.brk(end) else None
            if after:
                end = after
            elif era:
                return None
        else:
            return None
        return (y, end) if hijri.valid_year(y) else None

    def hijri_day(self, i: int) -> TimeExpr | None:
        """«5 رمضان 1445هـ», «8 ذي الحجة»: a day number and a Hijri month."""
        tok = self.toks[i]
        if not (tok.digits and tok.digits <= 2 and 1 <= (tok.number or 0) <= 30) or "hmonth" not in self.kinds:
            return None
        k = i + 1
        if self.norm(k) in ("من", "of"):
            k += 1
        t = self.tag(k, "hmonth")
        if t is None or gap(self.text, self.toks, i + 1).strip() or (self.toks[k].norm.isascii() and not self.toks[k].capitalized):
            return None  # (a score «1-صفر» is no day of Safar)
        return self._hijri_dated(i, t[0], int(t[1]), int(tok.number or 0))  # type: ignore[call-overload]

    def hijri_month(self, i: int) -> TimeExpr | None:
        """"Ramadan 5, 1445 AH", «رمضان 1445هـ», «شهر رمضان المقبل», "the month of Ramadan"."""
        start = i
        if self.tag(i, "unit") == (i + 1, "month"):  # «شهر رمضان», "month of Ramadan"
            i += 2 if self.norm(i + 1) == "of" else 1
            if self.tag(i, "hmonth") is None:
                return None
        t = self._month_tag(i, "hmonth")
        if t is None:
            return None
        end, month = t
        nxt = self.toks[end] if end < self.n else None
        if nxt is not None and nxt.digits and nxt.digits <= 2 and not self.brk(end) and 1 <= (nxt.number or 0) <= 30:
            return self._hijri_dated(start, end + 1, month, int(nxt.number or 0))  # "Ramadan 5, 1445 AH"
        if self._hijri_year_after(end) or start < i or self.tag(end, "rel"):
            return self._hijri_dated(start, end, month, None)
        return None

    def hijri_year(self, i: int) -> TimeExpr | None:
        """«1445هـ», «عام 1445 للهجرة», "1445 AH": a Hijri year with its era word."""
        k = i + 1 if self.tag(i, "unit") == (i + 1, "year") else i
        found = self._hijri_year_at(k, era=True)
        if found is None:
            return None
        y, end = found
        first, last = hijri.year_interval(y)
        return self.expr(i, end, first, last, "day", False)

    def corresponding(self, found: TimeExpr) -> TimeExpr:
        """«5 رمضان 1445هـ الموافق 15 مارس 2024م»: a day and the same day in the other calendar are
        one expression, dated by its Gregorian half (a Hijri date by Umm al-Qura may differ from
        the local sighting by a day)."""
        k = self._words_at(found.j, self.tw.corresponding)
        if k is None or k >= self.n:
            return found
        other = self.at(k)
        if other is None or other.start is None or other.start != other.end:
            return found
        greg = other if any(self.tag(x, "hmonth") for x in range(found.i, found.j)) else found
        return self.expr(found.i, other.j, greg.start, greg.end, "day", found.relative and other.relative)

    def coordinated_weekday(self, prev: TimeExpr, found: TimeExpr) -> TimeExpr:
        """«يومي الاثنين والثلاثاء», "on Monday and Tuesday": a weekday joined to the weekday before
        it is the first such day after that one (Tuesday after a Monday that is publication day
        is the next day, whatever the tense says)."""
        if not (
            prev.relative and prev.start is not None and prev.start == prev.end and prev.precision == "day"
            and self._is_weekday(prev) and self._is_weekday(found)
        ):
            return found
        between = self.norms[prev.j : found.i]
        joined = (not between and self.norms[found.i][:1] == "و") or between in (["and"], ["و"], ["or"], ["او"])
        if not joined:
            return found
        days = (found.start.weekday() - prev.start.weekday()) % 7 or 7  # type: ignore[union-attr]
        day = prev.start + timedelta(days=days)
        return self.expr(found.i, found.j, day, day, "day", True)

    def _is_weekday(self, e: TimeExpr) -> bool:
        return any(self.tag(k, "weekday") for k in range(e.i, e.j))

    def _hijri_year_after(self, k: int) -> tuple[int, int] | None:
        """A Hijri year after a Hijri month or day («رمضان 1445هـ», "Ramadan 5, 1445 AH"): (year, end)."""
        if k < self.n and self.norm(k) in ("من", "of", "عام", "سنة"):
            k += 1
        if k < self.n and (not self.brk(k) or gap(self.text, self.toks, k).strip() == ","):
            return self._hijri_year_at(k, era=False)
        return None

    def _hijri_dated(self, i: int, end: int, month: int, day: int | None) -> TimeExpr | None:
        """A Hijri day (or month, ``day`` None) from token i to ``end``, with its year after it or
        the nearest one before or after publication by the clause's tense."""
        ya = self._hijri_year_after(end)
        if ya:
            y, end = ya
            relative = False
        else:
            pub = self.pub
            if pub is None:
                return None
            direction = self.direction(i, end)
            rel = self.tag(end, "rel")
            if rel:
                end, r = rel
                direction = {"past": -1, "next": 1}.get(str(r), direction)
            y = hijri.year_of(pub)
            first, last = _hijri_span(y, month, day)
            if direction < 0 and first > pub:
                y -= 1
            elif direction > 0 and last < pub:
                y += 1
            relative = True
        first, last = _hijri_span(y, month, day)
        return self.expr(i, end, first, last, "day", relative)

    def season(self, i: int) -> TimeExpr | None:
        t = self.tag(i, "season")
        if t is None:
            return None
        end, first = t
        first = int(first)  # type: ignore[call-overload]
        ya = self._year_after(end)
        if ya is None and self.norm(end) in ("of", "the") and self.norm(end + 1) == "the":
            ya = self._year_after(end + 1)
        if ya:
            y, stop = ya
            s, e = season_interval(y, first)
            return self.expr(i, stop, s, e, "season", False)
        # «خريف العام الماضي»
        ur = self.unit_relative(end)
        if ur and ur.precision == "year" and ur.start:
            s, e = season_interval(ur.start.year, first)
            return self.expr(i, ur.j, s, e, "season", True)
        rel = self.tag(end, "rel")
        before = self.tag(i - 1, "rel") if i > 0 and self.toks[i - 1].norm.isascii() else None
        if (rel or before) and self.pub:
            r = str((rel or before)[1])  # type: ignore[index]
            start_tok, stop = (i, rel[0]) if rel else (i - 1, end)
            return self._season_relative(start_tok, stop, first, r)
        return None

    def _season_relative(self, i: int, j: int, first: int, r: str) -> TimeExpr | None:
        pub = self.pub
        assert pub is not None
        # the season instance containing the publication date, then step
        cands = [season_interval(y, first) for y in (pub.year - 2, pub.year - 1, pub.year, pub.year + 1)]
        if r == "this":
            pick = next((c for c in cands if c[0] <= pub <= c[1]), None) or next(
                (c for c in cands if c[0].year == pub.year), None
            )
        elif r == "past":
            pick = next((c for c in reversed(cands) if c[1] < pub), None)
        elif r == "story":
            return None  # «الصيف التالي»: counted from the story
        else:
            pick = next((c for c in cands if c[0] > pub), None)
        if pick is None:
            return None
        return self.expr(i, j, pick[0], pick[1], "season", True)

    def _century_after(self, k: int) -> tuple[int, int] | None:
        """«القرن الماضي», «من القرن العشرين», "of the 20th century": (first year, end)."""
        if not self.centuries:
            return None  # every form below needs the unit «قرن»/"century"
        while self.norm(k) in ("من", "of", "the"):
            k += 1
        u = self.tag(k, "unit")
        if u and u[1] == "century":
            end = u[0]
            o = self.tag(end, "cent_ord")
            if o:
                return (int(o[1]) - 1) * 100, o[0]  # type: ignore[call-overload]
            rel = self.tag(end, "rel")
            if rel and self.pub and str(rel[1]) in _PUB_OFFSETS:
                off = _PUB_OFFSETS[str(rel[1])]
                return self.pub.year // 100 * 100 + 100 * off, rel[0]
            return None
        o = self.tag(k, "cent_ord")
        if o and self.tag(o[0], "unit") == (o[0] + 1, "century"):
            return (int(o[1]) - 1) * 100, o[0] + 1  # type: ignore[call-overload]
        rel = self.tag(k, "rel")
        if rel and self.tag(rel[0], "unit") == (rel[0] + 1, "century") and self.pub and str(rel[1]) in _PUB_OFFSETS:
            off = _PUB_OFFSETS[str(rel[1])]
            return self.pub.year // 100 * 100 + 100 * off, rel[0] + 1
        return None

    def decade(self, i: int) -> TimeExpr | None:
        t = self.tag(i, "decade")
        relative = False
        if t:
            end, yy = t
            yy = int(yy)  # type: ignore[call-overload]
            cent = self._century_after(end)
            if cent:
                base, end = cent
                relative = True
            else:
                ref = self.pub.year if self.pub else 1999
                base = ref // 100 * 100
                if base + yy > ref:
                    base -= 100
            start_year = base + yy
        else:
            m = _DECADE_DIGITS.match(self.norm(i))
            end = i + 1
            if m is None and self.toks[i].digits == 4 and self.norm(i + 1) == "s" and gap(
                self.text, self.toks, i + 1
            ) in ("'", "’"):
                m = re.match(r"^(\d{3}0)$", self.norm(i))
                end = i + 2
            if m is None:
                return None
            start_year = int(m.group(1))
            if start_year < 100:
                return None
        if not _valid_year(start_year + 9):
            return None
        return self.expr(i, end, date(start_year, 1, 1), date(start_year + 9, 12, 31), "decade", relative)

    def century(self, i: int) -> TimeExpr | None:
        if not self.centuries:
            return None  # (``_century_after`` needs the unit)
        if self.tag(i, "unit") is None and self.tag(i, "cent_ord") is None and self.tag(i, "rel") is None:
            return None
        c = self._century_after(i)
        if c is None:
            return None
        base, end = c
        if not _valid_year(base) or not _valid_year(base + 99):
            return None
        relative = self.tag(end - 1, "rel") is not None
        return self.expr(i, end, date(max(base, 1), 1, 1), date(base + 99, 12, 31), "century", relative)

    def year(self, i: int) -> TimeExpr | None:
        start_tok = i
        k = i
        if self.tag(i, "unit") == (i + 1, "year") and self.toks[i].norm not in ("year", "years"):
            k = i + 1  # «عام 2020» keeps «عام» in the text
            y = self.year_at(k, cue=True)
        elif self.toks[k].digits != 4:
            return None  # no year here (``year_at`` would say so after the cue test)
        else:
            y = self.year_at(k, cue=self.cue_before(k))
        if y is None:
            return None
        end = k + 1
        y2 = y
        # ranges: 2020-2022, 2020–22
        if end < self.n and gap(self.text, self.toks, end).strip() in ("-", "–", "—", "/"):
            nxt = self.toks[end]
            if nxt.digits == 4 and y < int(nxt.number or 0) <= y + 100:
                y2, end = int(nxt.number or 0), end + 1
            elif nxt.digits == 2 and y % 100 < int(nxt.number or 0):
                y2, end = y // 100 * 100 + int(nxt.number or 0), end + 1
        return self.expr(start_tok, end, date(y, 1, 1), date(y2, 12, 31), "year", False)

    def weekday_expr(self, i: int) -> TimeExpr | None:
        if "weekday" not in self.kinds:
            return None
        start = i
        rel_before = None
        if self.tag(i, "unit") == (i + 1, "day") and self.tag(i + 1, "weekday"):
            k = i + 1  # «يوم الاثنين»
        elif self.tag(i, "rel") and self.toks[i].norm.isascii() and self.tag(i + 1, "weekday"):
            k = i + 1  # "last Monday"
            rel_before = str(self.tag(i, "rel")[1])  # type: ignore[index]
        else:
            k = i
        t = self.tag(k, "weekday")
        if t is None or self._after_story_word(k):
            return None
        end, wd = t
        tok = self.toks[k]
        if tok.norm.isascii():
            if not tok.capitalized:
                return None
        elif start == k and (not tok.norm.startswith(("ال", "وال")) or self.norm(k - 1) in ("بين", "كلا", "من", "احد")):
            return None
        # «الاثنين 3 أكتوبر», "Monday, October 3": the date wins
        for probe in (end, end + 1):
            if probe == end + 1 and self.norm(end) in _RANGE_WORDS:
                break  # "from Monday to Feb. 14": a range, not one day named twice
            if probe < self.n:
                dated = self.day_month(probe) or self.month(probe) or self.hijri_day(probe) or self.hijri_month(probe)
                if dated and dated.precision == "day" and dated.start == dated.end and probe - end <= 1:
                    return self.expr(start, dated.j, dated.start, dated.end, "day", dated.relative)
        rel = self.tag(end, "rel")
        r = rel_before
        if rel and not self.toks[end].norm.isascii():
            end, r = rel[0], str(rel[1])
        if r == "story":
            return None  # «الأحد التالي», "the following Sunday": counted from the story
        if r in ("past", "next"):
            d = self.weekday(int(wd), -1 if r == "past" else 1, strict=True)  # type: ignore[call-overload]
        else:
            d = self.weekday(int(wd), self.direction(start, end), strict=False)  # type: ignore[call-overload]
        if d is None:
            return None
        return self.expr(start, end, d, d, "day", True)

    def unit_relative(self, i: int) -> TimeExpr | None:
        if i >= self.n or "rel" not in self.kinds or "unit" not in self.kinds:
            return None  # (both forms need a unit and a relative word)
        u = self.tag(i, "unit")
        r = self.tag(i + 1, "rel") if u else None
        if u and r and u[0] == i + 1 and not self.toks[i].norm.isascii():
            unit, rel, end = str(u[1]), str(r[1]), r[0]  # «الشهر الماضي»
            singular = self.has_key(i, self.tw.singular_units)
        else:
            r = self.tag(i, "rel")
            u = self.tag(i + 1, "unit") if r else None
            if not (r and u and r[0] == i + 1):
                return None
            unit, rel, end = str(u[1]), str(r[1]), u[0]  # «هذا الشهر», "last month"
            if self.toks[i].norm.isascii() and self.norm(end) == "of" and self._month_span(end + 1) is not None:
                return None  # "the last week of December": a part of that month, no "last week"
            if not self.toks[i].norm.isascii() and (
                rel != "this" or (self.norms[i] not in self.tw.demonstratives and self.norms[i][1:] not in self.tw.demonstratives)
            ):
                # Arabic past/next words follow their unit: «المهمة السابقة عام 2019» is no "last
                # year"; so do «الحالي», «الجاري»: only «هذا», «هذه» precede it
                return None
            singular = self.has_key(i + 1, self.tw.singular_units)
            if self.norm(end) in ("ago",) or (self.toks[i].norm.isascii() and self.norm(i) == "past" and not singular):
                pass
        k_unit = i if not self.toks[i].norm.isascii() and self.tag(i, "unit") else i + 1
        if not figures.figure_words().duals.isdisjoint(variants(self.norms[k_unit])[:2]):
            singular = False  # «العامين الماضيين»
        if not singular:
            # «الأيام الماضية», "the past few weeks": recent, undated
            return self.expr(i, end, self.pub, self.pub, "approximate", True)
        if rel == "story":
            return None  # «اليوم التالي», «الشهر التالي»: relative to the story, not to publication
        offset = {"past": -1, "next": 1, "this": 0}[rel]
        iv = self.unit_interval(unit, offset)
        if iv is None:
            return None
        return self.expr(i, end, iv[0], iv[1], iv[2], True)

    def quarter(self, i: int) -> TimeExpr | None:
        """«الربع الثالث من العام المقبل», "Q3 2025", "the third quarter", «الربع المقبل», "next quarter"."""
        pub = self.pub
        if pub is None or self.kinds.isdisjoint(("quarter", "half", "qword")):
            return None
        t = self.tag(i, "quarter")
        half = self.tag(i, "half")
        if half is not None:
            t = (half[0], 2 * int(half[1]) - 1)  # type: ignore[call-overload]  # a half: two quarters
        if t is not None:
            end, q = t
            k = end
            while self.norm(k) in ("of", "the", "من", "عام", "لعام"):
                k += 1
            year, relative = pub.year, True
            y = self.year_at(k, cue=True) if k < self.n and not self.brk(end) else None
            sub = self.unit_relative(k) if y is None and k < self.n and not self.brk(end) else None
            if y is not None:
                year, relative, end = y, False, k + 1
            elif sub is not None and sub.precision == "year" and sub.start is not None:
                year, end = sub.start.year, sub.j
            elif k > end and self.tag(k, "unit") == (k + 1, "year"):
                end = k + 1  # «السداسي الأول من السنة», "the first half of the year": this year
            elif k > end or half is not None:
                return None  # "the fourth quarter of the game", "in the second half": not a dated period
            q = int(q)  # type: ignore[call-overload]
        else:
            if self.tag(i, "qword") and self.tag(i + 1, "rel") and not self.toks[i].norm.isascii():
                rel, end = self.tag(i + 1, "rel")[1], i + 2  # type: ignore[index]  # «الربع المقبل»
            elif self.tag(i, "rel") and self.tag(i + 1, "qword") and self.toks[i].norm.isascii():
                rel, end = self.tag(i, "rel")[1], i + 2  # type: ignore[index]  # "next quarter"
            else:
                return None
            if self.norm(end) in ("of", "من") or str(rel) == "story":
                return None  # "the last quarter of the century", "the following quarter"
            n = (pub.month - 1) // 3 + {"past": -1, "next": 1}.get(str(rel), 0)
            year, q, relative = pub.year + n // 4, n % 4 + 1, True
        m1 = 3 * q - 2
        m2 = m1 + (5 if half is not None else 2)
        return self.expr(i, end, date(year, m1, 1), _month_end(year, m2), "month", relative)

    def deixis(self, i: int) -> TimeExpr | None:
        t = self.tag(i, "deixis")
        if t is None:
            norm = self.toks[i].norm
            for word in (norm, norm[1:] if norm[:1] in "وف" else ""):
                if word in self.tw.deixis:
                    t = (i + 1, self.tw.deixis[word])
                    break
        if t is None or self.pub is None:
            return None
        end, offset = t
        if self.tag(end, "rel"):
            return None  # «اليوم التالي»
        d = self.pub + timedelta(days=int(offset))  # type: ignore[call-overload]
        wd = self.tag(end, "weekday")
        if wd is not None and not self.brk(end):
            end = wd[0]  # «أمس الخميس»: the weekday names the same day, not another one
        return self.expr(i, end, d, d, "day", True)

    def ago(self, i: int) -> TimeExpr | None:
        if "unit" not in self.kinds:
            return None  # every form counts a unit
        tw = self.tw
        before = self.has_key(i, tw.ago_before)
        k = i + 1 if before else i
        if k >= self.n:
            return None
        if not before and not self.mark.get(k, 0) & _NUMBER_START and self.norms[k] not in ("a", "an", "one"):
            return None  # (the common case, decided without ``number_at``: no number can start here)
        if self.toks[k].number is not None and self.tag(k + 1, "unit") is None and self.tag(k + 2, "unit") is None:
            return None  # a digit number ends one token on, or two with its multiplier: no unit after it
        count = 1
        num = number_at(self.toks, k)
        if num is not None:
            count, k = int(num.value), num.end
        elif self.norm(k) in ("a", "an", "one"):
            k += 1
        elif not before:
            return None
        u = self.tag(k, "unit")
        if u is None:
            return None
        end, unit = u
        unit = str(unit)
        duals = figures.figure_words().duals
        if num is None and not duals.isdisjoint(variants(self.norms[k])[:2]):
            count = 2
        elif num is None and not self.has_key(k, tw.singular_units):
            if before:
                return self.expr(i, end, self.pub, self.pub, "approximate", True)
            else:
                return None
        after = self.tag(end, "ago")
        if before:
            if self.norm(end) in ("من", "على") or self.year_at(end, cue=True) is not None:
                return None  # «قبل شهر من», «قبل عام 2020»
            if after:
                end = after[0]
        elif not after:
            return None
        else:
            end = after[0]
        pub = self.pub
        if pub is None or count > 5000:
            return None
        try:
            if unit in ("day", "week"):
                d = pub - timedelta(days=count * (7 if unit == "week" else 1))
                return self.expr(i, end, d, d, "day", True)
            if unit == "month":
                y, m = _add_months(pub.year, pub.month, -count)
                return self.expr(i, end, date(y, m, 1), _month_end(y, m), "month", True)
            years = {"year": 1, "decade": 10, "century": 100}[unit] * count
            y = pub.year - years
            if not _valid_year(y):
                return None
            return self.expr(i, end, date(y, 1, 1), date(y, 12, 31), "year", True)
        except (ValueError, OverflowError):
            return None

    def anchor(self, i: int) -> TimeExpr | None:
        if not self.has_key(i, self.tw.anchor_before):
            return None
        k = i + 1
        if self.norm(k) == "of":
            k += 1
        if self.norm(k) == "the":
            k += 1
        if k < self.n and self.toks[k].norm in self.tw.anchor_nouns and not self.brk(i + 1):
            return self.expr(i, k + 1, self.pub, self.pub, "approximate", True)
        return None

    def vague(self, i: int) -> TimeExpr | None:
        t = self.tag(i, "vague")
        if t is None:
            return None
        end, side = t
        if i > 0 and self.norm(i - 1) == "as" and self.norm(end) == "as":
            return None  # "as soon as the roads are safe", "as early as": a comparison, not a time
        if self.norm(end) in ("before", "after"):
            return None  # "shortly before 0300 GMT": it qualifies the time that follows
        if side is not None and i > 0 and self.tag(i - 1, "unit") is not None and self.tags[i - 1][0] == i:
            return None  # "from a year earlier", "two days later": counted from a moment of the story, not datable
        k = end + 1 if self.norm(end) in ("of", "من") else end  # «في وقت سابق من هذا العام»
        d = end + 1 if self.norm(end) in ("on", "في") else end
        if side is not None and d < self.n and (
            self.tag(d, "weekday") is not None or self.tag(d, "deixis") is not None or self.norm(d) in self.tw.deixis
            or (self.norm(d) in ("يوم", "day") and self.tag(d + 1, "weekday") is not None)
        ):
            return None  # "earlier on Sunday", «في وقت سابق اليوم»: the day that follows dates it
        follow = self.unit_relative(k)  # "earlier this month"
        if follow is None or follow.start is None or follow.end is None or follow.precision == "approximate":
            return self.expr(i, end, self.pub, self.pub, "approximate", True)
        start, stop, pub = follow.start, follow.end, self.pub
        if pub is not None and start <= pub <= stop:  # "earlier this year": January to publication
            if side == "earlier":
                stop = pub
            elif side == "later":
                start = pub
        return self.expr(i, follow.j, start, stop, follow.precision, True)

    def _current_unit(self, k: int) -> TimeExpr | None:
        """A definite calendar unit after a part word and nothing after it that dates it otherwise
        («العام» in «نهاية العام», "the year" in "the end of the year"): the current one."""
        u = self.tag(k, "unit")
        if u is None or u[0] != k + 1 or str(u[1]) not in ("week", "month", "year"):
            return None
        if not self.has_key(k, self.tw.singular_units):
            return None
        if self.toks[k].norm.isascii():
            if self.norm(k - 1) != "the":
                return None
        elif not self.toks[k].norm.startswith(("ال", "وال")):
            return None
        nxt = self.norm(k + 1)
        if self.tag(k + 1, "rel") is not None or nxt in ("of", "من") or self.year_at(k + 1, cue=True) is not None:
            return None  # «نهاية العام الماضي», "the end of the year of ...", «نهاية العام 2024»: read elsewhere
        iv = self.unit_interval(str(u[1]), 0)
        if iv is None:
            return None
        return self.expr(k, k + 1, iv[0], iv[1], iv[2], True)

    def part(self, i: int) -> TimeExpr | None:
        t = self.tag(i, "part")
        if t is None:
            return None
        end, which = t
        if self.norm(i).startswith(("ال", "وال")):
            return None  # «روايته الأولى عام 1979»: an ordinal adjective, not «أول/مطلع عام»
        k = end
        while self.norm(k) in ("of", "the", "-"):
            k += 1
        sub = None
        for rule in (self.day_month, self.month, self.season, self.decade, self.unit_relative, self.year):
            if k < self.n:
                sub = rule(k)
            if sub is None and rule == self.year and k < self.n:
                y = self.year_at(k, cue=True)
                sub = self.expr(k, k + 1, date(y, 1, 1), date(y, 12, 31), "year", False) if y else None
            if sub is not None:
                break
        if sub is None and k < self.n:
            sub = self._current_unit(k)  # «نهاية العام», "by the end of the year": of the current one
        if sub is None or sub.start is None or sub.end is None or sub.precision == "approximate":
            return None
        s, e, precision = _narrow(sub.start, sub.end, sub.precision, str(which))
        return self.expr(i, sub.j, s, e, precision, sub.relative)


# gap between two tokens → whether ``tokenspan.is_break`` sees a break there (short gaps, bounded)
_GAP_BREAKS: dict[str, bool] = {}

# normalised word → -1 (a past tense word), 1 (a future one) or 0 (pure once ``time_words()`` is built)
_TENSE: dict[str, int] = {}


def _hijri_span(year: int, month: int, day: int | None) -> tuple[date, date]:
    """The Gregorian days of a Hijri day, or of its month when ``day`` is None."""
    if day:
        d = hijri.to_gregorian(year, month, day)
        return d, d
    return hijri.month_interval(year, month)


def _tense_of(w: str, tw: TimeWords) -> int:
    base = w[1:] if len(w) > 4 and w[0] in "وف" else w
    found = -1 if w in tw.past or base in tw.past else 1 if w in tw.future or base in tw.future else 0
    if not found and _REGULAR_PAST_EN.match(w) and w not in tw.not_past:
        found = -1  # "reached", "announced": an English regular past (a passive is skipped by the caller)
    if len(_TENSE) >= _CACHE_LIMIT:
        _TENSE.clear()
    _TENSE[w] = found
    return found


def _rules_for(kind: str | None, digits: int, bits: int) -> tuple:
    """The patterns ``_Scan.at`` tries at a token, in order, by what the token is.

    ``kind``: its lexicon tag's kind; ``digits``: 0, 4 (four digits) or 1 (any other count);
    ``bits``: its ``_RULE_BITS``.
    """
    digit_start = bool(bits & _DIGIT_START)
    deixis = kind == "deixis" or bool(bits & _DEIXIS)
    rules: list = []
    if digits or digit_start:
        rules.append(_Scan.numeric_date)
    if kind == "part":
        rules.append(_Scan.part)
    if digits:
        rules.append(_Scan.day_month)
        rules.append(_Scan.hijri_day)
    if kind == "hmonth" or kind == "unit":
        rules.append(_Scan.hijri_month)
    if digit_start or digits == 4 or kind == "unit":
        rules.append(_Scan.hijri_year)
    if kind == "month":
        rules.append(_Scan.month)
    elif kind == "season":
        rules.append(_Scan.season)
    if kind == "decade" or digit_start or digits == 4:
        rules.append(_Scan.decade)
    if kind in ("oday", "cent_ord") or (digit_start and not digits):
        rules.append(_Scan.ordinal_day)
    if kind in ("unit", "cent_ord", "rel"):
        rules.append(_Scan.century)
    if kind == "unit" or digits == 4:
        rules.append(_Scan.year)
    if kind in ("unit", "rel", "weekday"):
        rules.append(_Scan.weekday_expr)
    if kind in ("unit", "rel"):
        rules.append(_Scan.unit_relative)
    if kind in ("quarter", "qword", "rel", "half"):
        rules.append(_Scan.quarter)
    if deixis:
        rules.append(_Scan.deixis)
    if bits & _AGO:
        rules.append(_Scan.ago)
    if bits & _ANCHOR:
        rules.append(_Scan.anchor)
    if kind == "vague":
        rules.append(_Scan.vague)
    return tuple(rules)


# (tag kind, digit class, rule bits) → the patterns to try, in order (a few dozen keys)
_RULES: dict[tuple[str | None, int, int], tuple] = {}


def _narrow(start: date, end: date, precision: str, which: str) -> tuple[date, date, str]:
    """«أوائل/منتصف/أواخر» of a period: thirds of a month, a year, a decade or a century."""
    idx = {"early": 0, "mid": 1, "late": 2}[which]
    if precision == "month":
        last = _month_end(start.year, start.month).day
        bounds = [(1, 10), (11, 20), (21, last)][idx]
        return start.replace(day=bounds[0]), start.replace(day=bounds[1]), "day"
    if precision == "year" and start.year == end.year:
        m1, m2 = [(1, 4), (5, 8), (9, 12)][idx]
        return date(start.year, m1, 1), _month_end(start.year, m2), "month"
    if precision == "decade":
        y1, y2 = [(0, 3), (3, 6), (7, 9)][idx]
        return date(start.year + y1, 1, 1), date(start.year + y2, 12, 31), "year"
    if precision == "century":
        y1, y2 = [(0, 29), (30, 69), (70, 99)][idx]
        return date(start.year + y1, 1, 1), date(start.year + y2, 12, 31), "decade"
    if precision == "day" and (end - start).days == 6:  # a week: «مطلع الأسبوع المقبل», "late this week"
        d1, d2 = [(0, 2), (2, 4), (4, 6)][idx]
        return start + timedelta(days=d1), start + timedelta(days=d2), "day"
    return start, end, precision


# normalised word → answer of the per-word tests below (pure once ``time_words()`` is built)
_WORTH: dict[str, bool] = {}
_CACHE_LIMIT = 100_000


# A word's class, as bits (a pure function of the normalised word once the word lists are built):
# each sentence is classified with one dict look-up per token, and only the marked tokens are
# looked at again by the lexicon, the trigger test and the figure scanner.
_WORD = 1  # a trigger word or digits
_NUMBERISH = 2  # spelt like a token that may carry a number: digits, or «ال» and digits (``tokenspan``)
_LEXICON = 4  # a phrase of the time lexicon may start here
_FIGURE = 8  # a figure may start here: a number word, a vague count, a dual unit (``figures``)
_QUALIFIER = 16  # a qualifier phrase may start here («أكثر من», "at least": ``figures.qualifiers``)
_NUMBER_START = _NUMBERISH | _FIGURE  # every token where ``numwords.number_at`` may find a number
# (the bits below only choose which patterns ``_Scan.at`` tries at a trigger token)
_DIGIT_START = 32  # the word starts with a digit
_DEIXIS = 64  # a one-word deixis («اليوم», «أمس»), maybe after «و»/«ف»
_AGO = 128  # ``_Scan.ago`` may start here: an «قبل»-like word, a number or "a"/"an"/"one"
_ANCHOR = 256  # ``_Scan.anchor`` may start here: its word meets ``anchor_before``
_RULE_BITS = _DIGIT_START | _DEIXIS | _AGO | _ANCHOR
_MARKS: dict[str, int] = {}


def _mark(norm: str) -> int:
    tw = time_words()
    words = tw.triggers
    m = 0
    digit = norm[:1].isdigit()
    if digit or norm in words or (norm[:1] in "وف" and norm[1:] in words):
        m |= _WORD
    if digit or (norm[:1] == "ا" and norm[2:3].isdigit()):
        m |= _NUMBERISH
    if tw.lexicon.opens(norm) and norm not in tw.not_time:
        m |= _LEXICON
    starts = figures.figure_words().starts
    if norm in starts or norm[1:] in starts or norm[2:] in starts:
        m |= _FIGURE
    if figures.figure_words().qualifiers.opens(norm):
        m |= _QUALIFIER
    if digit:
        m |= _DIGIT_START
    deixis = tw.deixis
    if norm in deixis or (norm[:1] in "وف" and norm[1:] in deixis):
        m |= _DEIXIS
    keys = variants(norm)
    if m & _NUMBER_START or norm in ("a", "an", "one") or not tw.ago_before.isdisjoint(keys):
        m |= _AGO
    if not tw.anchor_before.isdisjoint(keys):
        m |= _ANCHOR
    if len(_MARKS) >= _CACHE_LIMIT:
        _MARKS.clear()
    _MARKS[norm] = m
    return m


def marks(norms: list[str]) -> list[tuple[int, int]]:
    """(index, class bits) of the tokens of a sentence worth a second look, in order."""
    known = _MARKS.get
    out: list[tuple[int, int]] = []
    for k, w in enumerate(norms):
        m = known(w)
        if m is None:
            m = _mark(w)
        if m:
            out.append((k, m))
    return out


def figure_starts(marked: list[tuple[int, int]]) -> list[int]:
    """The marked tokens where ``figures.find`` may find a figure (a superset: it checks each)."""
    return [k for k, m in marked if m & (_NUMBERISH | _FIGURE)]


def qualifier_starts(marked: list[tuple[int, int]]) -> list[int]:
    """The marked tokens where a qualifier phrase may start (``figures.qualifiers``)."""
    return [k for k, m in marked if m & _QUALIFIER]


def _worth(t: str, cands: frozenset[str]) -> bool:
    hit = t[0].isdigit() or t[-1].isdigit() or t in cands or any(v in cands for v in variants(t))
    if len(_WORTH) >= _CACHE_LIMIT:
        _WORTH.clear()
    _WORTH[t] = hit
    return hit


def worth_scanning(norm_tokens: list[str]) -> bool:
    """Quick filter on ``textnorm.tokens``: could this sentence hold a time expression or a figure?"""
    known = _WORTH.get
    cands = None
    for t in norm_tokens:
        hit = known(t)
        if hit is None:
            if cands is None:
                cands = time_words().candidates
            hit = _worth(t, cands)
        if hit:
            return True
    return False


# words between two dates that make them a range or a pair, not one day named twice
_RANGE_WORDS = frozenset(("to", "and", "until", "till", "through", "or", "الي", "و", "حتي", "او"))


def _clock_gap(norms: list[str], toks: list[Token], k: int) -> bool:
    """Whether the punctuation before token k belongs to a time of day ("12:01 a.m. Friday"): it
    ends no clause."""
    return (
        (norms[k - 1] in ("a", "p") and norms[k] == "m")
        or (k >= 2 and norms[k - 1] == "m" and norms[k - 2] in ("a", "p"))
        or (bool(toks[k - 1].digits) and bool(toks[k].digits) and toks[k].start - toks[k - 1].end == 1)
    )


def _range_end(scan: _Scan, before: TimeExpr, found: TimeExpr, i: int, mark: int) -> TimeExpr:
    """The yearless end of a range ("from Monday to Feb. 14", «من 20 فيفري إلى 15 مارس») is not
    before its start: read again looking forward when it was."""
    if (
        before.start is None or found.start is None or found.start >= before.start
        or scan.norms[before.j : found.i] not in (["to"], ["until"], ["till"], ["through"], ["الي"], ["حتي"], ["وحتي"])
    ):
        return found
    scan.forced_direction = 1
    try:
        again = scan.at(i, mark)
    finally:
        scan.forced_direction = 0
    return again if again is not None and again.j == found.j and again.start is not None and again.start >= before.start else found


def _apposed(scan: _Scan, before: TimeExpr, found: TimeExpr, i: int, mark: int, pub: date) -> TimeExpr:
    """A yearless date right after a comma after another date names the same time, so it lies on
    the same side of the publication date: «يوم الخميس المقبل، التاسع من ذي الحجة», "next
    Thursday, June 5" (the tense of the sentence may say otherwise)."""
    if (
        before.start is None or before.end is None or found.i != before.j or found.start is None
        or gap(scan.text, scan.toks, found.i).strip() not in ("،", ",")
    ):
        return found
    side = 1 if before.start > pub else -1 if before.end < pub else 0
    if not side or (found.start > pub) == (side > 0):
        return found
    scan.forced_direction = side
    try:
        again = scan.at(i, mark)
    finally:
        scan.forced_direction = 0
    return again if again is not None and again.j == found.j else found


def find(
    text: str,
    toks: list[Token],
    published: date | None,
    norms: list[str] | None = None,
    marked: list[tuple[int, int]] | None = None,
) -> list[TimeExpr]:
    """The time expressions of one sentence, left to right, non-overlapping.

    ``norms`` (every token's ``norm``) and ``marked`` (``marks(norms)``) may be passed when the
    caller has them already.
    """
    if not toks:
        return []
    scan = _Scan(text, toks, published, norms, marked)
    out: list[TimeExpr] = []
    pos = 0
    for i, mark in scan.triggers():
        if i < pos:
            continue
        try:
            found = scan.at(i, mark)
            if found is not None and found.start is not None and found.start == found.end and scan.tw.corresponding:
                found = scan.corresponding(found)
        except (ValueError, OverflowError, KeyError):  # an out-of-range date from odd input
            log.debug("time expression at token %d skipped", i, exc_info=True)
            found = None
        if found is None or found.j <= i:
            continue
        if found.start is not None and found.end is not None and found.start > found.end:
            continue
        if out and found.relative and found.start is not None and found.start == found.end:
            found = scan.coordinated_weekday(out[-1], found)
        if out and found.relative and found.start is not None and published is not None:
            found = _apposed(scan, out[-1], found, i, mark, published)
            found = _range_end(scan, out[-1], found, i, mark)
        out.append(found)
        pos = found.j
    return out
