"""Token spans with offsets and a clitic-aware phrase matcher used by the actor analysers.

``tokenize`` keeps the original text and character offsets of every word (so actors are displayed
as written), the normalised form (for matching) and whether punctuation separates it from the
previous word (a name never runs across punctuation).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from digests.textnorm import PREFIXES, is_arabic_word, normalize, prefix_variants
from digests.tokenspan import Token
from digests.tokenspan import word_info as span_word_info

# Words: letters/digits with Arabic marks and tatweel inside; Latin words may carry inner - or '.
# (Runs of letters or marks, possessive: the same words as one letter at a time, found faster.)
_TOKEN = re.compile(
    r"(?:[^\W_]+|[\u0610-\u061a\u064b-\u065f\u0670\u0640]+)++"
    r"(?:['’\-](?:[^\W_]+|[\u0610-\u061a\u064b-\u065f\u0670\u0640]+)++)*+"
)
_PUNCT = re.compile(r"[^\s\u0610-\u061a\u064b-\u065f\u0670\u0640]")


class Tok(Token):
    """One word: original text, normalised key, offsets in its text, punctuation before it.

    ``arabic`` (the normalised word starts with an Arabic letter) and ``capitalised`` are computed
    once, when the token is made. A ``Tok`` is also a ``tokenspan.Token`` (``number``, ``digits``,
    ``keys``, ``stem``), so a sentence whose words both tokenisers cut alike is tokenised once for
    the actor and the timeline analysers (see ``tokenize_shared``).
    """

    __slots__ = ("arabic", "capitalised", "punct_before")

    def __init__(self, text: str, norm: str, start: int, end: int, punct_before: bool) -> None:
        info = span_word_info(text)
        super().__init__(text, norm, start, end, info[1] if info else None, info[2] if info else 0)
        self.punct_before = punct_before
        self.arabic = is_arabic_word(norm)
        self.capitalised = text[:1].isupper()

    def __repr__(self) -> str:
        return f"Tok({self.text!r}, {self.norm!r}, {self.start}, {self.end}, {self.punct_before})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Tok):
            return NotImplemented
        return (self.text, self.norm, self.start, self.end, self.punct_before) == (
            other.text, other.norm, other.start, other.end, other.punct_before)

    def __hash__(self) -> int:
        return hash((self.text, self.norm, self.start, self.end, self.punct_before))


# word → (normalised key, Arabic?, capitalised?, number, digit count, plain?) where ``plain`` says
# that ``tokenspan`` and ``textnorm.tokens`` read the word alike (no inner - or ', a key of letters
# and digits only) and ``number``/digit count are ``tokenspan``'s; gap between two words →
# _PUNCT_GAP | _NUMBER_SEP | _FOLDED bits (pure, bounded)
_WORDS: dict[str, tuple[str, bool, bool, float | None, int, bool]] = {}
_GAPS: dict[str, int] = {}
_CACHE_LIMIT = 100_000
_PUNCT_GAP = 1
_NUMBER_SEP = 2  # the gap is one of tokenspan's inner number separators: «6,500» is one word there
_FOLDED = 4  # normalisation deletes characters of the gap: the words around it may meet in textnorm
_SEPARATORS = frozenset(".,\u066b\u066c")
_JOINERS = ("'", "’", "-")
_NO_WORD = re.compile(r"[\W_]*\Z")
# characters normalisation deletes (marks, tatweel, invisible controls)
_FOLDING = re.compile(
    "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u0640"
    "\u200b-\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff\u00ad\u2060\ue000\ue001]"
)
# (gap before a word, the word): one ``findall`` gives every word and, by their lengths, its offsets
_GAP_TOKEN = re.compile(r"(.*?)(" + _TOKEN.pattern + ")", re.S)


def _word_info(word: str) -> tuple[str, bool, bool, float | None, int, bool]:
    norm = normalize(word).replace("’", "'")
    span = span_word_info(word)
    plain = (
        norm.isalnum() and span is not None and span[0] == norm and not any(j in word for j in _JOINERS)
    )
    info = (
        norm,
        is_arabic_word(norm),
        word[:1].isupper(),
        span[1] if span else None,
        span[2] if span else 0,
        plain,
    )
    if len(_WORDS) >= _CACHE_LIMIT:
        _WORDS.clear()
    _WORDS[word] = info
    return info


def _gap_kind(gap: str) -> int:
    """The kind bits of the gap between two words (cached; the hot loop of ``tokenize_shared`` reads
    ``_GAPS`` itself first)."""
    found = _GAPS.get(gap)
    if found is not None:
        return found
    kind = (
        (_PUNCT_GAP if _PUNCT.search(gap) else 0)
        | (_NUMBER_SEP if gap in _SEPARATORS else 0)
        | (_FOLDED if _FOLDING.search(gap) or not _NO_WORD.match(normalize(gap)) else 0)
    )
    if len(_GAPS) >= _CACHE_LIMIT:
        _GAPS.clear()
    _GAPS[gap] = kind
    return kind


class _NewTok(Tok):
    """A ``Tok`` built slot by slot: ``_NewTok()`` runs no Python ``__init__`` (a C-level call, cheaper
    than ``object.__new__(Tok)``); the tokenisers set every slot right after."""

    __slots__ = ()
    __init__ = object.__init__


# ``Tok`` fields of a word in a chunk: (offset in the chunk, word, norm, arabic, capitalised,
# number, digits, punctuation before it (read for all but the first word), and the word's trigger
# bits, -1 when no trigger table is installed (see ``install_trigger_bits``))
_Part = tuple[int, str, str, bool, bool, float | None, int, bool, int]
_TAIL = 8  # a bit beside the gap kinds: the gap holds the end of a chunk after its last word
# whitespace-free chunk of text → (its words, the gap kind before the first word when one space
# after a word comes before the chunk, the gap after the chunk's last word when one space and a
# word follow: 0 when the chunk ends with its last word, else the kind of its tail and the space
# | _TAIL; for a chunk without words, the kind of the gap through it (a space, the chunk, a
# space) | _TAIL, whether nothing in the chunk keeps the tokenisers from cutting alike) (pure,
# bounded)
_PARTS: dict[str, tuple[tuple[_Part, ...], int, int, bool]] = {}
# the chunks of ``_PARTS`` that are one plain word, first, maybe followed by punctuation («موسكو»,
# «موسكو،», "said:") → (word, norm, arabic, capitalised, number, digits, length of the word, length
# of the chunk and the space after it, gap after the word as in ``_PARTS``, the word's trigger bits
# or -1 when no trigger table is installed) (pure, bounded)
_PLAIN: dict[str, tuple[str, str, bool, bool, float | None, int, int, int, int, int]] = {}

# norm → the actor analyser's trigger bits (``digests.triggers``), once it installs its table: the
# tokeniser then lists, beside a sentence's tokens, the tokens whose bits are not 0 (the bits are
# kept with each chunk in ``_PLAIN``, so the common word costs no extra look-up)
_trigger_bits: Callable[[str], int] | None = None


def install_trigger_bits(bits: Callable[[str], int]) -> None:
    """Have the tokeniser read trigger bits with ``bits`` (a pure function of a norm, once loaded).

    The chunk caches are emptied: the chunks read before have no bits.
    """
    global _trigger_bits
    _trigger_bits = bits
    _PARTS.clear()
    _PLAIN.clear()


def trigger_bits_installed() -> bool:
    """Whether ``install_trigger_bits`` was called (and ``tokenize_spaced`` fills its ``trig``)."""
    return _trigger_bits is not None


def _chunk_parts(chunk: str) -> tuple[tuple[_Part, ...], int, int, bool]:
    words: list[_Part] = []
    alike = True
    rel = 0
    for gap, word in _GAP_TOKEN.findall(chunk):
        rel += len(gap)
        info = _WORDS.get(word)
        if info is None:
            info = _word_info(word)
        norm, arabic, capitalised, number, digits, plain = info
        punct = False
        if words:  # the gap inside the chunk, read as ``_tokenize_regex`` reads it
            punct, splits = _gap_effects(_gap_kind(gap), word, norm)
            if splits:
                alike = False
        if not plain:
            alike = False
        bits = -1 if _trigger_bits is None else _trigger_bits(norm)
        words.append((rel, word, norm, arabic, capitalised, number, digits, punct, bits))
        rel += len(word)
    lead = chunk[: words[0][0]] if words else chunk
    if not words:  # («،», «–»): the gap through it, between one space after a word and the next word
        lead_kind, after = 0, _gap_kind(" " + chunk + " ") | _TAIL
    else:
        lead_kind = _gap_kind(" " + lead)
        tail = chunk[rel:]
        after = 0
        if tail:
            after = _gap_kind(tail + " ")
            after |= _TAIL
    parts = (tuple(words), lead_kind, after, alike)
    if len(_PARTS) >= _CACHE_LIMIT:
        _PARTS.clear()
        _PLAIN.clear()
    _PARTS[chunk] = parts
    if len(words) == 1 and not lead and alike:
        _PLAIN[chunk] = (*words[0][1:7], len(words[0][1]), len(chunk) + 1, after, words[0][8])
    return parts


def tokenize_shared(text: str, offset: int = 0, trig: dict[int, int] | None = None) -> tuple[list[Tok], bool]:
    """``tokenize(text, offset)`` and whether the other tokenisers cut the same words.

    When they do (no inner - or ' in a word, no «6,500»-style number, every key made of letters and
    digits, nothing between two words that normalisation deletes), the tokens serve as
    ``tokenspan.tokenize(text)`` tokens too (offsets shifted by ``offset``), and their keys are
    ``textnorm.tokens(text)``.

    ``trig``, when given and trigger bits are installed (``install_trigger_bits``), receives token
    index → trigger bits of every token whose bits are not 0 (-1: not known).
    """
    chunks = text.split()
    if not chunks or " ".join(chunks) != text:
        out, same = _tokenize_regex(text, offset)
        if trig is not None:
            _add_bits(out, 0, trig)
        return out, same
    return tokenize_spaced(text, chunks, offset, trig)


def _add_bits(toks: list[Tok], start: int, trig: dict[int, int]) -> None:
    """``trig`` entries of toks[start:], by the installed trigger bits (-1 when none is)."""
    bits_of = _trigger_bits
    for k in range(start, len(toks)):
        bits = -1 if bits_of is None else bits_of(toks[k].norm)
        if bits:
            trig[k] = bits


def tokenize_spaced(
    text: str, chunks: list[str], offset: int = 0, trig: dict[int, int] | None = None
) -> tuple[list[Tok], bool]:
    """``tokenize_shared`` of a text that is its non-empty ``chunks`` joined by single spaces."""
    # Speed: no word runs across whitespace, so the text is read chunk by chunk (``str.split`` is
    # C-level) instead of by a regex scan of every character. The common chunk is one plain word,
    # maybe with punctuation after it, right after a chunk that has a word: one look-up in
    # ``_PLAIN`` gives the token's fields and the gap kinds around it (one space after a word: kind
    # 0, no punctuation, nothing folded; or the previous chunk's punctuation and the space).
    # Other chunks are cut once (``_PARTS``, with the kinds of the gaps inside them and at their
    # edges); only a gap across a chunk without words or across two chunk edges is sliced out
    # of the text and read as ``_tokenize_regex`` reads it.
    # ``trig`` (see ``tokenize_shared``): a plain word's bits come with its chunk; others are looked up.
    out: list[Tok] = []
    bits_to = {} if trig is None else trig
    append = out.append
    plain_words = _PLAIN.get
    cut = _PARTS.get
    make = _NewTok
    same = True
    pos = offset  # where the chunk starts
    # the gap kind from the last word to the chunk if the chunk starts with a word (0 after one
    # space, and at the start; ``_TAIL`` set when the previous chunk ends after its last word),
    # -1 when unknown
    pending = 0
    for chunk in chunks:
        if pending >= 0:
            info = plain_words(chunk)
            if info is not None:
                tok = make()
                tok.text, tok.norm, tok.arabic, tok.capitalised, tok.number, tok.digits, size, step, after, bits = info
                tok.start = pos
                tok.end = pos + size
                if pending:  # (a gap with a space in it is no number separator)
                    tok.punct_before = pending & _PUNCT_GAP == _PUNCT_GAP
                    if pending & _FOLDED:
                        same = False
                else:
                    tok.punct_before = False
                append(tok)
                if bits:
                    bits_to[len(out) - 1] = bits
                pos += step
                pending = after
                continue
        parts = cut(chunk)
        if parts is None:
            parts = _chunk_parts(chunk)
        words, lead_kind, after, alike = parts
        if words:
            if not alike:
                same = False
            rel, word, norm = words[0][:3]
            start = pos + rel
            if not out:  # the first word of the text: no punctuation before it
                punct = False
                if start > offset and _gap_folds(text[: start - offset]):
                    same = False
            else:
                if not pending:
                    kind = lead_kind
                elif pending > 0 and not rel:
                    kind = pending
                else:
                    gap = text[out[-1].end - offset : start - offset]
                    kind = _gap_kind(gap)
                punct, splits = _gap_effects(kind, word, norm)
                if splits:
                    same = False
            first = len(out)
            for rel, word, norm, arabic, capitalised, number, digits, inner_punct, bits in words:
                tok = make()
                tok.text = word
                tok.norm = norm
                tok.arabic = arabic
                tok.capitalised = capitalised
                tok.number = number
                tok.digits = digits
                tok.start = start = pos + rel
                tok.end = start + len(word)
                tok.punct_before = inner_punct
                append(tok)
                if bits:
                    bits_to[len(out) - 1] = bits
            out[first].punct_before = punct
        pos += len(chunk) + 1
        # (a chunk without words continues a gap: known from the chunk alone after one space
        # that follows a word, else sliced out of the text when the next word comes)
        pending = after if words or (not pending and out) else -1
    if same and pending:  # text after the last word
        rest = text[out[-1].end - offset :] if out else text
        if rest and _gap_folds(rest):
            same = False
    return out, same


def _tokenize_regex(text: str, offset: int) -> tuple[list[Tok], bool]:
    """``tokenize_shared`` by one regex scan (any spacing)."""
    out: list[Tok] = []
    append = out.append
    infos = _WORDS.get
    make = _NewTok
    same = True
    pos = offset
    for gap, word in _GAP_TOKEN.findall(text):
        start = pos + len(gap)
        pos = start + len(word)
        info = infos(word)
        if info is None:
            info = _word_info(word)
        if out:
            punct, splits = _gap_effects(_gap_kind(gap), word, info[0])
            if splits:
                same = False
        else:
            punct = False
            if gap and _gap_folds(gap):
                same = False
        tok = make()
        tok.text = word
        tok.norm, tok.arabic, tok.capitalised, tok.number, tok.digits, plain = info
        if not plain:
            same = False
        tok.start = start
        tok.end = pos
        tok.punct_before = punct
        append(tok)
    if same and pos - offset < len(text) and _gap_folds(text[pos - offset :]):
        same = False
    return out, same


def _gap_folds(gap: str) -> bool:
    """Whether normalisation deletes characters of text outside words or makes word letters of it."""
    return _gap_kind(gap) & _FOLDED == _FOLDED


def _gap_effects(kind: int, word: str, norm: str) -> tuple[bool, bool]:
    """(punctuation before the word, whether the gap keeps the two tokenisers from cutting alike)."""
    splits = bool(kind & _NUMBER_SEP and (word[:1].isdigit() or norm[:1].isdigit())) or bool(kind & _FOLDED)
    return kind & _PUNCT_GAP == _PUNCT_GAP, splits


def tokenize(text: str, offset: int = 0) -> list[Tok]:
    """Word tokens of ``text``; offsets are shifted by ``offset`` (position of text in its paragraph)."""
    return tokenize_shared(text, offset)[0]


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


# word → every normalised token whose keys include it (pure, bounded)
_OPENED_BY: dict[str, frozenset[str]] = {}
_CLITIC_ARTICLES = ("لل", "ولل", "فلل")  # «للاتحاد» is looked up as «الاتحاد» (see ``keys``)


def spellings(key: str) -> frozenset[str]:
    """Every token norm ``n`` with ``key in keys(n)``: the key itself, with a proclitic, with 's.

    ``keys(n)`` takes off one proclitic of ``PREFIXES``, reads «للـ» as «الـ» and takes off an
    English 's; these are all the words that can give ``key`` back, each checked against ``keys``.
    """
    found = _OPENED_BY.get(key)
    if found is None:
        cands = {key, key + "'s", *(p + key for p in PREFIXES)}
        if key.startswith("ال"):
            cands.update(p + key[2:] for p in _CLITIC_ARTICLES)
        found = frozenset(n for n in cands if key in keys(n))
        if len(_OPENED_BY) >= _CACHE_LIMIT:
            _OPENED_BY.clear()
        _OPENED_BY[key] = found
    return found


def phrase_tokens(phrase: str) -> tuple[str, ...]:
    """Normalised tokens of a lexicon phrase (same tokenizer as the text)."""
    return tuple(t.norm for t in tokenize(phrase))


@dataclass(frozen=True, slots=True)
class _Entry:
    toks: tuple[str, ...]
    caps: tuple[int, ...]  # 0 any case, 1 capitalised, 2 all upper (Latin only)
    value: object


# One phrase that may start at a word, as ``match_at`` tries it: (number of words, the word's key it
# starts with, the phrase's words, their case marks, value).
_Cand = tuple[int, str, tuple[str, ...], tuple[int, ...], object]
# The phrases that may start at a word: the longer ones by their second word (each with its rank in
# the order of preference), the one-word ones in that order, (value, key) of the first one-word
# phrase when it has no case mark (it matches whenever no longer phrase does), and every token norm
# one of whose keys is such a second word (``spellings``: a next token not in it continues no longer
# phrase, told by one set look-up); () when there are none.
_Opens = (
    tuple[
        dict[str, list[tuple[int, _Cand]]], tuple[_Cand, ...], tuple[object, str] | None, frozenset[str]
    ]
    | tuple[()]
)


class PhraseMatcher:
    """Multi-word phrases matched longest-first, clitic-aware in Arabic, case-aware in Latin script.

    Speed: the phrases that may start at a word are looked up once per distinct word (bounded cache)
    and kept in the order of preference — longest phrase first, then the longest key of the word
    (the fewest clitics taken off), then the order of the word's keys and of the phrases added — so
    the first phrase that matches is the answer. Longer phrases are filed by their second word, so
    «وزير» (a hundred ministers' titles) tries only the titles whose second word is the next
    token's; a one-word phrase without a case mark matches at once.
    """

    def __init__(self, case_sensitive: bool = True) -> None:
        self._by_first: dict[str, list[_Entry]] = {}
        self._case = case_sensitive
        # token norm → the phrases its keys open (cleared when a phrase is added)
        self._cands: dict[str, _Opens] = {}
        self._size = 0
        # ``opened(norm)``: the phrases a token with this norm opens, () when none, None when not
        # looked up yet (a C-level ``dict.get``: a caller may skip ``match_at`` where it is ())
        self.opened = self._cands.get

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
        self._size += 1
        self._cands.clear()

    def __len__(self) -> int:
        return self._size

    @staticmethod
    def _case_ok(tok: Tok, cap: int) -> bool:
        if cap == 2:
            return tok.text.replace("'s", "").replace("’s", "").isupper()
        if cap == 1:
            return tok.text[:1].isupper()
        return True

    def _candidates(self, norm: str) -> _Opens:
        """Every phrase that may start at a word with this norm, in the order ``match_at`` prefers them.

        The longest phrase wins; of two phrases as long, the one opened by the longer key of the
        word; then the earlier key, then the phrase added first (a bucket keeps that order among
        phrases of one length). This is the order in which the first match is the longest one.
        """
        by_first = self._by_first
        ranked = [
            (-len(e.toks), -len(key), key_rank, entry_rank, (len(e.toks), key, e.toks, e.caps, e.value))
            for key_rank, key in enumerate(keys(norm))
            if (bucket := by_first.get(key))
            for entry_rank, e in enumerate(bucket)
        ]
        found: _Opens = ()
        if ranked:
            ranked.sort(key=lambda r: r[:4])
            longer: dict[str, list[tuple[int, _Cand]]] = {}
            for rank, r in enumerate(ranked):
                if r[4][0] > 1:
                    longer.setdefault(r[4][2][1], []).append((rank, r[4]))
            singles = tuple(r[4] for r in ranked if r[4][0] == 1)
            fixed = (singles[0][4], singles[0][1]) if singles and not singles[0][3][0] else None
            follow = frozenset().union(*(spellings(second) for second in longer))
            found = (longer, singles, fixed, follow)
        if len(self._cands) >= _CACHE_LIMIT:
            self._cands.clear()
        self._cands[norm] = found
        return found

    def starts_at(self, norm: str) -> bool:
        """Whether any phrase may start at a token with this normalised form (a cheap pre-check)."""
        found = self._cands.get(norm)
        if found is None:
            found = self._candidates(norm)
        return bool(found)

    def match_at(self, toks: list[Tok], i: int) -> tuple[int, object, str] | None:
        """Longest phrase starting at token ``i``: (end index, value, matched key of token i), or None."""
        first = toks[i]
        opens = self._cands.get(first.norm)
        if opens is None:
            opens = self._candidates(first.norm)
        if not opens:
            return None
        return self._match(toks, i, opens)

    def _match(self, toks: list[Tok], i: int, opens: _Opens) -> tuple[int, object, str] | None:
        """``match_at`` with the phrases token ``i`` opens (not empty) at hand."""
        first = toks[i]
        longer, singles, _fixed, follow = opens
        case_ok = self._case_ok
        room = len(toks) - i
        if room > 1 and toks[i + 1].norm in follow:
            # only the phrases whose second word is one of the next token's keys can match
            pools = [pool for key in keys(toks[i + 1].norm) if (pool := longer.get(key))]
            if pools:
                for _rank, (size, key, words, caps, value) in (
                    pools[0] if len(pools) == 1 else sorted([c for pool in pools for c in pool])
                ):
                    if size > room or (caps[0] and not case_ok(first, caps[0])):
                        continue
                    prev = first
                    for k in range(1, size):
                        t = toks[i + k]
                        want = words[k]
                        if t.norm != want and want not in keys(t.norm):
                            break
                        if t.punct_before and t.start - prev.end > 3:
                            break
                        if caps[k] and not case_ok(t, caps[k]):
                            break
                        prev = t
                    else:
                        return (i + size, value, key)
        for _size, key, _words, caps, value in singles:
            if not caps[0] or case_ok(first, caps[0]):
                return (i + 1, value, key)
        return None

    def find(self, toks: list[Tok]) -> list[tuple[int, int, object, str]]:
        """Non-overlapping matches (start, end, value, key of the first token), left to right."""
        cache = self._cands
        cands = cache.get
        first_keys = self._by_first.keys()
        starts: list[int] = []
        for i, tok in enumerate(toks):
            c = cands(tok.norm)
            if c is None:
                if first_keys.isdisjoint(keys(tok.norm)):  # the common miss, without a method call
                    if len(cache) >= _CACHE_LIMIT:
                        cache.clear()
                    cache[tok.norm] = ()
                    continue
                c = self._candidates(tok.norm)
            if c:
                starts.append(i)
        return self.find_at(toks, starts)

    def find_at(self, toks: list[Tok], starts: list[int]) -> list[tuple[int, int, object, str]]:
        """``find`` when the caller knows the (ascending) token indices where a phrase may start.

        Every other index must be one where ``starts_at`` is false: the matches are the same.
        """
        out: list[tuple[int, int, object, str]] = []
        resume = 0  # the end of the last match: no match may start before it
        match_at = self.match_at
        for i in starts:
            if i < resume:
                continue
            m = match_at(toks, i)
            if m:
                out.append((i, m[0], m[1], m[2]))
                resume = m[0]
        return out

    def spans_at(
        self, toks: list[Tok], starts: list[int] | dict[int, int]
    ) -> dict[int, tuple[int, object, str]]:
        """``find_at`` as a dict: start index → (end index, value, key of the first token).

        ``starts`` may be a dict keyed by the start indices (in ascending order).

        A word that opens only one-word phrases (or ends the sentence, or is followed by a word that
        continues none of its longer phrases) is settled here, without a ``match_at`` call: most
        gazetteer names are one word.
        """
        out: dict[int, tuple[int, object, str]] = {}
        resume = 0  # the end of the last match: no match may start before it
        opened = self._cands.get
        case_ok = self._case_ok
        last = len(toks) - 1
        for i in starts:
            if i < resume:
                continue
            first = toks[i]
            opens = opened(first.norm)
            if opens and (i == last or toks[i + 1].norm not in opens[3]):
                # (no ``resume`` to move: the next start is after this word anyway)
                fixed = opens[2]
                if fixed is not None:
                    out[i] = (i + 1, fixed[0], fixed[1])
                    continue
                for _size, key, _words, caps, value in opens[1]:
                    if not caps[0] or case_ok(first, caps[0]):
                        out[i] = (i + 1, value, key)
                        break
                continue
            m = self._match(toks, i, opens) if opens else self.match_at(toks, i)
            if m:
                out[i] = m
                resume = m[0]
        return out
