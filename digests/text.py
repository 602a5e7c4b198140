"""The text pipeline shared by the analysers: language, paragraphs, sentences, datelines, subheadings.

``prepare(article)`` turns an ``Article`` into a ``Document`` that every analyser reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from digests.model import Article, Dateline
from digests.textnorm import clean, normalize, tokens

SUPPORTED_LANGUAGES = ("ar", "en")

_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN = re.compile("[A-Za-z\u00c0-\u024f]")


def detect_language(text: str) -> str:
    """'ar' or 'en' by script share among letters; 'und' when neither dominates or no letters."""
    arabic = len(_ARABIC.findall(text))
    latin = len(_LATIN.findall(text))
    letters = sum(1 for ch in text if ch.isalpha())
    if letters == 0:
        return "und"
    if arabic >= 0.5 * letters:
        return "ar"
    if latin >= 0.5 * letters:
        return "en"
    return "und"


# ---------------------------------------------------------------- paragraphs

_BLANK_LINES = re.compile(r"\n\s*\n")


def split_paragraphs(text: str) -> list[str]:
    """Plain text: blank-line separated blocks, or one paragraph a line when there are no blank lines."""
    text = clean(text).replace("\r\n", "\n").replace("\r", "\n")
    if _BLANK_LINES.search(text):
        blocks = [" ".join(line.strip() for line in b.splitlines()) for b in _BLANK_LINES.split(text)]
    else:
        blocks = text.split("\n")
    return [re.sub(r"[ \t\u00a0]+", " ", b).strip() for b in blocks if b.strip()]


# ---------------------------------------------------------------- sentences

_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof gen col lt sgt st jr sr inc ltd co corp vs etc no u.s u.k u.n e.g i.e jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
_END = re.compile(r"[.!?؟]+|\n")
_QUOTE_PAIRS = {'"': '"', "“": "”", "«": "»", "„": "“"}


def split_sentences(paragraph: str) -> list[str]:
    """Sentences of one paragraph: split on . ! ? ؟ and newlines, not inside quotes, numbers or abbreviations."""
    out: list[str] = []
    start = 0
    depth_close: list[str] = []
    i = 0
    n = len(paragraph)
    while i < n:
        ch = paragraph[i]
        if depth_close and ch == depth_close[-1]:
            depth_close.pop()
        elif ch in _QUOTE_PAIRS and not (ch == '"' and depth_close and depth_close[-1] == '"'):
            depth_close.append(_QUOTE_PAIRS[ch])
        elif ch == "\n" or ch in ".!?؟":
            j = i
            while j + 1 < n and paragraph[j + 1] in ".!?؟":
                j += 1
            if ch == "." and _is_non_terminal_dot(paragraph, i):
                i += 1
                continue
            if not depth_close or ch == "\n":
                # include closing quotes/brackets right after the mark
                k = j + 1
                while k < n and paragraph[k] in "\"'”»)]":
                    k += 1
                piece = paragraph[start:k].strip()
                if piece:
                    out.append(piece)
                start = k
                depth_close.clear()
                i = k
                continue
            i = j
        i += 1
    tail = paragraph[start:].strip()
    if tail:
        out.append(tail)
    return out


def _is_non_terminal_dot(text: str, i: int) -> bool:
    before = text[:i]
    after = text[i + 1 : i + 2]
    if before[-1:].isdigit() and after.isdigit():
        return True  # 3.5
    m = re.search(r"([A-Za-z.]+)$", before)
    if m and m.group(1).lower().strip(".") in _ABBREVIATIONS:
        return True
    if m and len(m.group(1)) == 1 and m.group(1).isupper():
        return True  # initials: J. Smith
    return bool(after and after.islower() and after.isascii())


# ---------------------------------------------------------------- datelines and subheadings

_DASH = "[-–—]"
_DATELINE_AR = re.compile(rf"^\s*(?P<place>[^\s()\-–—][^()\-–—]{{0,40}}?)\s*\((?P<agency>[^()]{{2,40}})\)\s*{_DASH}\s*")
_DATELINE_EN = re.compile(
    rf"^\s*(?P<place>[A-Z][A-Za-z .,'’]{{1,40}}?)\s*\((?P<agency>[A-Z][A-Za-z .&]{{1,30}})\)\s*{_DASH}\s*"
)


def find_dateline(paragraph: str) -> tuple[Dateline | None, str]:
    """Recognise «موسكو (رويترز) –» or "MOSCOW (Reuters) -" at the start; returns it and the rest."""
    for pattern in (_DATELINE_EN, _DATELINE_AR):
        m = pattern.match(paragraph)
        if m and len(tokens(m.group("place"))) <= 4:
            return Dateline(place=m.group("place").strip(" ,"), agency=m.group("agency").strip()), paragraph[m.end() :]
    return None, paragraph


_FINAL_PUNCT = tuple(".!?؟:;؛،,\"'”»)")


def is_subheading(paragraph: str) -> bool:
    """A short line without final punctuation, often framed by dashes: «– قوات حفظ سلام روسية –»."""
    stripped = paragraph.strip()
    if not stripped:
        return False
    framed = bool(re.match(rf"^{_DASH}.*{_DASH}$", stripped)) and len(stripped) > 2
    inner = stripped.strip("-–—* #").strip()
    words = tokens(inner)
    if not words:
        return False
    if framed and len(words) <= 10:
        return True
    if stripped.startswith("#"):
        return True
    return len(words) <= 7 and not inner.endswith(_FINAL_PUNCT) and not _ends_like_sentence(inner)


def _ends_like_sentence(text: str) -> bool:
    return bool(re.search(r"[.!?؟]\W*$", text))


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

    def normalized(self, index: int) -> str:
        return normalize(self.paragraphs[index])


def prepare(article: Article) -> Document:
    """Language, dateline (kept as metadata), subheadings and sentences of an article."""
    paragraphs = [clean(p).strip() for p in article.paragraphs if clean(p).strip()]
    language = article.language if article.language in SUPPORTED_LANGUAGES else detect_language(
        article.title + "\n" + "\n".join(paragraphs)
    )
    flags = list(article.flags)
    if language not in SUPPORTED_LANGUAGES and "unsupported-language" not in flags:
        flags.append("unsupported-language")
    dateline = None
    sentences: list[list[str]] = []
    subheadings: list[int] = []
    for i, p in enumerate(paragraphs):
        body = p
        if i == 0:
            dateline, body = find_dateline(p)
        if i > 0 and is_subheading(p):
            subheadings.append(i)
            sentences.append([subheading_text(p)])
            continue
        sentences.append(split_sentences(body))
    return Document(
        title=clean(article.title).strip(),
        language=language,
        published=article.published_date,
        paragraphs=paragraphs,
        sentences=sentences,
        dateline=dateline,
        subheadings=subheadings,
        flags=flags,
    )
