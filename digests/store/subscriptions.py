"""Subscription rows: which chat gets a daily digest, when, in which timezone, with which filters."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import aiosqlite

from digests.store import Store, now_iso

STATIC_SUBSCRIPTIONS = Path(__file__).resolve().parent.parent.parent / "config" / "subscriptions.toml"


async def get(store: Store, platform: str, chat_id: str, thread_id: str | None = None) -> aiosqlite.Row | None:
    return await store.fetchone(
        "SELECT * FROM subscriptions WHERE platform = ? AND chat_id = ? AND coalesce(thread_id, '') = ?",
        (platform, str(chat_id), thread_id or ""),
    )


async def by_id(store: Store, sub_id: int) -> aiosqlite.Row | None:
    return await store.fetchone("SELECT * FROM subscriptions WHERE id = ?", (sub_id,))


async def subscribe(
    store: Store,
    platform: str,
    chat_id: str,
    *,
    time: str,
    timezone: str,
    filters: dict[str, Any] | None = None,
    thread_id: str | None = None,
    created_by: str | None = None,
) -> int:
    """Create or update (and re-activate) the chat's subscription; returns its id."""
    existing = await get(store, platform, chat_id, thread_id)
    data = json.dumps(filters or {}, ensure_ascii=False, sort_keys=True)
    async with store.transaction() as db:
        if existing is not None:
            await db.execute(
                "UPDATE subscriptions SET time = ?, timezone = ?, filters = ?, active = 1 WHERE id = ?",
                (time, timezone, data, existing["id"]),
            )
            return int(existing["id"])
        cur = await db.execute(
            "INSERT INTO subscriptions (platform, chat_id, thread_id, time, timezone, filters, created_by, created) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (platform, str(chat_id), thread_id, time, timezone, data, created_by, now_iso()),
        )
        return int(cur.lastrowid)


async def unsubscribe(store: Store, platform: str, chat_id: str, thread_id: str | None = None) -> bool:
    existing = await get(store, platform, chat_id, thread_id)
    if existing is None or not existing["active"]:
        return False
    await deactivate(store, int(existing["id"]))
    return True


async def deactivate(store: Store, sub_id: int) -> None:
    async with store.transaction() as db:
        await db.execute("UPDATE subscriptions SET active = 0 WHERE id = ?", (sub_id,))


async def active(store: Store) -> list[aiosqlite.Row]:
    return await store.fetchall("SELECT * FROM subscriptions WHERE active = 1 ORDER BY id")


async def slots(store: Store) -> list[tuple[str, str]]:
    """Distinct (HH:MM, timezone) of active subscriptions: one scheduler job each."""
    rows = await store.fetchall("SELECT DISTINCT time, timezone FROM subscriptions WHERE active = 1 ORDER BY timezone, time")
    return [(r["time"], r["timezone"]) for r in rows]


async def in_slot(store: Store, time: str, timezone: str) -> list[aiosqlite.Row]:
    return await store.fetchall(
        "SELECT * FROM subscriptions WHERE active = 1 AND time = ? AND timezone = ? ORDER BY id", (time, timezone)
    )


def filters_of(row: aiosqlite.Row) -> dict[str, Any]:
    try:
        data = json.loads(row["filters"] or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


async def sync_static(store: Store, default_time: str, default_tz: str, path: Path = STATIC_SUBSCRIPTIONS) -> int:
    """Subscriptions listed in ``config/subscriptions.toml`` (``[[subscription]] platform, chat_id,
    time, timezone, filters``); existing rows are left as they are. Returns how many were added."""
    if not path.is_file():
        return 0
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    added = 0
    for item in data.get("subscription", []):
        if not isinstance(item, dict) or not item.get("platform") or not item.get("chat_id"):
            continue
        if await get(store, item["platform"], str(item["chat_id"]), item.get("thread_id")) is not None:
            continue
        await subscribe(
            store,
            item["platform"],
            str(item["chat_id"]),
            time=item.get("time", default_time),
            timezone=item.get("timezone", default_tz),
            filters=item.get("filters") or {},
            thread_id=item.get("thread_id"),
            created_by="config",
        )
        added += 1
    return added
