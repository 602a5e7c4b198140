"""The text pipeline shared by the analysers: language, paragraphs, sentences, datelines, subheadings.

``prepare(article)`` turns an ``Article`` into a ``Document`` that every analyser reads.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from itertools import chain
from pathlib import Path

import lxml.html
from babel import Locale
from lxml import etree

from digests.model import Article, Dateline
from digests.phrases import Tok, tokenize_shared, tokenize_spaced, trigger_bits_installed
from digests.textnorm import _INVISIBLE_CLASS, _class_chars, clean, normalize, tokens

SUPPORTED_LANGUAGES = ("ar", "en")

_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN = re.compile("[A-Za-z\u00c0-\u024f]")


# Function words: a text in a supported script must also look like the language (word statistics).
_EN_WORDS = frozenset(
    "the of and to in is that for on with as was by at it from he she they said be are has have "
    "had an this which not but were will its his her their been who would after also".split()
)
_AR_WORDS = frozenset(
    normalize(w)
    for w in "في من على إلى أن إن عن مع التي الذي هذا هذه قال وقال كان بين بعد قبل حيث أو ما لا كما منذ "
    "خلال ذلك تلك وفي ومن هو هي عام أيضا لم قد".split()
)
# Letters that Persian, Urdu, Pashto, Kurdish... use and Arabic does not.
_NON_ARABIC_LETTERS = re.compile("[پچژگڤڭۆۇۈۋېےںھٹڈڑ]")
_MIN_WORDS_FOR_STATS = 8
_LETTER = re.compile(r"[^\W\d_]")


# character → bit set of the classes above (1 Arabic, 2 Latin, 4 letter, 8 non-Arabic letter)
_CHAR_KINDS: dict[str, int] = {}


def _char_kind(ch: str) -> int:
    kind = (
        (1 if _ARABIC.match(ch) else 0)
        | (2 if _LATIN.match(ch) else 0)
        | (4 if _LETTER.match(ch) else 0)
        | (8 if _NON_ARABIC_LETTERS.match(ch) else 0)
    )
    if len(_CHAR_KINDS) < 200_000:
        _CHAR_KINDS[ch] = kind
    return kind


# The seven counts ``detect_language`` sums over a text, packed into one int per whitespace-free
# chunk, ``_FIELD_BITS`` bits a count (no text has 2**40 characters): adding the packed ints adds
# every count at once, so a whole text is summed by one C-level ``sum(map(...))``.
_FIELD_BITS = 40
_FIELD_MASK = (1 << _FIELD_BITS) - 1


def _pack(*counts: int) -> int:
    packed = 0
    for i, count in enumerate(counts):
        packed |= count << (i * _FIELD_BITS)
    return packed


class _ChunkCounts(dict[str, int]):
    """Whitespace-free chunk → its packed (Arabic, Latin, letter, non-Arabic letter characters,
    words, Arabic function words, English function words) counts; computed on first look-up
    (``__missing__``) and bounded."""

    _LIMIT = 100_000

    def __missing__(self, chunk: str) -> int:
        arabic = latin = letters = non_arabic = 0
        for ch in chunk:
            kind = _CHAR_KINDS.get(ch)
            if kind is None:
                kind = _char_kind(ch)
            if kind:
                arabic += kind & 1
                latin += (kind >> 1) & 1
                letters += (kind >> 2) & 1
                non_arabic += (kind >> 3) & 1
        words = tokens(chunk)
        packed = _pack(
            arabic,
            latin,
            letters,
            non_arabic,
            len(words),
            sum(w in _AR_WORDS for w in words),
            sum(w in _EN_WORDS for w in words),
        )
        if len(self) >= self._LIMIT:
            self.clear()
        self[chunk] = packed
        return packed


_CHUNK_COUNTS = _ChunkCounts()


def detect_language(text: str) -> str:
    """'ar' or 'en' by script share and function-word statistics; 'und' for anything else.

    Script alone would call French English and Persian Arabic; a text long enough for statistics
    must also use the language's function words. Short snippets are judged by script only.
    """
    return language_of_chunks(text.split())


def language_of_chunks(chunks: Iterable[str]) -> str:
    """``detect_language`` of a text given as its whitespace-separated chunks (``text.split()``)."""
    # Counted per chunk: whitespace is no letter, and no word runs across it.
    total = sum(map(_CHUNK_COUNTS.__getitem__, chunks))
    arabic, latin, letters, non_arabic, n_words, ar_words, en_words = (
        (total >> (i * _FIELD_BITS)) & _FIELD_MASK for i in range(7)
    )
    if letters == 0:
        return "und"
    if arabic >= 0.5 * letters:
        if non_arabic > max(2, 0.01 * arabic):
            return "und"
        if n_words >= _MIN_WORDS_FOR_STATS and ar_words < 0.04 * n_words:
            return "und"
        return "ar"
    if latin >= 0.5 * letters:
        if n_words >= _MIN_WORDS_FOR_STATS and en_words < 0.15 * n_words:
            return "und"
        return "en"
    return "und"


# ---------------------------------------------------------------- paragraphs

_BLANK_LINES = re.compile(r"\n\s*\n")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u3000]+")


def _tidy(block: str) -> str:
    return _SPACES.sub(" ", block).strip()


def split_paragraphs(text: str) -> list[str]:
    """Plain text: blank-line separated blocks, or one paragraph a line when there are no blank lines."""
    text = clean(text).replace("\r\n", "\n").replace("\r", "\n")
    if _BLANK_LINES.search(text):
        blocks = [" ".join(line.strip() for line in b.splitlines()) for b in _BLANK_LINES.split(text)]
    else:
        blocks = text.split("\n")
    return [_tidy(b) for b in blocks if b.strip()]


_BLOCK_TAGS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li blockquote pre section article header footer aside ul ol dl dt dd "
    "table tr td th figure figcaption main body html address hr".split()
)
_SKIP_TAGS = frozenset("script style noscript template head nav iframe object svg button form select".split())


def paragraphs_from_html(markup: str) -> list[str]:
    """Paragraphs of an HTML fragment or page (feed ``content``/``summary``): one per block element.

    Inline markup is flattened, ``<br><br>`` separates paragraphs, scripts and styles are dropped.
    """
    if not markup or not markup.strip():
        return []
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (ValueError, TypeError, etree.ParserError):
        return split_paragraphs(re.sub(r"<[^>]+>", " ", markup))
    blocks: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        text = _tidy("".join(buf))
        buf.clear()
        if text:
            blocks.append(text)

    def walk(el: object) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""  # type: ignore[attr-defined]
        tag = tag.lower()
        if tag in _SKIP_TAGS or not isinstance(el.tag, str):  # type: ignore[attr-defined]
            if el.tail:  # type: ignore[attr-defined]
                buf.append(el.tail)  # type: ignore[attr-defined]
            return
        block = tag in _BLOCK_TAGS
        if block:
            flush()
        if tag == "br":
            buf.append("\n")
        if el.text:  # type: ignore[attr-defined]
            buf.append(el.text)  # type: ignore[attr-defined]
        for child in el:  # type: ignore[attr-defined]
            walk(child)
        if block:
            flush()
        if el.tail:  # type: ignore[attr-defined]
            buf.append(el.tail)  # type: ignore[attr-defined]

    walk(root)
    flush()
    out: list[str] = []
    for b in blocks:
        # a <br><br> run inside one block separates paragraphs; a single <br> is a space
        for part in re.split(r"\n\s*\n", b):
            part = _tidy(part.replace("\n", " "))
            if part:
                out.append(clean(part))
    return out


_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_MD_LIST = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")
_MD_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$")
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`|~~)(?=\S)(.+?)(?<=\S)\1")
_MD_TAG = re.compile(r"</?[A-Za-z][^>]*>")


def _md_inline(text: str) -> str:
    text = _MD_IMAGE.sub("", text)
    text = _MD_LINK.sub(r"\1", text)
    for _ in range(2):
        text = _MD_EMPHASIS.sub(r"\2", text)
    return _tidy(_MD_TAG.sub("", text))


def paragraphs_from_markdown(text: str) -> list[str]:
    """Paragraphs of a Markdown document: blank-line blocks, headings and list items on their own.

    A heading keeps its text (without the ``#``); links keep their text, images and emphasis marks go.
    A document with no blank lines at all is read one paragraph a line, like plain text.
    """
    text = clean(text).replace("\r\n", "\n").replace("\r", "\n")
    one_per_line = not _BLANK_LINES.search(text)
    out: list[str] = []
    buf: list[str] = []
    in_code = False

    def flush() -> None:
        joined = _md_inline(" ".join(buf))
        buf.clear()
        if joined:
            out.append(joined)

    for line in text.split("\n"):
        if line.strip().startswith(("```", "~~~")):
            in_code = not in_code
            flush()
            continue
        if in_code:
            continue
        heading = _MD_HEADING.match(line)
        if heading:
            flush()
            buf.append(heading.group(1))
            flush()
            continue
        if not line.strip() or _MD_RULE.match(line):
            flush()
            continue
        line = re.sub(r"^\s*>\s?", "", line)
        if _MD_LIST.match(line):
            flush()
            line = _MD_LIST.sub("", line, count=1)
        buf.append(line.strip())
        if one_per_line:
            flush()
    flush()
    return out


# ---------------------------------------------------------------- sentences

ABBREVIATIONS_PATH = Path(__file__).resolve().parent.parent / "config" / "abbreviations.toml"
_ABBREVIATION_DATA = tomllib.loads(ABBREVIATIONS_PATH.read_text(encoding="utf-8"))
_ABBREVIATIONS = frozenset(_ABBREVIATION_DATA["en"])
# Latin letters as Arabic news spells a person's initials («إس», «جيه»), normalised
AR_INITIALS = frozenset(normalize(w) for w in _ABBREVIATION_DATA["ar_initials"])
_AR_TAIL = re.compile(r"(?:^|[\s.])([\u0621-\u064a]{1,5})$")
_END = re.compile(r"[.!?؟]+|\n")
_QUOTE_PAIRS = {'"': '"', "“": "”", "«": "»", "„": "“"}


_SPECIAL = re.compile('[.!?؟\n"“”«»„]')
_SENTENCE_MARK = re.compile("[.!?؟\n]")
# the last characters before a dot that ``_LATIN_TAIL`` may match at (``$`` also matches before a
# final newline)
_LATIN_TAIL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.\n")


def split_sentences(paragraph: str) -> list[str]:
    """Sentences of one paragraph: split on . ! ? ؟ and newlines, not inside quotes, numbers or abbreviations."""
    n = len(paragraph)
    if _SENTENCE_MARK.search(paragraph, 0, n - 1) is None:
        # Speed: only a sentence mark splits, and none comes before the last character (the
        # common one-sentence paragraph, quotes or not): the paragraph is one sentence.
        whole = paragraph.strip()
        return [whole] if whole else []
    out: list[str] = []
    start = 0
    depth_close: list[str] = []
    m = _SPECIAL.search(paragraph)
    while m:
        i = m.start()
        ch = paragraph[i]
        nxt = i + 1
        if depth_close and ch == depth_close[-1]:
            depth_close.pop()
        elif ch in _QUOTE_PAIRS and not (ch == '"' and depth_close and depth_close[-1] == '"'):
            depth_close.append(_QUOTE_PAIRS[ch])
        elif ch == "\n" or ch in ".!?؟":
            j = i
            while j + 1 < n and paragraph[j + 1] in ".!?؟":
                j += 1
            nxt = j + 1
            if not (ch == "." and j == i and _is_non_terminal_dot(paragraph, i)) and (not depth_close or ch == "\n"):
                # include closing quotes/brackets right after the mark
                k = j + 1
                while k < n and paragraph[k] in "\"'”»)]":
                    k += 1
                piece = paragraph[start:k].strip()
                if piece:
                    out.append(piece)
                start = nxt = k
                depth_close.clear()
        m = _SPECIAL.search(paragraph, nxt)
    tail = paragraph[start:].strip()
    if tail:
        out.append(tail)
    return out


_LATIN_TAIL = re.compile(r"([A-Za-z.]+)$")
_WORD_AFTER = re.compile(r"\s*(\(|[A-Za-z]+)")
# words that go on with a time of day after "a.m."/"p.m.": English weekdays and months (from
# Babel's CLDR data), time zones, "local"
_TIME_WORDS_EN = frozenset(
    [w.lower() for ctx in ("format", "stand-alone") for width in ("wide", "abbreviated")
     for table in (Locale("en").days[ctx][width], Locale("en").months[ctx][width]) for w in table.values()]
    + ["local", "gmt", "utc", "et", "est", "edt", "ct", "cdt", "cst", "pt", "pdt", "pst", "bst", "cet", "cest"]
)


def _time_word_after(text: str, k: int) -> bool:
    """Whether a weekday, a month, a time zone or a bracket («(1000 GMT)») follows at ``k``."""
    m = _WORD_AFTER.match(text, k)
    return bool(m) and (m.group(1) == "(" or m.group(1).lower() in _TIME_WORDS_EN)


def _is_non_terminal_dot(text: str, i: int) -> bool:
    after = text[i + 1 : i + 2]
    last = text[i - 1] if i else ""
    if last.isdigit() and after.isdigit():
        return True  # 3.5
    # an abbreviation or initial ends in a Latin letter or a dot (the common Arabic word does not)
    m = _LATIN_TAIL.search(text[max(0, i - 40) : i]) if last in _LATIN_TAIL_CHARS else None
    if m and m.group(1).lower().strip(".") in _ABBREVIATIONS:
        return True
    if m and m.group(1).lower() in ("a.m", "p.m") and _time_word_after(text, i + 1):
        return True  # "at 12:01 a.m. Friday", "5 p.m. local time": the time goes on
    if m and len(m.group(1)) == 1 and m.group(1).isupper():
        return True  # initials: J. Smith
    if "\u0621" <= last <= "\u064a" and (after == " " or "\u0621" <= after <= "\u064a"):
        a = _AR_TAIL.search(text, max(0, i - 8), i)
        if a and normalize(a.group(1)) in AR_INITIALS:
            return True  # Arabic-spelt initials: «إس. سومانات», «جيه.دي. فانس»
    return bool(after and after.islower() and after.isascii())


# ---------------------------------------------------------------- datelines and subheadings

_DASH = "[-–—]"
_DASHES = "-–—"
# «موسكو (رويترز) –», «القاهرة، 31 أكتوبر (رويترز) -», «أنطاليا (تركيا) (رويترز) -» (the country kept in the place)
_DATELINE_AR = re.compile(
    rf"^\s*(?P<place>[^\s()\-–—:\"“”«»][^()\-–—:\"“”«».!?؟]{{0,60}}?(?:\s*\([^()\d]{{2,30}}\))?)\s*\((?P<agency>[^()]{{2,40}})\)\s*{_DASH}+\s*"
)
# "MOSCOW (Reuters) -", "WASHINGTON, Oct 31 (AP) —", "ANTALYA (Turkey) (Reuters) -"
_DATELINE_EN = re.compile(
    rf"^\s*(?P<place>[A-Z][A-Za-z0-9 .,'’/]{{1,60}}?(?:\s*\([A-Z][A-Za-z .'’-]{{1,30}}\))?)\s*\((?P<agency>[A-Z][A-Za-z .&-]{{1,30}})\)\s*{_DASH}+\s*"
)
# «بيروت - رويترز -» is rarer and ambiguous with subheadings; not recognised.
_COMMA = re.compile("[,،]")
_DIGIT = re.compile(r"\d")


def _place_and_date(raw: str) -> tuple[str, tuple[int, int] | None]:
    """A dateline's place and its (month, day), if it has one: "PORT SUDAN, Nov 20", «القاهرة 20 نوفمبر».

    The date follows the place, after a comma or not; month names come from Babel
    (``digests.calendar_names``).
    """
    parts = _COMMA.split(raw, maxsplit=1)
    place, rest = parts[0], (parts[1] if len(parts) > 1 else "")
    digit = _DIGIT.search(place)
    if digit:  # «القاهرة 20 نوفمبر», "WASHINGTON Oct 31": the date is cut off the place
        from digests.calendar_names import month_names  # Babel's tables, loaded on first use

        place, rest = place[: digit.start()], place[digit.start() :] + " " + rest
        words = place.split()
        names = month_names()
        while words and any(tokens(words[-1]) and " ".join(tokens(words[-1])) in names[lang] for lang in ("ar", "en")):
            rest = words.pop() + " " + rest  # "WASHINGTON Oct 31": "Oct" is the date's
        place = " ".join(words)
    return place.strip(" ,."), _month_day(rest)


def _month_day(text: str) -> tuple[int, int] | None:
    """(month, day) of "Nov 20", "20 November", «20 نوفمبر», «20 تشرين الثاني» (None if not there)."""
    words = tokens(text)
    if not words or len(words) > 5:
        return None
    from digests.calendar_names import month_names  # Babel's tables, loaded on first use

    names = month_names()
    month = day = None
    k = 0
    while k < len(words):
        w = words[k]
        if w.isdigit() and day is None and 1 <= int(w) <= 31 and len(w) <= 2:
            day = int(w)
            k += 1
            continue
        pair = f"{w} {words[k + 1]}" if k + 1 < len(words) else ""
        found = next((names[lang][key] for key in (pair, w) if key for lang in ("ar", "en") if key in names[lang]), None)
        if found is None or month is not None:
            return None
        month = found
        k += 2 if pair and any(pair in names[lang] for lang in ("ar", "en")) else 1
    return (month, day) if month and day else None


def dateline_date(paragraph: str, today: date) -> date | None:
    """The date of a dateline ("PORT SUDAN, Nov 20 (Reuters) -"): the latest such day not after ``today``."""
    for pattern in (_DATELINE_EN, _DATELINE_AR):
        m = pattern.match(paragraph)
        if not m:
            continue
        _place, md = _place_and_date(m.group("place"))
        if md is None:
            return None
        month, day = md
        for year in range(today.year, today.year - 9, -1):  # Feb 29 waits for a leap year
            try:
                d = date(year, month, day)
            except ValueError:
                continue
            if d <= today:
                return d
        return None
    return None


def find_dateline(paragraph: str) -> tuple[Dateline | None, str]:
    """Recognise «موسكو (رويترز) –» or "MOSCOW (Reuters) -" at the start; returns it and the rest.

    A date after the place («القاهرة، 31 أكتوبر (رويترز) -», «القاهرة 20 نوفمبر (رويترز) -») is dropped
    from the place (``dateline_date`` reads it).
    """
    for pattern in (_DATELINE_EN, _DATELINE_AR):
        m = pattern.match(paragraph)
        if not m:
            continue
        place, when = _place_and_date(m.group("place"))
        if when is None and any(c.isdigit() for c in _COMMA.split(m.group("place"), maxsplit=1)[0]):
            continue  # digits in the place that are no date: «أصيب 20 شخصا (بينهم أطفال) –» is a sentence
        agency = m.group("agency").strip()
        place_words = tokens(place)
        if (
            not place_words
            or len(place_words) > 3
            or len(tokens(agency)) > 4
            or any(c.isdigit() for c in place)
            or any(w in _AR_WORDS for w in place_words)  # «قال الرئيس إن ...» is a sentence, not a place
        ):
            continue
        return Dateline(place=place, agency=agency), paragraph[m.end() :]
    return None, paragraph


_FINAL_PUNCT = tuple(".!?؟:;؛،,\"'”»)…")
_QUOTE_RE = re.compile('["“”«»„‟‹›]')
# A short line opening like this is a sentence (attribution, pronoun), not a heading.
_SENTENCE_OPENERS = frozenset(
    normalize(w)
    for w in "قال وقال قالت وقالت أضاف وأضاف أضافت وأضافت تابع وتابع أكد وأكد أكدت وأكدت لكن ولكن "
    "he she they it we i you but and said this that there".split()
)


def is_subheading(paragraph: str) -> bool:
    """A short line without final punctuation, often framed by dashes: «– قوات حفظ سلام روسية –».

    Short quotes («“شكرا لكم”»), attributions and short sentences ending in punctuation are not headings.
    """
    if paragraph.endswith(_FINAL_PUNCT) and paragraph.lstrip()[:1] != "#":
        return False  # Speed: the common sentence, refused below too (neither framed nor «#»)
    stripped = paragraph.strip()
    if not stripped or len(stripped) > 160:  # fourteen words at most: a long line is never a heading
        return False
    # «^[-–—].*[-–—]$» (the stripped line ends in no newline for ``$`` to skip)
    framed = len(stripped) > 2 and stripped[0] in _DASHES and stripped[-1] in _DASHES
    inner = stripped.strip("-–—* #").strip()
    words = tokens(inner)
    if not words or _QUOTE_RE.search(inner):
        return False
    if framed:
        return len(words) <= 10 and not _ends_like_sentence(inner)
    if stripped.startswith("#"):
        return len(words) <= 14
    if len(words) > 7 or inner.endswith(_FINAL_PUNCT) or _ends_like_sentence(inner):
        return False
    if words[0] in _SENTENCE_OPENERS or inner[:1].islower():
        return False
    return not all(w.isdigit() for w in words)


_SENTENCE_END = re.compile(r"[.!?؟]\W*$")


def _ends_like_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text))


def subheading_text(paragraph: str) -> str:
    return paragraph.strip().strip("-–—*# ").strip()


# ---------------------------------------------------------------- documents


@dataclass
class Document:
    """An article prepared for analysis. Paragraph indices are body indices (headline excluded)."""

    title: str
    language: str
    published: date | None
    paragraphs: list[str]
    sentences: list[list[str]]
    dateline: Dateline | None = None
    subheadings: list[int] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    # normalised word tokens (``textnorm.tokens``) of every sentence, in the shape of ``sentences``;
    # computed once by ``prepare`` and read by every analyser
    words: list[list[list[str]]] = field(default_factory=list)
    # the word tokens (``phrases.tokenize_shared``) of every sentence, in the shape of ``sentences``:
    # (offset of the sentence in its paragraph or -1 when not found there, tokens with paragraph
    # offsets, whether ``tokenspan`` cuts the same words)
    tokens: list[list[SentenceTokens]] = field(default_factory=list)
    # what may start at each sentence's tokens, for the actor analyser (``digests.triggers``): in
    # the shape of ``tokens``, (the sentence's token list, token index → trigger bits of the tokens
    # whose bits are not 0, -1 when not known); empty when the tokeniser had no trigger table
    triggers: list[list[tuple[list[Tok], dict[int, int]]]] = field(default_factory=list)

    def normalized(self, index: int) -> str:
        return normalize(self.paragraphs[index])

    def sentence_words(self, paragraph: int) -> list[list[str]]:
        """The normalised tokens of each sentence of a paragraph (computed here if not prepared)."""
        if len(self.words) != len(self.sentences):
            self.words = [[tokens(s) for s in sents] for sents in self.sentences]
        return self.words[paragraph]

    def sentence_tokens(self, paragraph: int) -> list[SentenceTokens]:
        """Each sentence of a paragraph as (offset in the paragraph or -1, tokens, same in tokenspan)."""
        if len(self.tokens) != len(self.sentences):
            self.tokens = _sentence_tokens(self.paragraphs, self.sentences)
        return self.tokens[paragraph]


SentenceTokens = tuple[int, list[Tok], bool]


def _sentence_tokens(
    paragraphs: list[str],
    sentences: list[list[str]],
    chunked: list[list[str]] | None = None,
    words: list[list[list[str]]] | None = None,
    triggers: list[list[tuple[list[Tok], dict[int, int]]]] | None = None,
) -> list[list[SentenceTokens]]:
    """Every sentence tokenised once, with offsets in its paragraph (found left to right).

    ``chunked`` holds each paragraph's ``str.split()`` when the caller has it already; ``words``,
    when given, receives ``Document.words`` (the keys of the tokens when they are
    ``textnorm.tokens``' too, as ``tokenize_shared`` tells); ``triggers``, ``Document.triggers``
    (left empty when the tokeniser has no trigger table installed).
    """
    out: list[list[SentenceTokens]] = []
    if triggers is not None and not trigger_bits_installed():
        triggers = None
    for p, sents in enumerate(sentences):
        para = paragraphs[p] if p < len(paragraphs) else ""
        chunks = chunked[p] if chunked is not None and p < len(chunked) else para.split()
        # Speed: in a paragraph of chunks joined by single spaces, a sentence from chunk edge to
        # chunk edge is a run of the paragraph's chunks (``phrases.tokenize_spaced``), so it is
        # not split again (and its chunks' hashes are already known from the language count).
        spaced = bool(chunks) and " ".join(chunks) == para
        if spaced and len(sents) == 1 and sents[0] == para:  # the common one-sentence paragraph
            trig: dict[int, int] = {}
            toks, same = tokenize_spaced(para, chunks, 0, trig)
            out.append([(0, toks, same)])
            if triggers is not None:
                triggers.append([(toks, trig)])
            if words is not None:
                words.append([[t.norm for t in toks] if same else tokens(para)])
            continue
        cursor = 0
        seen = spaces = 0  # the spaces in ``para[:seen]`` (counted on as sentences come)
        row: list[SentenceTokens] = []
        trow: list[tuple[list[Tok], dict[int, int]]] = []
        for sentence in sents:
            trig = {}
            pos = para.find(sentence, cursor)
            if pos < 0:
                pos = para.find(sentence)
            if pos < 0:
                toks, same = tokenize_shared(sentence, 0, trig)
                row.append((-1, toks, same))
                trow.append((toks, trig))
                continue
            end = pos + len(sentence)
            if spaced and sentence and (not pos or para[pos - 1] == " ") and (end == len(para) or para[end] == " "):
                if not pos and end == len(para):
                    toks, same = tokenize_spaced(sentence, chunks, 0, trig)
                else:
                    if pos < seen:  # (found before the last one: count again)
                        seen = spaces = 0
                    spaces += para.count(" ", seen, pos)  # the chunks before the sentence
                    seen = pos
                    toks, same = tokenize_spaced(
                        sentence, chunks[spaces : spaces + sentence.count(" ") + 1], pos, trig
                    )
            else:
                toks, same = tokenize_shared(sentence, pos, trig)
            row.append((pos, toks, same))
            trow.append((toks, trig))
            cursor = end
        out.append(row)
        if triggers is not None:
            triggers.append(trow)
        if words is not None:
            words.append(
                [[t.norm for t in toks] if same else tokens(s) for s, (_o, toks, same) in zip(sents, row, strict=True)]
            )
    return out


def _subheadings(paragraphs: list[str]) -> list[int]:
    """Subheading indices: never the lead or the last paragraph, never two in a row.

    When short unpunctuated lines make up much of the body (a list, a poem, a table), only the
    dash-framed or ``#`` ones count: the rest are content, not section titles.
    """
    found = [i for i in range(1, len(paragraphs) - 1) if is_subheading(paragraphs[i])]
    marked = set(found)  # a set: a list here made 20,000 one-line paragraphs take seconds
    found = [i for i in found if i + 1 not in marked]
    if len(found) > max(2, len(paragraphs) // 4):
        found = [i for i in found if paragraphs[i].lstrip().startswith(("#", "-", "–", "—"))]
    return found


def _clean(raw: str) -> str:
    """``textnorm.clean(raw)``, with a cheaper test for the common text that it leaves as it is.

    Every character ``clean`` deletes is a format (Cf) or private-use (Co) character, which
    ``str.isprintable`` refuses: a printable NFC text (one C-level pass each) has none of them.
    """
    if raw.isprintable() and unicodedata.is_normalized("NFC", raw):
        return raw
    return clean(raw)


if any(ch.isprintable() for ch in _class_chars(_INVISIBLE_CLASS)):
    raise RuntimeError("text: textnorm.clean deletes a printable character; _clean's test is wrong")


def prepare(article: Article) -> Document:
    """Language, dateline (kept as metadata), subheadings and sentences of an article."""
    paragraphs = [p for p in (_clean(raw).strip() for raw in article.paragraphs) if p]
    chunked = [p.split() for p in paragraphs]  # shared by the language count and the tokeniser
    language = (
        article.language
        if article.language in SUPPORTED_LANGUAGES
        # the chunks of ``title + "\n" + "\n".join(paragraphs)``
        else language_of_chunks(chain(article.title.split(), *chunked))
    )
    flags = list(article.flags)
    if language not in SUPPORTED_LANGUAGES and "unsupported-language" not in flags:
        flags.append("unsupported-language")
    dateline = None
    if paragraphs:
        dateline, lead_body = find_dateline(paragraphs[0])
    subheadings = _subheadings(paragraphs)
    headings = set(subheadings)
    sentences: list[list[str]] = []
    one_sentence = _SENTENCE_MARK.search
    for i, p in enumerate(paragraphs):
        if i in headings:
            sentences.append([subheading_text(p)])
        elif i and one_sentence(p, 0, len(p) - 1) is None:
            # ``split_sentences``' first test, inline: no sentence mark before the last character,
            # so the paragraph (stripped and not empty already) is one sentence
            sentences.append([p])
        else:
            sentences.append(split_sentences(lead_body if i == 0 else p))
    words: list[list[list[str]]] = []
    triggers: list[list[tuple[list[Tok], dict[int, int]]]] = []
    sentence_tokens = _sentence_tokens(paragraphs, sentences, chunked, words, triggers)
    return Document(
        title=_clean(article.title).strip(),
        language=language,
        published=article.published_date,
        paragraphs=paragraphs,
        sentences=sentences,
        dateline=dateline,
        subheadings=subheadings,
        flags=flags,
        words=words,
        tokens=sentence_tokens,
        triggers=triggers,
    )
