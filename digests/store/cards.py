"""Card rows: written with the article, read back by /cards, /card and digests."""

from __future__ import annotations

import json

import aiosqlite

from digests.model import Card


async def save(db: aiosqlite.Connection, article_id: int, cards: list[Card]) -> None:
    await db.executemany(
        "INSERT INTO cards (article_id, position, key, topic, title, title_en, emoji, paragraphs, summary) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (article_id, i, c.key, c.topic, c.title, c.title_en, c.emoji, json.dumps(c.paragraphs), c.summary)
            for i, c in enumerate(cards)
        ],
    )


def _card(r: aiosqlite.Row) -> Card:
    return Card(
        key=r["key"],
        title=r["title"],
        title_en=r["title_en"],
        emoji=r["emoji"],
        paragraphs=json.loads(r["paragraphs"]),
        summary=r["summary"],
        topic=r["topic"],
    )


async def for_article(db: aiosqlite.Connection, article_id: int) -> list[Card]:
    async with db.execute(
        "SELECT key, topic, title, title_en, emoji, paragraphs, summary FROM cards "
        "WHERE article_id = ? ORDER BY position",
        (article_id,),
    ) as cur:
        rows = await cur.fetchall()
    return [
        _card(r) for r in rows
    ]


async def for_articles(db: aiosqlite.Connection, article_ids: list[int]) -> dict[int, list[Card]]:
    """Cards of several articles at once (for digests): article id → its cards in order."""
    out: dict[int, list[Card]] = {i: [] for i in article_ids}
    if not article_ids:
        return out
    marks = ",".join("?" * len(article_ids))
    async with db.execute(
        f"SELECT article_id, key, topic, title, title_en, emoji, paragraphs, summary FROM cards "
        f"WHERE article_id IN ({marks}) ORDER BY article_id, position",
        tuple(article_ids),
    ) as cur:
        rows = await cur.fetchall()
    for r in rows:
        out[r["article_id"]].append(_card(r))
    return out
