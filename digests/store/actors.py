"""Actor rows: actors merged across articles by normalised name, and their mentions per article."""

from __future__ import annotations

import json

import aiosqlite

from digests.model import Actor
from digests.textnorm import phrase_key


async def save(db: aiosqlite.Connection, article_id: int, actors: list[Actor]) -> None:
    for actor in actors:
        key = phrase_key(actor.name_en or actor.name) or phrase_key(actor.name)
        if not key:
            continue
        async with db.execute("SELECT id FROM actors WHERE key = ?", (key,)) as cur:
            row = await cur.fetchone()
        if row:
            actor_id = int(row[0])
        else:
            cur = await db.execute(
                "INSERT INTO actors (key, name, name_en, kind) VALUES (?, ?, ?, ?)",
                (key, actor.name, actor.name_en, actor.kind),
            )
            actor_id = int(cur.lastrowid)
        for alias in {actor.name, *(actor.aliases or []), *([actor.name_en] if actor.name_en else [])}:
            alias_key = phrase_key(alias)
            if alias_key:
                await db.execute(
                    "INSERT OR IGNORE INTO actor_aliases (alias_key, actor_id) VALUES (?, ?)", (alias_key, actor_id)
                )
        await db.execute(
            "INSERT OR REPLACE INTO actor_mentions (article_id, actor_id, name, role, aliases, mentions, paragraphs, quotes) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                article_id,
                actor_id,
                actor.name,
                actor.role,
                json.dumps(actor.aliases, ensure_ascii=False),
                actor.mentions,
                json.dumps(actor.paragraphs),
                json.dumps(actor.quotes, ensure_ascii=False),
            ),
        )
