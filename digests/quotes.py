"""Direct quotes and who said them.

A quote is text between quotation marks. It belongs to the speaker named around a speech verb:
«قال/قالت/أضاف/أكد X: “...”», «“...”، قال X», "X said: "..."", ""...," X said" / "said X"; without the
colon for a quote of three words or more in the speaker's sentence («وقال X إن "..."», "X said it was "..."").
«وقال لباشينيان: “...”» has no named speaker (the ل marks the addressee): the speaker is the
person who was speaking or talked about in the previous paragraph. A paragraph that is only a
quote continues the previous speaker.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import NamedTuple

log = logging.getLogger(__name__)

# (the quote's text is read possessively: it holds no closing mark, so it ends at the first one,
# where a lazy quantifier would try to close after every character)
_QUOTE = re.compile(r"[“«\"„]([^“”«»\"„]{2,}+)[”»\"“]")
_MARK = re.compile("[“«\"„]")  # a quote opens with one of these (a quick test before the regex)
_ENDS_COLON_OR_COMMA = re.compile(r"[:,،]\s*$")
_ENDS_COLON = re.compile(r":\s*$")
_SENTENCE_END = re.compile(r"[.!?؟]\s")
_ONLY_QUOTE = re.compile(r"^\s*[-–—]?\s*[“«\"„][^“”«»\"„]+[”»\"“]\s*[.،,!?؟]*\s*$")


class Mention(NamedTuple):
    """An actor named in a paragraph at [start, end); ``addressee`` when it carries a ل clitic.

    (A named tuple: an article makes one per mention, and a tuple is the cheapest to make.)
    """

    key: str
    start: int
    end: int
    person: bool
    addressee: bool = False


@dataclass(slots=True)
class ParagraphSpeech:
    text: str
    mentions: list[Mention]
    verbs: list[tuple[int, int]]  # speech verb spans
    english: bool = False
    index: int | None = None  # its paragraph index, when the list leaves paragraphs out (see ``attribute``)
    marked: bool | None = None  # ``has_mark(text)``, when the caller knows it


def _speaker_between(mentions: list[Mention], lo: int, hi: int) -> Mention | None:
    """The first person named in [lo, hi), else the first actor named there (not an addressee)."""
    found = None
    for m in mentions:
        if lo <= m.start < hi and not m.addressee:
            if m.person:
                return m
            if found is None:
                found = m
    return found


def attribute(paragraphs: list[ParagraphSpeech]) -> list[tuple[str, str, int]]:
    """(actor key, quote text, paragraph index) for every attributed quote.

    A paragraph without a quotation mark, a speech verb or a person mentioned changes nothing and
    may be left out of ``paragraphs`` (``index`` then numbers the others).
    """
    out: list[tuple[str, str, int]] = []
    last_speaker: str | None = None
    prev_persons: list[Mention] = []
    for n, para in enumerate(paragraphs):
        p = n if para.index is None else para.index
        text = para.text
        marked = has_mark(text) if para.marked is None else para.marked
        quotes = list(_QUOTE.finditer(text)) if marked else []
        speaker_here: str | None = None
        if quotes and _ONLY_QUOTE.match(text):
            if last_speaker:
                out.extend((last_speaker, q.group(1).strip(), p) for q in quotes)
            prev_persons = []
            continue
        for q in quotes:
            who = _before(para, q.start(), _words(q.group(1)) >= 3) or _after(para, q.end())
            if who is None and _implicit(para, q.start()):
                addressees = {m.key for m in para.mentions if m.addressee}
                cands = [m.key for m in prev_persons if m.key not in addressees]
                who = cands[0] if cands else last_speaker
            if who:
                out.append((who, q.group(1).strip(), p))
                speaker_here = who
        if speaker_here is None:
            for vs, ve in para.verbs:
                m = _speaker_between(para.mentions, ve, ve + 60)
                if m is not None and m.person and not _quote_between(text, ve, m.start):
                    speaker_here = m.key
                    break
                before = [x for x in para.mentions if x.person and ve - 40 <= x.end <= vs]
                if before:
                    speaker_here = before[-1].key
                    break
        if speaker_here:
            last_speaker = speaker_here
        persons = [m for m in para.mentions if m.person] if para.mentions else None
        if persons:
            prev_persons = persons
    return out


def has_mark(text: str) -> bool:
    """A quotation mark in the text (four C-level substring tests are quicker than a regex search)."""
    return "“" in text or "«" in text or '"' in text or "„" in text


def _quote_between(text: str, lo: int, hi: int) -> bool:
    """A quotation mark in text[lo:hi] (``lo`` is never negative)."""
    return _MARK.search(text, lo, hi) is not None


def _words(quote: str) -> int:
    return len(quote.split())


def _before(para: ParagraphSpeech, qstart: int, long_quote: bool = False) -> str | None:
    """«قال X:» / "X said:" right before the quote; without the colon, for a quote of three words or
    more in the same sentence: «وقال عون في بيان "…"», "Biden said the bill was "a disaster for us"".
    (A shorter one may be a scare quote: "the so-called "plan"".)"""
    text = para.text
    verbs = [v for v in para.verbs if v[1] <= qstart]
    if not verbs:
        return None
    vs, ve = verbs[-1]
    between = text[ve:qstart]
    if _quote_between(text, ve, qstart) or len(between) > 120:
        return None
    marked_off = bool(_ENDS_COLON_OR_COMMA.search(between))
    if not marked_off and not (long_quote and len(between) <= 80 and not _SENTENCE_END.search(between)):
        return None
    m = _speaker_between(para.mentions, ve, qstart)
    if m is not None and (m.person or marked_off):
        return m.key
    if m is not None:  # "Mao Ning said Beijing hoped Tokyo would "…"": the person before the verb speaks
        subject = [x for x in para.mentions if x.person and ve - 80 <= x.end <= vs and not x.addressee]
        return subject[-1].key if subject else m.key
    before = [x for x in para.mentions if ve - 80 <= x.end <= vs and not x.addressee]
    if before and not _quote_between(text, before[-1].end, vs):
        persons = [x for x in before if x.person]
        return (persons or before)[-1].key
    return None


def _implicit(para: ParagraphSpeech, qstart: int) -> bool:
    """A speech verb with a colon before the quote but no named speaker («وقال لباشينيان: “...”»)."""
    verbs = [v for v in para.verbs if v[1] <= qstart]
    if not verbs:
        return False
    between = para.text[verbs[-1][1] : qstart]
    return bool(_ENDS_COLON.search(between)) and len(between) < 80


def _after(para: ParagraphSpeech, qend: int) -> str | None:
    """«“...”، قال X» / ""...," X said" / "said X" right after the quote."""
    text = para.text
    verbs = [v for v in para.verbs if qend <= v[0] <= qend + 60]
    if not verbs:
        return None
    vs, ve = verbs[0]
    if _quote_between(text, qend, vs):
        return None
    m = _speaker_between(para.mentions, qend, vs) or _speaker_between(para.mentions, ve, ve + 60)
    if m is not None and not _quote_between(text, qend, m.start):
        return m.key
    return None
