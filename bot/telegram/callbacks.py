"""Inline keyboard buttons and their callback data: versioned, signed, at most 64 bytes.

A button runs a command with arguments. Its callback data is ``1|<flags>|<command>|<args>|<sig>``
when that fits in Telegram's 64 bytes, else ``1#<key>#<sig>`` with the command kept in a bounded
in-memory table (so it goes stale on restart or eviction, and the user is told so politely).
``sig`` is an HMAC of the rest under a key derived from the bot token, so forged data is refused.
``flags`` ``e`` means "edit the message the button sits on" (paging within the same command).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import re
from collections import OrderedDict
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from handlers.core import Button

VERSION = "1"
MAX_DATA = 64
MAX_LABEL = 64
_NAME = re.compile(r"^[a-z0-9_]{1,32}$")


@dataclass(frozen=True)
class Action:
    """A decoded button: the command to run, its arguments, and whether to edit in place."""

    command: str
    args: tuple[str, ...]
    edit: bool = False


class StaleButton(Exception):
    """Callback data that is old, unknown or forged."""


class CallbackCodec:
    def __init__(self, secret: bytes, *, table_size: int = 5000) -> None:
        self._key = hashlib.sha256(b"newsbot-callback:" + secret).digest()
        self._table: OrderedDict[str, Action] = OrderedDict()
        self._table_size = table_size
        self._ids = itertools.count(1)
        # a per-process prefix keeps keys from an earlier run from matching this run's table
        self._run = base64.urlsafe_b64encode(hashlib.sha256(self._key + str(id(self)).encode()).digest()[:3]).decode()

    def _sign(self, payload: str) -> str:
        mac = hmac.new(self._key, payload.encode("utf-8"), hashlib.sha256).digest()[:6]
        return base64.urlsafe_b64encode(mac).decode()

    def encode(self, button: Button, *, edit: bool = False) -> str:
        args = tuple(str(a) for a in button.args)
        flags = "e" if edit else "-"
        joined = " ".join(args)
        if all(a and " " not in a and "|" not in a for a in args) and "|" not in button.command:
            payload = f"{VERSION}|{flags}|{button.command}|{joined}"
            data = f"{payload}|{self._sign(payload)}"
            if len(data.encode("utf-8")) <= MAX_DATA:
                return data
        key = f"{self._run}{next(self._ids):x}"
        self._table[key] = Action(button.command, args, edit)
        while len(self._table) > self._table_size:
            self._table.popitem(last=False)
        payload = f"{VERSION}#{key}"
        return f"{payload}#{self._sign(payload)}"

    def decode(self, data: str | None) -> Action:
        if not data or len(data.encode("utf-8")) > MAX_DATA:
            raise StaleButton("empty or oversized callback data")
        if data.startswith(f"{VERSION}#"):
            payload, _, sig = data.rpartition("#")
            if not hmac.compare_digest(sig, self._sign(payload)):
                raise StaleButton("bad signature")
            action = self._table.get(payload[len(VERSION) + 1 :])
            if action is None:
                raise StaleButton("unknown key")
            return action
        if data.startswith(f"{VERSION}|"):
            payload, _, sig = data.rpartition("|")
            if not hmac.compare_digest(sig, self._sign(payload)):
                raise StaleButton("bad signature")
            parts = payload.split("|")
            if len(parts) != 4 or parts[1] not in ("e", "-") or not _NAME.match(parts[2]):
                raise StaleButton("malformed")
            return Action(parts[2], tuple(parts[3].split()) if parts[3] else (), parts[1] == "e")
        raise StaleButton("unknown version")

    def keyboard(self, rows: list[list[Button]], *, origin: str | None = None) -> InlineKeyboardMarkup | None:
        """The inline keyboard for a reply; buttons running ``origin`` again edit in place."""
        keyboard = []
        for row in rows:
            buttons = [
                InlineKeyboardButton(
                    (b.label or "·")[:MAX_LABEL], callback_data=self.encode(b, edit=origin is not None and b.command == origin)
                )
                for b in row
            ]
            if buttons:
                keyboard.append(buttons)
        return InlineKeyboardMarkup(keyboard) if keyboard else None
