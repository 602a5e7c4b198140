"""The platform-free types every adapter and handler share: Request in, Reply out."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.settings import Settings
    from digests.store import Store
    from handlers.i18n import Catalog
    from handlers.registry import CommandRegistry

# Inline emphasis inside Section text/fields; renderers turn the pair into bold (or brackets) and
# never let it leak. Input text never contains these (digests.textnorm.clean removes them).
EM_START = "\ue000"
EM_END = "\ue001"


def em(text: str) -> str:
    """Mark ``text`` for emphasis."""
    return f"{EM_START}{text}{EM_END}"


FILENAME_MAX = 100
_UNSAFE_FILENAME = re.compile(r"[^\w.\- ]+")


def safe_filename(name: str, default: str = "file") -> str:
    """A file name safe to write or upload: no folders (``../``, ``C:\\``), no control or shell
    characters, no leading dot, at most ``FILENAME_MAX`` characters with the extension kept."""
    base = PurePath(name.replace("\\", "/")).name
    base = "".join(ch for ch in unicodedata.normalize("NFC", base) if unicodedata.category(ch)[0] != "C")
    base = _UNSAFE_FILENAME.sub("_", base).strip(" ._")
    if not base:
        return default
    if len(base) > FILENAME_MAX:
        stem, dot, ext = base.rpartition(".")
        ext = ext[:16] if dot and stem else ""
        base = base[: FILENAME_MAX - len(ext) - 1].rstrip(" ._") + ("." + ext if ext else "")
    return base


@dataclass
class Attachment:
    """A file: one a user sent (``Request.attachments``) or one the bot sends (``Reply.attachment``)."""

    filename: str
    data: bytes
    mime_type: str | None = None

    @property
    def safe_name(self) -> str:
        return safe_filename(self.filename)


@dataclass
class Request:
    """One command (or, for admins in private chats, one text) from a chat."""

    platform: str  # console | telegram | discord
    chat_id: str
    user_id: str
    command: str = ""  # without slash; "" for plain text
    args: list[str] = field(default_factory=list)
    text: str = ""  # the raw text after the command (or the whole message for plain text)
    is_admin: bool = False
    chat_type: str = "private"  # private | group | channel
    locale: str = ""  # filled by dispatch when empty
    user_language: str | None = None  # the platform's hint (Telegram language_code)
    thread_id: str | None = None
    user_name: str | None = None
    attachments: list[Attachment] = field(default_factory=list)
    chat_is_admin: bool = False  # the user may manage this chat (subscribe it)
    source: str | None = None  # where loaded text comes from (a forwarded channel's title)

    @property
    def is_private(self) -> bool:
        return self.chat_type == "private"


@dataclass
class Field:
    name: str
    value: str
    inline: bool = False


@dataclass
class Button:
    """A button that runs a command with arguments when pressed."""

    label: str
    command: str
    args: tuple[str, ...] = ()


@dataclass
class Section:
    """A block of a reply; Discord shows it as one embed, text platforms as a paragraph group."""

    title: str | None = None
    text: str = ""
    fields: list[Field] = field(default_factory=list)
    emoji: str | None = None
    url: str | None = None
    footer: str | None = None
    color: str | None = None  # a topic or kind key; the renderer picks a colour


@dataclass
class Reply:
    """What a handler answers, free of any platform's markup."""

    sections: list[Section] = field(default_factory=list)
    buttons: list[list[Button]] = field(default_factory=list)
    locale: str = "ar"
    error: bool = False
    ephemeral: bool = False
    data: dict[str, Any] = field(default_factory=dict)
    # a file sent with the reply (after its text): a document on Telegram, an upload on Discord,
    # a file in the data folder on the console
    attachment: Attachment | None = None

    @classmethod
    def message(cls, text: str, *, locale: str = "ar", error: bool = False, title: str | None = None) -> Reply:
        return cls(sections=[Section(title=title, text=text)], locale=locale, error=error)

    def plain_text(self) -> str:
        """All text of the reply with emphasis marks removed (for logs and tests)."""
        parts: list[str] = []
        for s in self.sections:
            head = " ".join(x for x in (s.emoji, s.title) if x)
            if head:
                parts.append(head)
            if s.text:
                parts.append(s.text)
            parts.extend(f"{f.name}: {f.value}" for f in s.fields)
            if s.footer:
                parts.append(s.footer)
        return "\n".join(parts).replace(EM_START, "").replace(EM_END, "")


@dataclass
class Context:
    """What handlers may use: the store, settings, catalogue, registry and optional services."""

    store: Store
    settings: Settings
    catalog: Catalog
    registry: CommandRegistry
    services: dict[str, Any] = field(default_factory=dict)

    def t(self, req: Request | str, key: str, **params: Any) -> str:
        locale = req if isinstance(req, str) else req.locale
        return self.catalog.get(locale or self.settings.default_language, key, **params)
