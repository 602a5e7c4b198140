"""Cue look-up for the card splitter: the taxonomy's cues and the year mentions of a token list.

``CueIndex`` holds the same phrases as the taxonomy's ``textnorm.Lexicon`` and finds exactly the
matches ``Lexicon.find`` finds (clitic-aware first word, longest phrase first at each position, no
overlaps), but it is built for scoring every paragraph of an article fast:

- each text token is classified once (bounded tables; news vocabulary repeats): the cue it
  matches alone, or the longer phrases it may open, or the year it spells; and whether it may be
  the second word of a longer phrase;
- all paragraphs of an article are scanned together: one ``map`` over all their tokens finds the
  entries and ``itertools.compress`` the positions worth a look, both at C speed, and Python only
  runs at those positions. A token that opens longer phrases («في» of «في الماضي») is settled by
  one set test of the next word in the usual case that it cannot continue any.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from itertools import accumulate, chain, compress

from digests.textnorm import MIN_STEM, tokens, variants

_YEAR = re.compile(r"^(1[5-9]\d\d|20\d\d)(s)?$")

# A cue's value: the topics it scores and their weights.
CueValue = tuple[tuple[str, float], ...]
# A lexicon bucket: the phrases (normalised tokens) with one first token, longest first, with cue ids.
Bucket = list[tuple[tuple[str, ...], int]]


def _core(token: str) -> str:
    """A phrase token without the article (as ``textnorm.Lexicon`` stores it)."""
    if token.startswith("ال") and len(token) - 2 >= MIN_STEM:
        return token[2:]
    return token


class _Phrases:
    """The phrases a token may open when some have more than one word.

    ``buckets`` are the lexicon buckets of the token's variants, in variant order; ``seconds`` every
    second token of their longer phrases; ``single`` the cue matched when none of those fits (the
    first one-word phrase of the buckets, or 0).
    """

    __slots__ = ("buckets", "seconds", "single")

    def __init__(self, buckets: list[Bucket]) -> None:
        self.buckets = buckets
        self.seconds = frozenset(phrase[1] for bucket in buckets for phrase, _ in bucket if len(phrase) > 1)
        self.single = next((cid for bucket in buckets for phrase, cid in bucket if len(phrase) == 1), 0)



class _Year:
    """A token spelt like a year: its cue part (0, a cue id or ``_Phrases``) and the year.

    ``year`` < 0 marks a decade ("1990s"), which counts without a year word before it.
    """

    __slots__ = ("cue", "year")

    def __init__(self, cue: int | _Phrases, year: int) -> None:
        self.cue = cue
        self.year = year


# What a token may start: a cue id (> 0), phrases to check, or a year (absent: nothing).
Entry = int | _Phrases | _Year


class CueIndex:
    """Weighted cue phrases, matched as ``textnorm.Lexicon.find`` matches them."""

    _CACHE_LIMIT = 100_000

    def __init__(self, entries: Iterable[tuple[str, CueValue]], year_words: Iterable[str] = ()) -> None:
        # cue id → its value; ids start at 1 so that every entry is truthy
        self.values: list[CueValue] = [()]
        by_first: dict[str, Bucket] = {}
        for phrase, value in entries:
            toks = tuple(_core(t) for word in phrase.split() for t in tokens(word))
            if not toks:
                continue
            by_first.setdefault(toks[0], []).append((toks, len(self.values)))
            self.values.append(value)
        for bucket in by_first.values():  # stable: the order of the lexicon's buckets
            bucket.sort(key=lambda item: -len(item[0]))
        # cue id → its one (topic, weight) when it serves one topic (most do), else None: spares
        # looping over a one-item tuple when scores are summed
        self.pairs: list[tuple[str, float] | None] = [v[0] if len(v) == 1 else None for v in self.values]
        self._by_first = by_first
        self._seconds = frozenset(p[1] for bucket in by_first.values() for p, _ in bucket if len(p) > 1)
        self.year_words = frozenset(year_words)
        # per text token, filled when it is first seen (``_learn``):
        # every token classified → what it starts (0 for nothing): one look-up per token both tells
        # whether it is known and gives its entry
        self._entry: dict[str, Entry] = {}
        self._continues: set[str] = set()  # tokens that may be the second word of a longer phrase

    def _learn(self, toks: list[str]) -> None:
        """Classify the tokens not seen before."""
        entry = self._entry
        new = set(toks).difference(entry)
        if len(entry) + len(new) > self._CACHE_LIMIT:
            entry.clear()
            self._continues.clear()
            new = set(toks)
        by_first = self._by_first
        seconds = self._seconds
        for token in new:
            forms = variants(token)
            buckets = [b for key in forms if (b := by_first.get(key))]
            cue: int | _Phrases = 0
            if buckets:
                if all(len(phrase) == 1 for bucket in buckets for phrase, _ in bucket):
                    cue = buckets[0][0][1]  # a one-word phrase always matches: the first bucket's first
                else:
                    cue = _Phrases(buckets)
            if token[:1] in ("1", "2") and len(token) <= 5 and (m := _YEAR.match(token)):
                year = int(m.group(1))
                entry[token] = _Year(cue, -year if m.group(2) else year)
            else:
                entry[token] = cue  # (0: nothing)
            if token in seconds or not seconds.isdisjoint(forms):
                self._continues.add(token)

    def scan(self, texts: list[list[str]], years: list[list[int]] | None = None) -> list[dict[int, None]]:
        """The ids of the cues matched in each token list, in order of first match (as dict keys).

        Each list is matched on its own (no phrase runs from one into the next), as
        ``Lexicon.find`` would match it. When ``years`` is given, the years each list mentions
        (as ``digests.cards.years_mentioned`` finds them) are appended to it, one list per text.
        """
        flat = texts[0] if len(texts) == 1 else list(chain.from_iterable(texts))
        try:
            ents = list(map(self._entry.__getitem__, flat))
        except KeyError:  # a token not seen before
            self._learn(flat)
            ents = list(map(self._entry.__getitem__, flat))
        found_by_text: list[dict[int, None]] = [{} for _ in texts]  # dicts: each cue once, in order
        years_by_text: list[list[int]] = [[] for _ in texts]
        if years is not None:
            years.extend(years_by_text)
        ends = list(accumulate(map(len, texts)))
        end = -1  # the end of the current text (none yet)
        start = hi = resume = 0
        found: dict[int, None] = {}
        found_years: list[int] = []
        year_words = self.year_words
        continues = self._continues
        for i in compress(range(len(flat)), ents):
            if i >= end:  # into the next text with an entry
                k = bisect_right(ends, i)
                start = resume = ends[k - 1] if k else 0
                end = hi = ends[k]
                found = found_by_text[k]
                found_years = years_by_text[k]
            e = ents[i]
            cls = e.__class__
            if cls is int:  # a one-word cue: the most common hit, tested first
                if i >= resume:  # not inside the last match
                    found[e] = None
                continue
            if cls is _Year:
                if e.year < 0 or (i > start and flat[i - 1] in year_words):
                    found_years.append(-e.year if e.year < 0 else e.year)
                e = e.cue
                if not e or i < resume:
                    continue
                if e.__class__ is int:
                    found[e] = None
                    continue
            # longer phrases: settled by the one-word cue unless the next word may be their second
            # (one set test settles most: «في» opens phrases but is seldom followed by one's second)
            nxt = i + 1
            if nxt >= hi or (t := flat[nxt]) not in continues:
                if e.single and i >= resume:
                    found[e.single] = None
                continue
            forms = variants(t)  # the next word's variants, looked up once
            if t not in e.seconds and e.seconds.isdisjoint(forms):
                if e.single and i >= resume:
                    found[e.single] = None
                continue
            if i < resume:
                continue
            # check them all, longest first in each bucket, buckets in variant order: the longest
            # match wins, the first bucket's on a tie; inner tokens match clitic-aware
            best = 0
            best_end = 0
            for bucket in e.buckets:
                for phrase, cid in bucket:
                    size = len(phrase)
                    stop = i + size
                    if stop > hi:
                        continue
                    if size > 1:
                        if t != phrase[1] and phrase[1] not in forms:
                            continue
                        for k in range(2, size):
                            u = flat[i + k]
                            if u != phrase[k] and phrase[k] not in variants(u):
                                break
                        else:
                            if not best or stop > best_end:
                                best, best_end = cid, stop
                            break
                        continue
                    if not best or stop > best_end:
                        best, best_end = cid, stop
                    break
            if best:
                found[best] = None
                resume = best_end
        return found_by_text
