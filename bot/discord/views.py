"""Reply buttons as ``discord.ui.View`` buttons, and the custom_id that carries command and arguments.

A button's custom_id is ``nb1|<row><col>|<command>|<arg>|<arg>…`` (``nb1`` is the format version;
row and column keep ids unique within a message). Decoding validates everything, so a forged or
outdated id is refused instead of run. Buttons whose id would exceed Discord's 100 characters (long
search words) get ``nb1~<row><col>~<key>`` pointing at a bounded in-memory table; such a button goes
stale when the bot restarts. Ordinary ids keep working after a restart: the client runs them even
when no live view holds the message. Views time out by removing their buttons from the message.
"""

from __future__ import annotations

import logging
import re
import secrets
from collections import OrderedDict
from collections.abc import Awaitable, Callable

import discord

from handlers.core import Button

log = logging.getLogger(__name__)

VERSION = "nb1"
CUSTOM_ID_MAX = 100
LABEL_MAX = 80
ROWS_MAX = 5
BUTTONS_PER_ROW = 5
MAX_ARGS = 10
ARG_MAX = 200
_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")
_OVERFLOW_KEEP = 2000

_overflow: OrderedDict[str, tuple[str, tuple[str, ...]]] = OrderedDict()


class BadCustomId(ValueError):
    """A custom_id that is not ours, malformed, or no longer known."""


def encode(button: Button, row: int = 0, col: int = 0) -> str:
    """The custom_id for ``button`` at (row, col); always at most 100 characters."""
    pos = f"{row % 10}{col % 10}"
    args = tuple(str(a) for a in button.args)
    simple = all("|" not in a and a for a in args) and len(args) <= MAX_ARGS
    if simple:
        custom_id = "|".join((VERSION, pos, button.command, *args))
        if len(custom_id) <= CUSTOM_ID_MAX:
            return custom_id
    key = secrets.token_urlsafe(12)
    _overflow[key] = (button.command, args)
    while len(_overflow) > _OVERFLOW_KEEP:
        _overflow.popitem(last=False)
    return f"{VERSION}~{pos}~{key}"


def is_ours(custom_id: str) -> bool:
    return custom_id.startswith((f"{VERSION}|", f"{VERSION}~"))


def decode(custom_id: str) -> tuple[str, list[str]]:
    """(command, args) from a custom_id; raises BadCustomId when it is not valid."""
    if not isinstance(custom_id, str) or len(custom_id) > CUSTOM_ID_MAX:
        raise BadCustomId("not a custom id")
    if custom_id.startswith(f"{VERSION}~"):
        parts = custom_id.split("~")
        if len(parts) != 3 or not re.fullmatch(r"\d\d", parts[1]) or parts[2] not in _overflow:
            raise BadCustomId("unknown button")
        command, args = _overflow[parts[2]]
        return command, list(args)
    parts = custom_id.split("|")
    if len(parts) < 3 or parts[0] != VERSION or not re.fullmatch(r"\d\d", parts[1]):
        raise BadCustomId("not ours or an old version")
    command, args = parts[2], parts[3:]
    if not _COMMAND.match(command) or len(args) > MAX_ARGS or any(not a or len(a) > ARG_MAX for a in args):
        raise BadCustomId("malformed")
    return command, args


def label(text: str) -> str:
    text = (text or "").strip() or "•"
    return text if len(text) <= LABEL_MAX else text[: LABEL_MAX - 1] + "…"


ButtonHandler = Callable[[discord.Interaction, str], Awaitable[None]]


class ReplyView(discord.ui.View):
    """The buttons of one message; pressing one runs its command; on timeout the buttons go away."""

    def __init__(self, rows: list[list[Button]], on_press: ButtonHandler, *, timeout: float) -> None:
        super().__init__(timeout=timeout)
        self.remove_buttons: Callable[[], Awaitable[object]] | None = None
        self.message_id: int | None = None
        self.on_gone: Callable[[ReplyView], None] | None = None
        self.source: str | None = None  # the command whose reply carries these buttons
        for r, row in enumerate(rows[:ROWS_MAX]):
            for c, button in enumerate(row[:BUTTONS_PER_ROW]):
                item: discord.ui.Button[ReplyView] = discord.ui.Button(
                    label=label(button.label), custom_id=encode(button, r, c), style=discord.ButtonStyle.secondary, row=r
                )
                item.callback = self._callback(item, on_press)  # type: ignore[method-assign]
                self.add_item(item)

    @staticmethod
    def _callback(item: discord.ui.Button, on_press: ButtonHandler) -> Callable[[discord.Interaction], Awaitable[None]]:
        async def pressed(interaction: discord.Interaction) -> None:
            await on_press(interaction, item.custom_id or "")

        return pressed

    def attach(self, message_id: int | None, remove: Callable[[], Awaitable[object]]) -> None:
        self.message_id = message_id
        self.remove_buttons = remove

    async def on_timeout(self) -> None:
        if self.on_gone is not None:
            self.on_gone(self)
        if self.remove_buttons is None:
            return
        try:
            await self.remove_buttons()
        except discord.HTTPException as exc:  # message deleted or token expired: nothing to clean
            log.debug("could not remove timed-out buttons: %s", exc)

    async def on_error(self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item) -> None:
        log.error("button %s failed", getattr(item, "custom_id", "?"), exc_info=error)
