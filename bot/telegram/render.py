"""Render a Reply as Telegram HTML messages: escaped, RTL-safe, split under Telegram's length limit.

The reply is first laid out as *runs* of plain text (each bold, linked or plain); the plain text is
measured the way Telegram measures a message after entity parsing (UTF-16 code units) and split on
paragraph, line, sentence (Arabic ``؟`` included), clause (``،`` ``؛``), then word boundaries. Only
then is each chunk escaped and wrapped in tags, so a split can never fall inside a tag or an entity:
a bold run cut in two is closed at the end of one message and reopened in the next.

RTL safety: in an Arabic reply, a line that holds Arabic letters but begins with something else
(a number, ``#12``, a Latin name, a command) gets a RIGHT-TO-LEFT MARK in front, so Telegram lays
the whole line out right to left instead of scrambling it.
"""

from __future__ import annotations

import bisect
import html
import re
import unicodedata
from dataclasses import dataclass

from handlers.core import EM_END, EM_START, Reply, Section

MAX_MESSAGE = 4096  # Telegram's limit on a message's text after entity parsing (UTF-16 units)
RLM = "\u200f"
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_STRONG_LTR = re.compile(r"[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]")
_SENTENCE_END = re.compile(r"[.!?؟…。](?:[\"'»”’)\]]*)(?=\s)")
_CLAUSE_END = re.compile(r"[،؛;:,](?=\s)")
_SPACE = re.compile(r"\s")


@dataclass
class Run:
    """A piece of plain text with its style."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _emphasis_runs(text: str, *, bold: bool = False, italic: bool = False, href: str | None = None) -> list[Run]:
    """Split text on EM_START/EM_END marks into plain and bold runs (unbalanced marks are dropped)."""
    runs: list[Run] = []
    depth = 0
    buf: list[str] = []

    def flush() -> None:
        if buf:
            runs.append(Run("".join(buf), bold=bold or depth > 0, italic=italic, href=href))
            buf.clear()

    for ch in text:
        if ch == EM_START:
            flush()
            depth += 1
        elif ch == EM_END:
            flush()
            depth = max(0, depth - 1)
        else:
            buf.append(ch)
    flush()
    return runs


def _safe_href(url: str | None) -> str | None:
    if url and re.match(r"^https?://[^\s<>\"]+$", url) and len(url) < 2000:
        return url
    return None


def section_runs(section: Section) -> list[Run]:
    runs: list[Run] = []
    head = " ".join(x for x in (section.emoji, section.title) if x)
    url = _safe_href(section.url)
    if head:
        runs.extend(_emphasis_runs(head, bold=True, href=url if section.title else None))
        runs.append(Run("\n"))
    elif url:
        runs.append(Run(url, href=url))
        runs.append(Run("\n"))
    if section.text:
        runs.extend(_emphasis_runs(section.text))
        runs.append(Run("\n"))
    for f in section.fields:
        runs.extend(_emphasis_runs(f.name, bold=True))
        if "\n" in f.value:
            runs.append(Run(":\n"))
        else:
            runs.append(Run(": "))
        runs.extend(_emphasis_runs(f.value))
        runs.append(Run("\n"))
    if section.footer:
        runs.extend(_emphasis_runs(section.footer, italic=True))
        runs.append(Run("\n"))
    return runs


def reply_runs(reply: Reply) -> list[Run]:
    """The whole reply as runs; sections are separated by a blank line."""
    runs: list[Run] = []
    for section in reply.sections:
        body = section_runs(section)
        if not body:
            continue
        if runs:
            runs.append(Run("\n"))
        runs.extend(body)
    return _merge(runs)


def _merge(runs: list[Run]) -> list[Run]:
    out: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        if out and (out[-1].bold, out[-1].italic, out[-1].href) == (run.bold, run.italic, run.href):
            out[-1] = Run(out[-1].text + run.text, run.bold, run.italic, run.href)
        else:
            out.append(run)
    return out


def needs_rlm(line: str) -> bool:
    """True for a line with Arabic letters whose first strong character is not Arabic."""
    if not _ARABIC.search(line):
        return False
    for ch in line:
        if _ARABIC.match(ch) or ch == RLM:
            return False
        if _STRONG_LTR.match(ch) or ch.isdigit():
            return True
    return False


def _mark_lines(runs: list[Run]) -> list[Run]:
    """Put an RLM at the start of each line that needs one (Arabic replies)."""
    plain = "".join(r.text for r in runs)
    starts = [0] + [m.end() for m in re.finditer("\n", plain)]
    marks = {s for s in starts if needs_rlm(plain[s : plain.find("\n", s) if "\n" in plain[s:] else len(plain)])}
    if not marks:
        return runs
    out: list[Run] = []
    pos = 0
    for run in runs:
        pieces: list[str] = []
        for i, ch in enumerate(run.text):
            if pos + i in marks:
                pieces.append(RLM)
            pieces.append(ch)
        out.append(Run("".join(pieces), run.bold, run.italic, run.href))
        pos += len(run.text)
    return out


def _boundary(plain: str, start: int, hard_end: int) -> int:
    """The best cut in plain[start:hard_end]: paragraph, line, sentence, clause, word, or hard."""
    window = plain[start:hard_end]
    floor = len(window) // 3  # do not cut tiny pieces when a better boundary exists further on
    for pattern in ("\n\n", "\n"):
        i = window.rfind(pattern)
        if i > floor:
            return start + i + len(pattern)
    for regex in (_SENTENCE_END, _CLAUSE_END, _SPACE):
        best = -1
        for m in regex.finditer(window):
            if m.end() > floor:
                best = m.end()
        if best > 0:
            return start + best
    i = max(window.rfind(" "), window.rfind("\t"))
    if i > 0:
        return start + i + 1
    end = hard_end
    while end > start + 1 and unicodedata.combining(plain[end]):  # keep diacritics on their letter
        end -= 1
    return end


def split_plain(plain: str, limit: int) -> list[tuple[int, int]]:
    """(start, end) pieces of ``plain``, each at most ``limit`` UTF-16 units after stripping."""
    cumulative = [0]
    for ch in plain:
        cumulative.append(cumulative[-1] + (2 if ord(ch) > 0xFFFF else 1))
    pieces: list[tuple[int, int]] = []
    start = 0
    n = len(plain)
    while start < n:
        while start < n and plain[start].isspace():
            start += 1
        if start >= n:
            break
        # the furthest end whose UTF-16 length from start fits
        hard_end = bisect.bisect_right(cumulative, cumulative[start] + limit) - 1
        if hard_end >= n:
            end = n
        else:
            end = _boundary(plain, start, hard_end)
        piece_end = end
        while piece_end > start and plain[piece_end - 1].isspace():
            piece_end -= 1
        if piece_end > start:
            pieces.append((start, piece_end))
        start = end
    return pieces


def _runs_html(runs: list[Run], start: int, end: int) -> str:
    out: list[str] = []
    pos = 0
    for run in runs:
        r_start, r_end = pos, pos + len(run.text)
        pos = r_end
        lo, hi = max(start, r_start), min(end, r_end)
        if lo >= hi:
            continue
        text = html.escape(run.text[lo - r_start : hi - r_start], quote=False)
        if run.italic:
            text = f"<i>{text}</i>"
        if run.bold:
            text = f"<b>{text}</b>"
        if run.href:
            text = f'<a href="{html.escape(run.href, quote=True)}">{text}</a>'
        out.append(text)
    return "".join(out)


def render_html(reply: Reply, *, limit: int = MAX_MESSAGE) -> list[str]:
    """The reply as one or more Telegram HTML messages, each within ``limit`` after parsing."""
    runs = reply_runs(reply)
    if reply.locale == "ar":
        runs = _mark_lines(runs)
    plain = "".join(r.text for r in runs)
    messages: list[str] = []
    for start, end in split_plain(plain, limit - 1):  # one unit kept for a continuation's RLM
        text = _runs_html(runs, start, end)
        if reply.locale == "ar" and start > 0 and plain[start - 1] != "\n":
            line_end = plain.find("\n", start)
            if needs_rlm(plain[start : line_end if line_end >= 0 else end]):
                text = RLM + text
        messages.append(text)
    return messages or ["…"]


def render_plain(reply: Reply, *, limit: int = MAX_MESSAGE) -> list[str]:
    """The same split without any markup: the fallback when Telegram refuses our HTML."""
    runs = reply_runs(reply)
    plain = "".join(r.text for r in runs)
    return [plain[s:e] for s, e in split_plain(plain, limit)] or ["…"]
