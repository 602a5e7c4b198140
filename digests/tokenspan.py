"""Word tokens that remember where they are: normalised keys for matching, offsets for display.

``textnorm.tokens`` gives the keys only; the timeline and figure extractors also need to cut the
original text of an expression and to see the punctuation between two words, so they tokenise
the original sentence here and normalise each word with ``textnorm.normalize``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from digests.textnorm import normalize, variants

# A word: letters/digits with Arabic marks and tatweel inside; numbers may carry 6,500 / 3.5 / ٦٬٥٠٠.
# (Runs of letters or marks, possessive: the same words as one letter at a time, found faster.)
_WORD = re.compile(
    r"(?:[^\W_]+|[\u0610-\u061a\u064b-\u065f\u0670\u0640]+)++"
    r"(?:[.,\u066b\u066c][0-9\u0660-\u0669\u06f0-\u06f9]++)*+"
)
_NUMBER = re.compile(r"^(?:ال)?([0-9]+(?:[.,][0-9]+)*)$")
_THOUSANDS = re.compile(r"^[0-9]{1,3}(?:,[0-9]{3})+$")


@dataclass(slots=True)
class Token:
    """One word of a sentence: original ``text``, normalised ``norm``, offsets, numeric value if any."""

    text: str
    norm: str
    start: int
    end: int
    number: float | None = None
    digits: int = 0  # how many digits a plain integer has (0 when not a plain integer)

    @property
    def is_int(self) -> bool:
        return self.digits > 0

    @property
    def capitalized(self) -> bool:
        return self.text[:1].isupper()

    @property
    def keys(self) -> tuple[str, ...]:
        """Every clitic-stripped form of the word (``textnorm.variants``)."""
        return variants(self.norm)

    @property
    def stem(self) -> str:
        """The shortest variant: «حربهما», «الحرب», «حربين» all give «حرب»."""
        return stem_of(self.norm)


@lru_cache(maxsize=131072)
def stem_of(norm: str) -> str:
    """The shortest clitic-stripped form of a normalised word; English plural -s dropped."""
    out = min(variants(norm), key=len)
    if out.isascii() and len(out) > 3 and out.endswith("s") and not out.endswith("ss"):
        out = out[:-1]
    return out


def parse_number(norm: str) -> tuple[float, int] | None:
    """The value of a digit token («6,500», «3.5», «ال20») and its digit count if a plain integer."""
    m = _NUMBER.match(norm)
    if not m:
        if len(norm) == 5 and norm[4] == "م" and norm[:4].isdigit():
            return float(norm[:4]), 4  # «2024م»: a year with the Gregorian mark (a Hijri «1445هـ» stays a word)
        return None
    raw = m.group(1)
    if _THOUSANDS.match(raw):
        return float(raw.replace(",", "")), 0
    if raw.isdigit():
        return float(raw), len(raw)
    if raw.count(".") + raw.count(",") == 1:
        return float(raw.replace(",", ".")), 0
    return None


# word → (norm, number, digits), or None when the word normalises to nothing (pure, bounded)
_WORDS: dict[str, tuple[str, float | None, int] | None] = {}
_CACHE_LIMIT = 100_000


def _word_info(word: str) -> tuple[str, float | None, int] | None:
    norm = normalize(word)
    info: tuple[str, float | None, int] | None = None
    if norm:
        info = (norm, None, 0)
        c = norm[0]
        if c.isdigit() or (c == "ا" and norm[2:3].isdigit()):
            parsed = parse_number(norm)
            if parsed is not None:
                info = (norm, parsed[0], parsed[1])
    if len(_WORDS) >= _CACHE_LIMIT:
        _WORDS.clear()
    _WORDS[word] = info
    return info


# (gap before a word, the word): one ``findall`` gives every word and, by their lengths, its offsets
_GAP_WORD = re.compile(r"(.*?)(" + _WORD.pattern + ")", re.S)


def word_info(word: str) -> tuple[str, float | None, int] | None:
    """(normalised key, numeric value, digit count) of one word; None when it normalises to nothing."""
    return _WORDS[word] if word in _WORDS else _word_info(word)


# whitespace-free chunk of text → (offset in the chunk, word, norm, number, digits) of each of its
# words that normalises to something (pure, bounded)
_CHUNK_WORDS: dict[str, tuple[tuple[int, str, str, float | None, int], ...]] = {}


def _chunk_words(chunk: str) -> tuple[tuple[int, str, str, float | None, int], ...]:
    found = tuple((start, word, *info) for start, word, info in _scan(chunk))
    if len(_CHUNK_WORDS) >= _CACHE_LIMIT:
        _CHUNK_WORDS.clear()
    _CHUNK_WORDS[chunk] = found
    return found


def _scan(text: str) -> list[tuple[int, str, tuple[str, float | None, int]]]:
    """(offset, word, ``word_info``) of every word of ``text`` that normalises to something."""
    out = []
    known = _WORDS
    pos = 0
    for gap_text, word in _GAP_WORD.findall(text):
        start = pos + len(gap_text)
        pos = start + len(word)
        info = known[word] if word in known else _word_info(word)
        if info is not None:
            out.append((start, word, info))
    return out


def tokenize(text: str) -> list[Token]:
    """Tokens of ``text`` with offsets into it."""
    out: list[Token] = []
    append = out.append
    new = object.__new__
    chunks = text.split()
    if " ".join(chunks) != text:  # any spacing but single spaces: one regex scan
        for start, word, (norm, number, digits) in _scan(text):
            tok = new(Token)
            tok.text = word
            tok.norm = norm
            tok.number = number
            tok.digits = digits
            tok.start = start
            tok.end = start + len(word)
            append(tok)
        return out
    # Speed: no word runs across whitespace, so a single-spaced text is read chunk by chunk, each
    # cut once (``_CHUNK_WORDS``), instead of by a regex scan of every character.
    words = _CHUNK_WORDS.get
    pos = 0  # where the chunk starts
    for chunk in chunks:
        found = words(chunk)
        if found is None:
            found = _chunk_words(chunk)
        for rel, word, norm, number, digits in found:
            tok = new(Token)
            tok.text = word
            tok.norm = norm
            tok.number = number
            tok.digits = digits
            tok.start = start = pos + rel
            tok.end = start + len(word)
            append(tok)
        pos += len(chunk) + 1
    return out


def gap(text: str, toks: list[Token], i: int) -> str:
    """The characters between token ``i-1`` and token ``i`` (start of text / end of text at the edges)."""
    if i <= 0:
        return text[: toks[0].start] if toks else text
    if i >= len(toks):
        return text[toks[-1].end :] if toks else text
    return text[toks[i - 1].end : toks[i].start]


_BREAK = re.compile(r"[.,;:!?()\[\]،؛؟\"«»“”]|\s[-–—]\s")


# short gap between two words → whether it holds a break (pure, bounded)
_BREAKS: dict[str, bool] = {}
_SHORT_GAP = 16


def is_break(text: str, toks: list[Token], i: int) -> bool:
    """Whether punctuation separates token ``i-1`` from token ``i``."""
    g = gap(text, toks, i)
    found = _BREAKS.get(g)
    if found is None:
        found = bool(_BREAK.search(g))
        if len(g) <= _SHORT_GAP:
            if len(_BREAKS) >= _CACHE_LIMIT:
                _BREAKS.clear()
            _BREAKS[g] = found
    return found
