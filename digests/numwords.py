"""Numbers written in digits or words, in Arabic and English: «30 ألف», «ألفين», «عشرات», "2.5 million".

The words live in ``config/figure_words.toml``; this module only combines them.
"""

from __future__ import annotations

import logging
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from digests.textnorm import normalize
from digests.tokenspan import Token

log = logging.getLogger(__name__)

CONFIG = Path(__file__).resolve().parent.parent / "config" / "figure_words.toml"


@dataclass(frozen=True)
class NumberWords:
    """Normalised number words → values, multipliers and vague plural counts."""

    numbers: dict[str, float]
    multipliers: dict[str, float]
    vague: dict[str, float]
    raw: dict


@lru_cache(maxsize=1)
def words() -> NumberWords:
    with CONFIG.open("rb") as fh:
        data = tomllib.load(fh)
    numbers: dict[str, float] = {}
    for lang in ("ar", "en"):
        for word, value in data["numbers"][lang].items():
            numbers[normalize(word)] = float(value)
    multipliers = {
        normalize(w): float(v) for lang in ("ar", "en") for w, v in data["multipliers"][lang].items()
    }
    vague = {normalize(w): float(v) for lang in ("ar", "en") for w, v in data["vague_counts"][lang].items()}
    return NumberWords(numbers, multipliers, vague, data)


@dataclass(frozen=True)
class Number:
    """A number found at tokens [start, end): its value and whether it is a vague plural («عشرات»)."""

    value: float
    start: int
    end: int
    vague: bool = False


def _word_value(norm: str, nw: NumberWords, allow_conj: bool) -> float | None:
    if norm in nw.numbers:
        return nw.numbers[norm]
    if allow_conj and norm.startswith("و") and norm[1:] in nw.numbers:
        return nw.numbers[norm[1:]]
    return None


def _multiplier(toks: list[Token], k: int, nw: NumberWords) -> tuple[float, int]:
    """A multiplier word at k («ألف», «آلاف», "million", «الآلاف» after «عشرات»): (factor, next index)."""
    if k < len(toks):
        norm = toks[k].norm
        if norm in nw.multipliers:
            return nw.multipliers[norm], k + 1
        if norm.startswith("ال") and norm[2:] in nw.multipliers:
            return nw.multipliers[norm[2:]], k + 1
    return 1.0, k


def number_at(toks: list[Token], i: int) -> Number | None:
    """The number starting at token ``i``, if any (digits, words or a vague plural count)."""
    nw = words()
    tok = toks[i]
    if tok.number is not None:
        factor, k = _multiplier(toks, i + 1, nw)
        return Number(tok.number * factor, i, k)
    norm = tok.norm
    if norm[:1] == "و" and norm not in nw.vague and norm not in nw.numbers and len(norm) > 3:
        if norm[1:] in nw.vague or norm[1:] in nw.numbers:
            norm = norm[1:]  # «وآلاف الجنود»
    if norm in nw.vague:
        value = nw.vague[norm]
        k = i + 1
        # «عشرات الآلاف», "hundreds of thousands"
        if k < len(toks) and toks[k].norm == "of":
            factor, k2 = _multiplier(toks, k + 1, nw)
            if factor == 1.0 and k + 1 < len(toks) and toks[k + 1].norm in nw.vague:
                factor, k2 = nw.vague[toks[k + 1].norm], k + 2
            if factor > 1.0:
                if k2 < len(toks) and toks[k2].norm == "of":
                    k2 += 1  # "tens of thousands of people"
                return Number(value * factor, i, k2, vague=True)
            return Number(value, i, k + 1, vague=True)  # "dozens of civilians"
        factor, k = _multiplier(toks, k, nw)
        return Number(value * factor, i, k, vague=True)
    value = _word_value(norm, nw, allow_conj=False)
    if value is None:
        return None
    k = i + 1
    # compound: «خمسة وعشرون», "twenty five", «ثلاثة آلاف», "two thousand", "three hundred thousand"
    while k < len(toks):
        nxt = toks[k].norm
        add = _word_value(nxt, nw, allow_conj=True)
        if nxt in nw.multipliers and value < nw.multipliers[nxt]:
            value *= nw.multipliers[nxt]
            k += 1
        elif add is not None and add < value and value >= 20 and add < 10 and not nxt.startswith("و"):
            value += add  # twenty five
            k += 1
        elif add is not None and nxt.startswith("و") and add >= 20 and value < 10:
            value += add  # خمسة وعشرون
            k += 1
        else:
            break
    return Number(value, i, k)
