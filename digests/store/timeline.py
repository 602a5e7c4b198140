"""Event and figure rows, written with the article."""

from __future__ import annotations

import json

import aiosqlite

from digests.model import Event, Figure


async def save(db: aiosqlite.Connection, article_id: int, events: list[Event], figures: list[Figure]) -> None:
    await db.executemany(
        "INSERT INTO events (article_id, start, end, precision, text, event, paragraphs, actors, relative) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                article_id,
                e.start,
                e.end,
                e.precision,
                e.text,
                e.event,
                json.dumps(e.paragraphs),
                json.dumps(e.actors, ensure_ascii=False),
                int(e.relative),
            )
            for e in events
        ],
    )
    await db.executemany(
        "INSERT INTO figures (article_id, value, what, qualifier, text, paragraph) VALUES (?, ?, ?, ?, ?, ?)",
        [(article_id, f.value, f.what, f.qualifier, f.text, f.paragraph) for f in figures],
    )
