"""Text normalisation for matching: Arabic and Latin folding, tokens and clitic-aware keys.

Display always keeps the original text; everything here produces *keys* used to
compare words (search, lexicon look-ups, actor merging).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from itertools import chain

# Arabic diacritics (tashkeel), Quranic marks and superscript alef (a regex character class).
_TASHKEEL_CLASS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed"
_TASHKEEL = re.compile(f"[{_TASHKEEL_CLASS}]")
_TATWEEL = "\u0640"
# Bidi controls, zero-width characters, BOM, soft hyphen.
_INVISIBLE_CLASS = "\u200b-\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff\u00ad\u2060\ue000\ue001"
_INVISIBLE = re.compile(f"[{_INVISIBLE_CLASS}]")

_CHAR_MAP = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ة": "ه",
        "ؤ": "و",
        "ئ": "ي",
        "ی": "ي",  # Persian yeh
        "ک": "ك",  # Persian kaf
        "ۀ": "ه",
        # Dashes
        "–": "-",
        "—": "-",
        "‒": "-",
        "―": "-",
        "−": "-",
        "‐": "-",
        "‑": "-",
        # Quotes
        "«": '"',
        "»": '"',
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "‹": '"',
        "›": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        # Arabic punctuation to Latin equivalents for matching
        "،": ",",
        "؛": ";",
        "؟": "?",
        "٪": "%",
        "٫": ".",
        "٬": ",",
    }
)
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")

# (possessive: the same words as the plain greedy pattern, without keeping backtracking states)
_WORD = re.compile(r"[^\W_]++(?:[.,][0-9]++)*+", re.UNICODE)

# Proclitics, longest first; combinations of و ف ب ل ك and the article ال.
PREFIXES: tuple[str, ...] = (
    "وبال",
    "فبال",
    "وكال",
    "فكال",
    "وال",
    "فال",
    "بال",
    "كال",
    "ولل",
    "فلل",
    "لل",
    "ال",
    "وب",
    "فب",
    "ول",
    "فل",
    "وك",
    "فك",
    "و",
    "ف",
    "ب",
    "ل",
    "ك",
)
# Common enclitics and inflection suffixes (normalised forms).
SUFFIXES: tuple[str, ...] = (
    "هما",
    "كما",
    "هم",
    "هن",
    "كم",
    "نا",
    "ها",
    "ات",
    "ون",
    "ين",
    "ان",
    "يه",
    "ه",
    "ي",
)
MIN_STEM = 3


def clean(text: str) -> str:
    """NFC, invisible characters removed; the display-safe form of raw input."""
    text = unicodedata.normalize("NFC", text)
    return _INVISIBLE.sub("", text)


def _class_chars(body: str) -> list[str]:
    """The characters of a regex character-class body made of single characters and ``a-b`` ranges."""
    out: list[str] = []
    i = 0
    while i < len(body):
        if i + 2 < len(body) and body[i + 1] == "-":
            out.extend(chr(c) for c in range(ord(body[i]), ord(body[i + 2]) + 1))
            i += 3
        else:
            out.append(body[i])
            i += 1
    return out


# Every character ``normalize`` changes, and what it becomes after all of its steps (invisible
# characters, tashkeel and tatweel deleted, then letter variants, punctuation and digits folded).
# No replacement contains a key, so replacing each present character in turn is exact.
_FOLD: dict[str, str] = {
    **{ch: "" for ch in _class_chars(_INVISIBLE_CLASS) + _class_chars(_TASHKEEL_CLASS) + [_TATWEEL]},
    **{chr(k): str(v) for k, v in _CHAR_MAP.items()},
    **{chr(k): chr(v) for k, v in _DIGITS.items()},
}
if any(ch in _FOLD for v in _FOLD.values() for ch in v):
    raise RuntimeError("textnorm: a folded character's replacement would be folded again")
_FOLDABLE = re.compile("[" + "".join(re.escape(ch) for ch in _FOLD) + "]")
# Words and short phrases repeat from article to article, so their folded forms are cached; longer
# texts (sentences, paragraphs) are folded afresh, so that re-analysing an article is not made
# faster than analysing a new one.
_CACHED_UP_TO = 40


def _fold(text: str) -> str:
    # ``str.translate`` with a dict looks every non-ASCII character up through a new int object
    # (≈70 ns a character); one C-level regex scan finds the few characters that change instead.
    text = unicodedata.normalize("NFC", text)
    found = _FOLDABLE.findall(text)
    if found:
        for ch in set(found):
            text = text.replace(ch, _FOLD[ch])
    return text.casefold()


_fold_short = lru_cache(maxsize=65536)(_fold)


def normalize(text: str) -> str:
    """Fold text for matching: tashkeel, tatweel, letter variants, digits, dashes, quotes, case.

    The same as: ``clean`` (NFC, invisible characters out), tashkeel and tatweel out, ``_CHAR_MAP``
    and ``_DIGITS`` applied, then ``casefold``.
    """
    if len(text) <= _CACHED_UP_TO:
        return _fold_short(text)
    return _fold(text)


def tokens(text: str) -> list[str]:
    """Normalised word tokens of ``text`` (numbers kept, punctuation dropped)."""
    return _WORD.findall(normalize(text))


def is_arabic_word(token: str) -> bool:
    return bool(token) and "\u0600" <= token[0] <= "\u06ff"


@lru_cache(maxsize=131072)
def prefix_variants(token: str) -> tuple[str, ...]:
    """The token and every form with a proclitic removed (stem kept at MIN_STEM letters or more)."""
    out = [token]
    if is_arabic_word(token):
        for p in PREFIXES:
            if token.startswith(p) and len(token) - len(p) >= MIN_STEM:
                stem = token[len(p) :]
                if stem not in out:
                    out.append(stem)
    return tuple(out)


@lru_cache(maxsize=131072)
def variants(token: str) -> tuple[str, ...]:
    """Prefix variants plus their suffix-stripped forms: every key the token may be looked up by."""
    out = list(prefix_variants(token))
    if is_arabic_word(token):
        for base in list(out):
            for s in SUFFIXES:
                if base.endswith(s) and len(base) - len(s) >= MIN_STEM:
                    stem = base[: -len(s)]
                    candidates = [stem]
                    if stem.endswith("ت") and s not in ("ات",):
                        candidates.append(stem[:-1] + "ه")  # حكومتها → حكومه (taa marbuta before a suffix)
                    for c in candidates:
                        if c not in out:
                            out.append(c)
    elif token.endswith("'s"):
        out.append(token[:-2])
    return tuple(out)


@lru_cache(maxsize=131072)
def loose_key(token: str) -> str:
    """A spelling-tolerant key: long vowels and final ه dropped after the first letter.

    ناغورني / ناغورنو and الآذربيجانية / الأذربيجانية meet here.
    """
    token = normalize(token)
    if not is_arabic_word(token):
        return token[:1] + re.sub("[aeiouy]", "", token[1:])
    if token.startswith("ال") and len(token) > 4:
        token = token[2:]
    if token.endswith("ه") and len(token) > 3:
        token = token[:-1]
    return token[:1] + re.sub("[اوي]", "", token[1:])


def phrase_key(text: str) -> str:
    """Normalised tokens of a phrase joined by single spaces."""
    return " ".join(tokens(text))


# whitespace-free chunk of a lexicon phrase → its lexicon tokens (``Lexicon._core`` of each
# ``tokens``) (pure, bounded)
_CORES: dict[str, tuple[str, ...]] = {}
_CORES_LIMIT = 100_000


def _cores_of(word: str) -> tuple[str, ...]:
    cores = tuple(Lexicon._core(t) for t in tokens(word))
    if len(_CORES) >= _CORES_LIMIT:
        _CORES.clear()
    _CORES[word] = cores
    return cores


# (indexed words, variant (``variants``) → the indexed words that have it): a word's variants are
# listed once in the life of the process (bounded), so a lexicon built per article finds the words
# that open it through its first keys instead of testing every word. A full index is replaced, not
# cleared, so an analysis running in another thread keeps a consistent one.
_INDEX: tuple[set[str], dict[str, list[str]]] = (set(), {})
_INDEX_LIMIT = 50_000


def _index_words(words: set[str]) -> dict[str, list[str]]:
    """The variant index, holding at least every word of ``words``."""
    global _INDEX
    indexed, by_variant = _INDEX
    new = words.difference(indexed)
    if new:
        if len(indexed) + len(new) > _INDEX_LIMIT:
            indexed, by_variant = _INDEX = (set(), {})
            new = words
        for word in new:
            for v in variants(word):
                by_variant.setdefault(v, []).append(word)  # (setdefault: one atomic step)
        indexed.update(new)
    return by_variant


def _word_cores(phrase: str) -> tuple[str, ...]:
    """A phrase's tokens, word by word (no token runs across whitespace): phrases share words, and
    each word's tokens are looked up once in ``_CORES``."""
    known = _CORES.get
    toks: tuple[str, ...] = ()
    for word in phrase.split():
        cores = known(word)
        if cores is None:
            cores = _cores_of(word)
        toks += cores
    return toks


def _phrase_cores(phrase: str) -> tuple[str, ...]:
    """A lexicon phrase's tokens, word by word (no token runs across whitespace): phrases share
    words, each looked up once; a short phrase (a name) is kept whole in ``_CORES`` too (a key
    with a space never meets a word, and a one-word phrase's tokens are its word's)."""
    toks = _word_cores(phrase)
    if len(phrase) <= 40:
        if len(_CORES) >= _CORES_LIMIT:
            _CORES.clear()
        _CORES[phrase] = toks
    return toks


def _longest_first(item: tuple[tuple[str, ...], object]) -> int:
    return -len(item[0])


class Lexicon:
    """Weighted phrases matched clitic-aware against token lists.

    Each phrase is stored as a tuple of normalised tokens. The first token of a
    text span may carry proclitics and any token may carry suffixes; inner
    tokens may also carry the article (``الاتحاد الاوروبي``).
    """

    _CACHE_LIMIT = 200_000

    def __init__(self, entries: Iterable[tuple[str, object]] = ()) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], object]]] = {}
        # text token → the buckets its variants open, in variant order (a pure function of the
        # token and the lexicon: built on first sight, dropped whenever a phrase is added)
        self._cands: dict[str, tuple[list[tuple[tuple[str, ...], object]], ...]] = {}
        # (the loop of ``_append`` inlined: a lexicon of a few dozen names is built per article)
        by_first = self._by_first
        known = _CORES.get
        size = 0
        for phrase, value in entries:
            toks = known(phrase)  # (a name of a few dozen lexicons: one look-up for the whole phrase)
            if toks is None:
                toks = _phrase_cores(phrase)
            if not toks:
                continue
            bucket = by_first.get(toks[0])
            if bucket is None:
                by_first[toks[0]] = [(toks, value)]
            else:
                bucket.append((toks, value))
            size += 1
        self._size = size
        for bucket in by_first.values():  # one stable sort per bucket: the order ``add`` one by one would give
            if len(bucket) > 1:
                bucket.sort(key=_longest_first)

    @staticmethod
    def _core(token: str) -> str:
        """A lexicon token without the article, so «الاتحاد» also meets «للاتحاد» and «اتحاد»."""
        if token.startswith("ال") and len(token) - 2 >= MIN_STEM:
            return token[2:]
        return token

    def _append(self, phrase: str, value: object) -> str | None:
        """Store a phrase at the end of its bucket (unsorted); its first token, or None if empty."""
        toks = _word_cores(phrase)
        if not toks:
            return None
        bucket = self._by_first.get(toks[0])
        if bucket is None:
            bucket = self._by_first[toks[0]] = []
        bucket.append((toks, value))
        self._size += 1
        self._cands.clear()
        return toks[0]

    def add(self, phrase: str, value: object) -> None:
        first = self._append(phrase, value)
        if first is not None:
            self._by_first[first].sort(key=_longest_first)

    def __len__(self) -> int:
        return self._size

    @staticmethod
    def _token_matches(text_token: str, lex_token: str) -> bool:
        return text_token == lex_token or lex_token in variants(text_token)

    def _candidates(self, token: str) -> tuple[list[tuple[tuple[str, ...], object]], ...]:
        by_first = self._by_first
        forms = variants(token)
        if by_first.keys().isdisjoint(forms):  # the common case, tested at C speed
            found: tuple[list[tuple[tuple[str, ...], object]], ...] = ()
        else:
            found = tuple(filter(None, map(by_first.get, forms)))  # (buckets are never empty)
        if len(self._cands) >= self._CACHE_LIMIT:
            self._cands.clear()
        self._cands[token] = found
        return found

    def opens(self, token: str) -> bool:
        """Whether a phrase of the lexicon may start at this text token (``find`` tries it there)."""
        buckets = self._cands.get(token)
        if buckets is None:
            buckets = self._candidates(token)
        return bool(buckets)

    @staticmethod
    def _match(toks: list[str], i: int, buckets: tuple) -> tuple[int, int, object] | None:
        """The longest phrase of the candidate buckets starting at token i (first in bucket order)."""
        n = len(toks)
        match = None
        for bucket in buckets:
            for phrase, value in bucket:
                size = len(phrase)
                end = i + size
                if end > n:
                    continue
                ok = True
                for k in range(1, size):
                    t = toks[i + k]
                    if t != phrase[k] and phrase[k] not in variants(t):
                        ok = False
                        break
                if ok:
                    if match is None or end > match[1]:
                        match = (i, end, value)
                    break
        return match

    def find(self, toks: list[str]) -> list[tuple[int, int, object]]:
        """Non-overlapping matches as (start, end, value), longest phrase first at each position."""
        found: list[tuple[int, int, object]] = []
        cache = self._cands
        cands = cache.get
        first_keys = self._by_first.keys()
        resume = 0  # the end of the last match: no match may start before it
        for i, tok in enumerate(toks):
            if i < resume:
                continue
            buckets = cands(tok)
            if buckets is None:
                if first_keys.isdisjoint(variants(tok)):  # the common miss, without a method call
                    if len(cache) >= self._CACHE_LIMIT:
                        cache.clear()
                    cache[tok] = ()
                    continue
                buckets = self._candidates(tok)
            if not buckets:
                continue
            match = self._match(toks, i, buckets)
            if match:
                found.append(match)
                resume = match[1]
        return found

    def find_many(self, token_lists: list[list[str]]) -> list[list[tuple[int, int, object]]]:
        """``find`` over each token list (the same answers), for a lexicon that meets few words.

        The words that open the lexicon come from the variant index (by its first keys): only their
        positions are tried, and a list without any costs one C-level set test. Their candidate
        buckets come from the same pass (no ``variants`` call for a word with one first key), and a
        list whose opening words all have only one-word phrases is answered by one comprehension.
        """
        words = set(chain.from_iterable(token_lists))
        index = _index_words(words)
        by_first = self._by_first
        keys_of: dict[str, list[str]] = {}  # opening word → the first keys among its variants
        for key in by_first:
            for w in index.get(key, ()):
                if w in words:  # (the index holds every word seen lately)
                    keys_of.setdefault(w, []).append(key)
        cache = self._cands
        single: dict[str, object] = {}  # opening word → its match when it only opens one-word phrases
        for w, keys in keys_of.items():
            buckets = cache.get(w)
            if buckets is None:
                if len(keys) == 1:  # (``_candidates``: the one bucket its variants open)
                    buckets = (by_first[keys[0]],)
                else:  # (several: in variant order)
                    buckets = tuple(filter(None, map(by_first.get, variants(w))))
                if len(cache) >= self._CACHE_LIMIT:
                    cache.clear()
                cache[w] = buckets
            if len(buckets[0][0][0]) == 1 and (len(buckets) == 1 or all(len(b[0][0]) == 1 for b in buckets)):
                # only one-word phrases (buckets are sorted longest first): ``_match`` takes the
                # first bucket's first phrase (a later bucket's match is never longer)
                single[w] = buckets[0][0][1]
        opening = keys_of.keys()
        out: list[list[tuple[int, int, object]]] = []
        for toks in token_lists:
            if opening.isdisjoint(toks):
                out.append([])
                continue
            starts = [k for k, w in enumerate(toks) if w in keys_of]
            try:  # one-word matches never overlap: each start is its own match
                out.append([(k, k + 1, single[toks[k]]) for k in starts])
            except KeyError:  # a word opening a longer phrase: matched in order
                out.append(self.find_at(toks, starts))
        return out

    def find_at(self, toks: list[str], starts: Iterable[int]) -> list[tuple[int, int, object]]:
        """``find`` trying only the ascending token indices ``starts``.

        The same answer as ``find`` when ``starts`` holds every index whose token ``opens`` the
        lexicon: a caller that already classified its tokens skips the per-token loop.
        """
        found: list[tuple[int, int, object]] = []
        cands = self._cands.get
        resume = 0
        for i in starts:
            if i < resume:
                continue
            tok = toks[i]
            buckets = cands(tok)
            if buckets is None:
                buckets = self._candidates(tok)
            if not buckets:
                continue
            first = buckets[0][0]
            if len(buckets) == 1 and len(first[0]) == 1:
                match = (i, i + 1, first[1])  # one bucket of one-word phrases: its first one (the common case)
            else:
                match = self._match(toks, i, buckets)
            if match:
                found.append(match)
                resume = match[1]
        return found

    def contains(self, text: str) -> bool:
        return bool(self.find(tokens(text)))


def search_terms(text: str) -> list[str]:
    """Keys for full-text indexing: every token with its clitic-stripped variants."""
    out: list[str] = []
    for tok in tokens(text):
        out.extend(prefix_variants(tok))
    return out
