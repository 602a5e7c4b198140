"""How the core sends a Reply to a chat without knowing the platform.

Each running adapter puts a ``Sender`` into ``app.services["senders"][platform]``; the digest
broadcaster and /publish use it. Senders raise ``ChatGone`` when the chat can no longer be
reached (blocked, not found, kicked, permission lost: the subscription goes inactive) and
``SendFailed`` for anything worth retrying later — with ``unreachable=True`` when the platform
itself could not be reached (connection refused or reset, timeout, HTTP 5xx): that says nothing
about the chat, so the broadcaster holds the platform's deliveries back with a backoff instead of
spending the chat's attempts.
"""

from __future__ import annotations

from typing import Protocol

from handlers.core import Reply


class ChatGone(Exception):
    """The chat is gone for good (blocked, deleted, bot removed, permission lost)."""


class SendFailed(Exception):
    """Sending failed for now; ``retry_after`` seconds is a hint when the platform gave one;
    ``unreachable`` when the platform, not the chat, is the problem (network error, 5xx)."""

    def __init__(self, message: str, retry_after: float | None = None, *, unreachable: bool = False) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.unreachable = unreachable


class Sender(Protocol):
    async def __call__(self, chat_id: str, thread_id: str | None, reply: Reply) -> None: ...
