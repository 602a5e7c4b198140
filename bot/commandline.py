"""Parsing chat text into a command and its arguments, the same way on every platform."""

from __future__ import annotations

import re

MAX_ARGS = 50
MAX_TEXT = 4000
_COMMAND = re.compile(r"^/([A-Za-z0-9_\u0600-\u06ff]{1,64})(?:@([A-Za-z0-9_]{1,64}))?(?:\s+|$)", re.S)


def parse_command(text: str, bot_username: str | None = None) -> tuple[str, list[str], str] | None:
    """``/cmd@bot a b`` → ("cmd", ["a", "b"], "a b"); None when text is not a command or names another bot."""
    text = text.strip()
    m = _COMMAND.match(text)
    if not m:
        return None
    if m.group(2) and bot_username and m.group(2).lower() != bot_username.lower():
        return None
    rest = text[m.end() :].strip()[:MAX_TEXT]
    return m.group(1).lower(), rest.split()[:MAX_ARGS], rest
