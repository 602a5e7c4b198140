"""Render a Reply as Discord embeds, inside every Discord limit.

One embed per Section (emoji + title, link, description, fields, footer), coloured by the
Section's ``color`` key (a topic or kind). Text is Markdown-escaped; the emphasis marks
EM_START/EM_END become ``**bold**`` and never leak. What does not fit is split, never cut:
a long description continues in further embeds, a long field value in further fields, more than
25 fields in a further embed, and the embeds are packed into messages of at most 10 embeds and
6000 characters. Single-line parts (titles, field names, footers) are shortened with "…".
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field

import discord

from handlers.core import EM_END, EM_START, Reply, Section

CONTENT_MAX = 2000
TITLE_MAX = 256
DESCRIPTION_MAX = 4096
FIELDS_MAX = 25
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FOOTER_MAX = 2048
MESSAGE_TOTAL_MAX = 6000
EMBEDS_PER_MESSAGE = 10
URL_MAX = 2048
BLANK = "\u200b"  # Discord's accepted "empty" field name
ELLIPSIS = "…"

# Colours for kinds of reply; topic keys without an entry get a stable colour from PALETTE.
COLORS = {
    "error": 0xE74C3C,
    "ok": 0x2ECC71,
    "admin": 0x95A5A6,
    "digest": 0x3498DB,
    "main": 0x1F6FB2,
    "details": 0x5D6D7E,
}
PALETTE = (0x1ABC9C, 0x3498DB, 0x9B59B6, 0xE67E22, 0xF1C40F, 0x16A085, 0x2980B9, 0x8E44AD, 0xD35400, 0x27AE60)
DEFAULT_COLOR = 0x2B6CB0


def color_for(key: str | None, *, error: bool = False) -> int:
    """The embed colour for a Section.color key: named kinds, else a stable pick from the palette."""
    if error:
        return COLORS["error"]
    if not key:
        return DEFAULT_COLOR
    if key in COLORS:
        return COLORS[key]
    return PALETTE[zlib.crc32(key.encode("utf-8")) % len(PALETTE)]


# ------------------------------------------------------------------ inline text


def _balance(text: str) -> str:
    """Drop emphasis marks that do not pair up (and empty pairs), so bold never leaks."""
    out: list[str] = []
    open_at: int | None = None
    for ch in text:
        if ch == EM_START:
            if open_at is None:
                open_at = len(out)
                out.append(ch)
            continue
        if ch == EM_END:
            if open_at is not None:
                if open_at == len(out) - 1:  # empty pair
                    out.pop()
                else:
                    out.append(ch)
                open_at = None
            continue
        out.append(ch)
    if open_at is not None:
        del out[open_at]
    return "".join(out)


def escape(text: str) -> str:
    """Markdown-escaped text; emphasis marks (balanced) are kept for ``_finish``.

    discord.py escapes every line-start ``#``; only ``# `` (with a space) is a heading, so «#12»
    keeps its plain form.
    """
    escaped = discord.utils.escape_markdown(_balance(text or ""))
    return _NOT_HEADING.sub(r"\1", escaped)


_NOT_HEADING = re.compile(r"(?m)^\\(#{1,3})(?![#\s])")


def _cost(s: str) -> int:
    return len(s) + s.count(EM_START) + s.count(EM_END)  # each mark becomes two asterisks


def _finish(chunk: str, open_at_start: bool) -> tuple[str, bool]:
    """Turn marks into ``**``; close bold still open at the end and reopen it where it continues."""
    bold = open_at_start
    parts = ["**"] if bold else []
    for ch in chunk:
        if ch in (EM_START, EM_END):
            bold = ch == EM_START
            parts.append("**")
        else:
            parts.append(ch)
    if bold:
        parts.append("**")
    return "".join(parts).replace("****", ""), bold


def _break_at(s: str, end: int) -> int:
    """Where to cut ``s`` at or before ``end``: a blank line, line end or space in the second half, else ``end``."""
    floor = end // 2
    for sep in ("\n\n", "\n", " "):
        k = s.rfind(sep, floor, end)
        if k > 0:
            return k + len(sep)
    while end > 1 and s[end - 1] == "\\":  # never separate an escape from what it escapes
        end -= 1
    return end


def split_text(text: str, limit: int) -> list[str]:
    """Rendered chunks of ``text`` (escaped, bold), each at most ``limit`` characters."""
    s = escape(text).strip()
    budget = max(8, limit - 4)  # room to close and reopen bold around a cut
    chunks: list[str] = []
    open_bold = False
    while s:
        if _cost(s) + (2 if open_bold else 0) <= limit:
            piece, rest = s, ""
        else:
            end, used = 0, 0
            while end < len(s) and used + 1 + (s[end] in (EM_START, EM_END)) <= budget:
                used += 1 + (s[end] in (EM_START, EM_END))
                end += 1
            end = _break_at(s, end)
            piece, rest = s[:end], s[end:]
        rendered, open_bold = _finish(piece.strip(), open_bold)
        # marks dropped by strip() cannot happen: strip only removes whitespace
        if rendered.strip("* \n"):
            chunks.append(rendered.strip())
        s = rest.lstrip()
    return chunks


def one_line(text: str, limit: int) -> str:
    """Rendered text shortened to ``limit`` with an ellipsis (titles, names, footers)."""
    chunks = split_text(text, limit - 1)
    if not chunks:
        return ""
    if len(chunks) == 1:
        return chunks[0]
    return chunks[0].rstrip("\\") + ELLIPSIS


def plain(text: str) -> str:
    return (text or "").replace(EM_START, "").replace(EM_END, "")


# ------------------------------------------------------------------ embeds


def embed_size(embed: discord.Embed) -> int:
    return len(embed)


@dataclass
class Message:
    """One Discord message: embeds (and content only when there is nothing else)."""

    embeds: list[discord.Embed] = field(default_factory=list)
    content: str | None = None


def section_embeds(section: Section, *, error: bool = False) -> list[discord.Embed]:
    """A Section as one embed, continued in further embeds when it exceeds a limit."""
    colour = color_for(section.color, error=error)
    head = " ".join(x for x in (section.emoji, plain(section.title or "")) if x)
    title = one_line(head, TITLE_MAX) if head else None
    url = section.url if section.url and re.match(r"^https?://\S+$", section.url) and len(section.url) <= URL_MAX else None
    footer = one_line(section.footer, FOOTER_MAX) if section.footer else None
    reserve = len(footer or "")

    embeds = [discord.Embed(title=title or None, url=url if title else None, colour=colour)]
    for i, chunk in enumerate(split_text(section.text, DESCRIPTION_MAX)):
        if i:
            embeds.append(discord.Embed(colour=colour))
        embeds[-1].description = chunk

    for f in section.fields:
        name = one_line(f.name, FIELD_NAME_MAX) or BLANK
        values = split_text(f.value, FIELD_VALUE_MAX) or ["—"]
        for k, value in enumerate(values):
            fname = name if k == 0 else BLANK
            current = embeds[-1]
            if len(current.fields) >= FIELDS_MAX or len(current) + len(fname) + len(value) + reserve > MESSAGE_TOTAL_MAX:
                current = discord.Embed(colour=colour)
                embeds.append(current)
            current.add_field(name=fname, value=value, inline=f.inline and len(values) == 1)
    if footer:
        embeds[-1].set_footer(text=footer)
    return [e for e in embeds if len(e) or e.fields] or [discord.Embed(description="—", colour=colour)]


def render(reply: Reply) -> list[Message]:
    """The messages that show ``reply``: embeds packed ≤10 per message and ≤6000 characters each."""
    embeds: list[discord.Embed] = []
    for section in reply.sections:
        embeds.extend(section_embeds(section, error=reply.error))
    if not embeds:
        return [Message(content="—")]
    messages: list[Message] = [Message()]
    total = 0
    for embed in embeds:
        size = len(embed)
        current = messages[-1]
        if current.embeds and (len(current.embeds) >= EMBEDS_PER_MESSAGE or total + size > MESSAGE_TOTAL_MAX):
            current = Message()
            messages.append(current)
            total = 0
        current.embeds.append(embed)
        total += size
    return messages


def post_title(reply: Reply, limit: int = 100) -> str:
    """A forum post's name (1–100 characters) from the reply's first titled section."""
    for section in reply.sections:
        text = " ".join(x for x in (section.emoji, plain(section.title or "")) if x).strip()
        if text:
            return text if len(text) <= limit else text[: limit - 1].rstrip() + ELLIPSIS
    text = plain(reply.plain_text()).strip().split("\n", 1)[0]
    return (text[: limit - 1] + ELLIPSIS if len(text) > limit else text) or "newsbot"
