"""Token spans with offsets and a clitic-aware phrase matcher used by the actor analysers.

``tokenize`` keeps the original text and character offsets of every word (so actors are displayed
as written), the normalised form (for matching) and whether punctuation separates it from the
previous word (a name never runs across punctuation).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from digests.textnorm import is_arabic_word, normalize, prefix_variants

# Words: letters/digits with Arabic marks and tatweel inside; Latin words may carry inner - or '.
_TOKEN = re.compile(
    r"(?:[^\W_]|[\u0610-\u061a\u064b-\u065f\u0670\u0640])+"
    r"(?:['’\-](?:[^\W_]|[\u0610-\u061a\u064b-\u065f\u0670\u0640])+)*"
)
_PUNCT = re.compile(r"[^\s\u0610-\u061a\u064b-\u065f\u0670\u0640]")


@dataclass(frozen=True, slots=True)
class Tok:
    """One word: original text, normalised key, offsets in its text, punctuation before it."""

    text: str
    norm: str
    start: int
    end: int
    punct_before: bool

    @property
    def arabic(self) -> bool:
        return is_arabic_word(self.norm)

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


def tokenize(text: str, offset: int = 0) -> list[Tok]:
    """Word tokens of ``text``; offsets are shifted by ``offset`` (position of text in its paragraph)."""
    out: list[Tok] = []
    last = 0
    for m in _TOKEN.finditer(text):
        gap = text[last : m.start()]
        out.append(
            Tok(
                text=m.group(),
                norm=normalize(m.group()).replace("’", "'"),
                start=m.start() + offset,
                end=m.end() + offset,
                punct_before=bool(_PUNCT.search(gap)) if out else False,
            )
        )
        last = m.end()
    return out


@lru_cache(maxsize=131072)
def keys(norm: str) -> tuple[str, ...]:
    """Every form a text token may be looked up by: clitics off, «للـ» read as «الـ», English 's off."""
    if is_arabic_word(norm):
        out = list(prefix_variants(norm))
        for p in ("لل", "ولل", "فلل"):
            if norm.startswith(p) and len(norm) - len(p) >= 2:
                out.append("ال" + norm[len(p) :])
        return tuple(out)
    if norm.endswith("'s"):
        return (norm, norm[:-2])
    return (norm,)


def phrase_tokens(phrase: str) -> tuple[str, ...]:
    """Normalised tokens of a lexicon phrase (same tokenizer as the text)."""
    return tuple(t.norm for t in tokenize(phrase))


@dataclass(frozen=True, slots=True)
class _Entry:
    toks: tuple[str, ...]
    caps: tuple[int, ...]  # 0 any case, 1 capitalised, 2 all upper (Latin only)
    value: object


class PhraseMatcher:
    """Multi-word phrases matched longest-first, clitic-aware in Arabic, case-aware in Latin script."""

    def __init__(self, case_sensitive: bool = True) -> None:
        self._by_first: dict[str, list[_Entry]] = {}
        self._case = case_sensitive

    def add(self, phrase: str, value: object) -> None:
        words = [t.text for t in tokenize(phrase)]
        toks = tuple(normalize(w).replace("’", "'") for w in words)
        if not toks:
            return
        caps = tuple(
            (2 if len(w) > 1 and w.isupper() else 1 if w[:1].isupper() else 0)
            if self._case and not is_arabic_word(t)
            else 0
            for w, t in zip(words, toks, strict=True)
        )
        bucket = self._by_first.setdefault(toks[0], [])
        if any(e.toks == toks and e.caps == caps for e in bucket):
            return
        bucket.append(_Entry(toks, caps, value))
        bucket.sort(key=lambda e: -len(e.toks))

    def __len__(self) -> int:
        return sum(len(v) for v in self._by_first.values())

    @staticmethod
    def _case_ok(tok: Tok, cap: int) -> bool:
        if cap == 2:
            return tok.text.replace("'s", "").replace("’s", "").isupper()
        if cap == 1:
            return tok.text[:1].isupper()
        return True

    def match_at(self, toks: list[Tok], i: int) -> tuple[int, object, str] | None:
        """Longest phrase starting at token ``i``: (end index, value, matched key of token i), or None."""
        best: tuple[int, object, str] | None = None
        n = len(toks)
        for key in keys(toks[i].norm):
            for e in self._by_first.get(key, ()):
                end = i + len(e.toks)
                if end > n or (best and (end < best[0] or (end == best[0] and len(key) <= len(best[2])))):
                    continue
                if not self._case_ok(toks[i], e.caps[0]):
                    continue
                ok = True
                for k in range(1, len(e.toks)):
                    t = toks[i + k]
                    if not (t.norm == e.toks[k] or e.toks[k] in keys(t.norm)):
                        ok = False
                        break
                    if t.punct_before and t.start - toks[i + k - 1].end > 3:
                        ok = False
                        break
                    if not self._case_ok(t, e.caps[k]):
                        ok = False
                        break
                if ok:
                    best = (end, e.value, key)
                    break
        return best

    def find(self, toks: list[Tok]) -> list[tuple[int, int, object, str]]:
        """Non-overlapping matches (start, end, value, key of the first token), left to right."""
        out: list[tuple[int, int, object, str]] = []
        i = 0
        while i < len(toks):
            m = self.match_at(toks, i)
            if m:
                out.append((i, m[0], m[1], m[2]))
                i = m[0]
            else:
                i += 1
        return out

