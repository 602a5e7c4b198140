"""Telegram updates already answered, per chat, so an update delivered again is not answered twice.

Telegram counts an update as received only when the next ``getUpdates`` asks for a higher offset
(or, with a webhook, when the request is answered). A bot killed after answering an update but
before that is given the same update again when it restarts. Updates of one chat are handled one
at a time, in order (``ChatOrderedProcessor``), so the highest update id handled in a chat is a
watermark: anything at or below it was answered. It is kept in the chat's row of the ``chats``
table (``settings`` JSON, key ``telegram_update_<bot id>`` = ``{"update": id, "at": unix time}``;
no schema change), written right after the update has been handled.

Update ids are per bot (hence the bot id in the key) and restart at a random number after a week
without updates, so a watermark older than ``TRUST_SECONDS`` (48 h; Telegram keeps an unconfirmed
update for 24 h) is ignored. What remains: a kill in the few milliseconds between sending the
answer and writing the watermark still repeats that one answer.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict

from digests.store import Store

log = logging.getLogger(__name__)

PLATFORM = "telegram"
TRUST_SECONDS = 48 * 3600
CACHE_CHATS = 10_000


class UpdateJournal:
    """The per-chat watermark of handled update ids, read through an in-memory cache."""

    def __init__(self, store: Store, bot_id: int | None = None) -> None:
        self.store = store
        self.bot_id = bot_id
        self._last: OrderedDict[int, tuple[int, float]] = OrderedDict()
        self._failed_write = False

    @property
    def _path(self) -> str:
        return f"$.telegram_update_{int(self.bot_id or 0)}"

    async def _watermark(self, chat_id: int) -> tuple[int, float]:
        cached = self._last.get(chat_id)
        if cached is not None:
            self._last.move_to_end(chat_id)
            return cached
        row = await self.store.fetchone(
            "SELECT json_extract(settings, ? || '.update') AS u, json_extract(settings, ? || '.at') AS at "
            "FROM chats WHERE platform = ? AND chat_id = ? AND json_valid(settings)",
            (self._path, self._path, PLATFORM, str(chat_id)),
        )
        value = (int(row["u"]), float(row["at"] or 0)) if row is not None and row["u"] is not None else (-1, 0.0)
        self._remember(chat_id, value)
        return value

    def _remember(self, chat_id: int, value: tuple[int, float]) -> None:
        self._last[chat_id] = value
        self._last.move_to_end(chat_id)
        while len(self._last) > CACHE_CHATS:
            self._last.popitem(last=False)

    async def handled(self, chat_id: int, update_id: int) -> bool:
        """True when this chat already had ``update_id`` (or a later update) handled, recently."""
        try:
            last, at = await self._watermark(chat_id)
        except Exception as exc:  # a read problem must never cost an answer
            log.warning("could not read the update watermark of chat %s: %s", chat_id, exc)
            return False
        return update_id <= last and time.time() - at <= TRUST_SECONDS

    async def done(self, chat_id: int, update_id: int) -> None:
        """Record that ``update_id`` was handled in ``chat_id``."""
        now = time.time()
        try:
            async with self.store.transaction() as db:
                await db.execute(
                    "INSERT INTO chats (platform, chat_id, settings) VALUES (?, ?, json_set('{}', ?, json_object('update', ?, 'at', ?))) "
                    "ON CONFLICT (platform, chat_id) DO UPDATE SET settings = json_set("
                    "CASE WHEN json_valid(chats.settings) THEN chats.settings ELSE '{}' END, ?, json_object('update', "
                    "max(?, coalesce(CASE WHEN json_valid(chats.settings) THEN json_extract(chats.settings, ? || '.update') END, -1)), "
                    "'at', ?))",
                    (PLATFORM, str(chat_id), self._path, update_id, now, self._path, update_id, self._path, now),
                )
        except Exception as exc:  # a full disk must not stop the answers; the next write tries again
            if not self._failed_write:
                log.warning("could not record handled telegram updates (%s); a restart may answer some twice", exc)
            self._failed_write = True
            return
        self._failed_write = False
        last, _ = self._last.get(chat_id, (-1, 0.0))
        self._remember(chat_id, (max(last, update_id), now))
