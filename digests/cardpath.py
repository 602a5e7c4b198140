"""The two computations behind the card splitter's choices, on plain lists and sets.

- ``viterbi``: the best topic per paragraph with a cost per topic switch, over list-valued scores;
- ``Likeness``: how alike two paragraphs' words are (idf-weighted cosine), for stray paragraphs.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from itertools import chain


class ViterbiModel:
    """The Viterbi model of an article: its sorted states (each paragraph's emissions name a few)."""

    __slots__ = ("emissions", "main", "position", "states")

    def __init__(self, seq: list[int], emissions: list[dict[str, float]], forced: dict[int, str], main: str) -> None:
        self.states = sorted({main}.union(*(emissions[i] for i in seq), forced.values()))
        self.main = self.states.index(main)
        self.position = {s: k for k, s in enumerate(self.states)}
        self.emissions = emissions


def viterbi(seq: list[int], path: ViterbiModel, costs: list[float], forced: dict[int, str]) -> dict[int, str]:
    """Best state per paragraph of ``seq``, paying ``costs[i]`` to switch state at paragraph i.

    ``forced`` paragraphs (subheadings) take their state, reached at no cost; the main state
    pays nothing to start and wins ties.

    Scores are lists over the sorted states (-inf for a state a forced paragraph rules out). The
    best previous state is the same for every state, so a step is one ``max``, one comprehension
    (stay, or switch from the best) and the paragraph's few non-zero emissions added in place.
    Back-pointers are not stored: the backtrack recomputes the one it follows from the kept
    score lists (stay when staying scores more, or as much and it is the best state).
    """
    states = path.states
    width = len(states)
    main = path.main
    main_state = states[main]
    position = path.position
    emissions = path.emissions
    history: list[tuple[list[float], float]] = []  # before each step: the scores and the switch value
    score: list[float] = []
    for pos, i in enumerate(seq):
        f = forced.get(i)
        if f is None:
            cost = costs[i]
            if pos == 0:
                new = [-cost] * width  # 0.0 + -cost
                for t, x in emissions[i].items():
                    new[position[t]] = x + -cost
                new[main] = emissions[i].get(main_state, 0.0) + 0.0  # the main state pays nothing to start
            else:
                switch = max(score) - cost
                history.append((score, switch))
                new = [a if a > switch else switch for a in score]
                for t, x in emissions[i].items():  # the few states it scores
                    new[position[t]] += x
        else:  # a subheading: its section's state only, reached at no cost
            k = position[f]
            new = [-math.inf] * width
            x = emissions[i].get(f, 0.0)
            if pos == 0:
                new[k] = x + (0.0 if f == main_state else -0.0)
            else:
                switch = max(score) - 0.0
                history.append((score, switch))
                a = score[k]
                new[k] = (a if a > switch else switch) + x
        score = new
    top = max(score)
    state = main if score[main] == top else score.index(top)  # ties go to the main state
    out: dict[int, str] = {}
    for pos in range(len(seq) - 1, 0, -1):
        out[seq[pos]] = states[state]
        before, switch = history[pos - 1]
        stay = before[state]
        if stay < switch or stay == switch:  # unless it stays, it came from the best state (the first)
            best = before.index(max(before))
            if stay < switch or best != state:
                state = best
    out[seq[0]] = states[state]
    return out


class Likeness:
    """Word likeness between paragraphs: cosines of idf-weighted sets of their words of three letters or more.

    Paragraphs sharing rare words are about the same thing. A word's weight is its squared idf,
    which depends only on its document frequency: one value per frequency (``weight``), looked up
    through the frequency (``df``) instead of building a weight per word.

    Speed: a paragraph's word set is needed whole only when it shares a word with the paragraph
    compared and its norm is wanted, so it is built then (``words``) and kept; a plain set of all
    its tokens (``tokens``, half the cost: no length test per token) serves the document
    frequencies of the longer words, which it counts alike, and tells which paragraphs share no word.
    """

    def __init__(self, toks: list[list[str]]) -> None:
        self.toks = toks
        self.tokens = [set(ts) for ts in toks]
        # counts the words of one or two letters too: never looked up (sums only weigh longer words)
        self.df = Counter(chain.from_iterable(self.tokens))
        n = len(toks)
        self.weight = {c: math.log((n + 1) / c) ** 2 for c in set(self.df.values())}
        self.norms: list[float | None] = [None] * n
        self._words: list[set[str] | None] = [None] * n

    def words(self, j: int) -> set[str]:
        """Paragraph j's words of three letters or more (built in token order, as sums read them)."""
        found = self._words[j]
        if found is None:
            found = self._words[j] = {t for t in self.toks[j] if len(t) > 2}
        return found

    def mass(self, words: Iterable[str]) -> float:
        """The summed weight of ``words`` (all of them words of the article's paragraphs)."""
        return sum(map(self.weight.__getitem__, map(self.df.__getitem__, words)))

    def norm(self, j: int) -> float:
        norm = self.norms[j]
        if norm is None:
            words = self.words(j)
            norm = self.norms[j] = math.sqrt(self.mass(words)) if words else 0.0
        return norm

    def of_group(self, para_ids: list[int]) -> tuple[set[str], float]:
        """The word set of some paragraphs and its norm."""
        if len(para_ids) == 1:
            return self.words(para_ids[0]), self.norm(para_ids[0])
        toks = self.toks
        words = {t for i in para_ids for t in toks[i] if len(t) > 2}
        return words, math.sqrt(self.mass(words)) if words else 0.0

    def closest(self, words: set[str], norm: float, near: list[int]) -> float:
        """The best cosine between a word set (with its norm) and the paragraphs ``near``."""
        best = 0.0
        if not words or not norm:
            return best
        tokens = self.tokens
        for j in near:
            if words.isdisjoint(tokens[j]):
                continue  # cosine 0 (``words`` has no short word: no need for paragraph j's long ones)
            common = words & self.words(j)  # the same set, in the same order, as ever summed
            dot = self.mass(common)
            # the paragraph's norm is at least sqrt(dot): skip it when even that cannot beat the
            # best (with a margin for rounding), without computing its norm
            if best and math.sqrt(dot) / norm * (1.0 + 1e-9) < best:
                continue
            other = self.norm(j)
            if other:
                cosine = dot / (norm * other)
                if cosine > best:
                    best = cosine
        return best
