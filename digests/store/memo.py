"""A small cache for expensive read-only queries, valid until anything is written to the database.

The version of an answer is SQLite's ``data_version`` (it moves when another connection commits)
with this connection's ``total_changes`` (it moves with every row this process writes), so a cached
answer is never stale. Keep it for small answers that many users ask for between writes (the
/actors ranking): entries are per connection and per name and arguments, and few.
"""

from __future__ import annotations

import weakref
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, TypeVar

import aiosqlite

T = TypeVar("T")
MAX_ENTRIES = 16

_entries: weakref.WeakKeyDictionary[aiosqlite.Connection, dict[Hashable, tuple[tuple[int, int], Any]]] = (
    weakref.WeakKeyDictionary()
)


async def version(db: aiosqlite.Connection) -> tuple[int, int]:
    async with db.execute("PRAGMA data_version") as cur:
        row = await cur.fetchone()
    return int(row[0]), db.total_changes


async def cached(db: aiosqlite.Connection, key: Hashable, compute: Callable[[], Awaitable[T]]) -> T:
    """``compute()``'s answer, reused while the database has not changed."""
    now = await version(db)
    entries = _entries.setdefault(db, {})
    hit = entries.get(key)
    if hit is not None and hit[0] == now:
        return hit[1]
    value = await compute()
    if len(entries) >= MAX_ENTRIES:
        entries.clear()
    entries[key] = (now, value)  # a write during compute() moved the version: recomputed next time
    return value


def forget(db: aiosqlite.Connection) -> None:
    """Drop this connection's cached answers (benchmarks time the uncached path with it)."""
    _entries.pop(db, None)
