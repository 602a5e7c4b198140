"""Per-chat settings: the language chosen with /lang."""

from __future__ import annotations

import aiosqlite


async def get_language(db: aiosqlite.Connection, platform: str, chat_id: str) -> str | None:
    async with db.execute("SELECT lang FROM chats WHERE platform = ? AND chat_id = ?", (platform, chat_id)) as cur:
        row = await cur.fetchone()
    return row[0] if row else None


async def set_language(db: aiosqlite.Connection, platform: str, chat_id: str, lang: str) -> None:
    await db.execute(
        "INSERT INTO chats (platform, chat_id, lang) VALUES (?, ?, ?) "
        "ON CONFLICT (platform, chat_id) DO UPDATE SET lang = excluded.lang",
        (platform, chat_id, lang),
    )
