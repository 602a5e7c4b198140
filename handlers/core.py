"""The platform-free types every adapter and handler share: Request in, Reply out."""

from __future__ import annotations

from dataclasses import dataclass, field
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


@dataclass
class Attachment:
    """A file a user sent: its name, bytes and declared type."""

    filename: str
    data: bytes
    mime_type: str | None = None


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
