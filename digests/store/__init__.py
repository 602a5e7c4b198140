"""The SQLite store: one aiosqlite connection in WAL mode, versioned migrations, whole-article writes.

Feature queries live beside this module (``digests.store.cards``, ``.actors``, ``.timeline``,
``.search``, ``.chats``); this module owns the connection, migrations and the article write path.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import aiosqlite

from digests.model import Analysis, Article

log = logging.getLogger(__name__)


class StoreError(Exception):
    """A problem with the database that the user must fix; the message says what."""


class StoreWriteError(StoreError):
    """A write the database refused (disk full, read-only, I/O error); ``key`` names the catalogue message.

    Reads still work, and nothing is remembered: the next write simply tries again.
    """

    def __init__(self, message: str, key: str) -> None:
        super().__init__(message)
        self.key = key


_WRITE_PROBLEMS = {"SQLITE_FULL": "store.full", "SQLITE_READONLY": "store.read_only", "SQLITE_IOERR": "store.io_error"}


def write_error(exc: BaseException, path: str) -> StoreWriteError | None:
    """A StoreWriteError for disk-full, read-only and I/O errors; None for anything else."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    for prefix, key in _WRITE_PROBLEMS.items():
        if isinstance(exc, sqlite3.OperationalError) and name.startswith(prefix):
            return StoreWriteError(f"cannot write to the database {path}: {exc} ({name})", key)
    return None


@dataclass
class SaveResult:
    """Outcome of storing an article: its id, or the id of the copy already stored."""

    article_id: int
    duplicate: bool


def _migrations() -> list[tuple[int, str, str]]:
    folder = resources.files("digests") / "migrations"
    found = []
    for entry in folder.iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:4].isdigit():
            found.append((int(name[:4]), name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def latest_schema_version() -> int:
    return max(v for v, _, _ in _migrations())


def _name_skeletons_json(name: str | None) -> str:
    from digests.translit import name_skeletons

    return json.dumps(name_skeletons(name) if name else [])


def _event_keys(event: str | None, text: str | None, actors: str | None) -> str:
    from digests.store.timeline import match_keys

    return match_keys(event or "", text or "", json.loads(actors or "[]"))


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def dt_iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).replace(microsecond=0).isoformat()


def parse_dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


class Store:
    """An open database. Create with ``await Store.open(path)``; close with ``await store.close()``."""

    def __init__(self, db: aiosqlite.Connection, path: str) -> None:
        self.db = db
        self.path = path
        self.read_only = False
        # One connection is shared by every task: transactions must not interleave.
        self._tx_lock = asyncio.Lock()

    # ------------------------------------------------------------ opening and migrations

    @classmethod
    async def open(cls, path: str | Path, *, migrate: bool = True) -> Store:
        path = str(path)
        if path != ":memory:":
            parent = Path(path).expanduser().resolve().parent
            try:
                parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create the database folder {parent}: {exc.strerror}") from None
        try:
            db = await aiosqlite.connect(path, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the database {path}: {exc}") from None
        db.row_factory = aiosqlite.Row
        store = cls(db, path)
        try:
            await store._configure()
            if migrate:
                await store.migrate()
        except sqlite3.DatabaseError as exc:
            await db.close()
            raise StoreError(f"the database {path} is unreadable or corrupt ({exc}); restore it from a backup or move it away") from None
        except StoreError:
            await db.close()
            raise
        return store

    async def _configure(self) -> None:
        await self.db.execute("PRAGMA busy_timeout = 5000")
        # Used by migration 0075 to fill the cross-script name keys of stored people.
        await self.db.create_function("newsbot_name_skeletons", 1, _name_skeletons_json, deterministic=True)
        # Used by migration 0076 and by timeline.save: the match keys of an event (event_keys).
        await self.db.create_function("newsbot_event_keys", 3, _event_keys, deterministic=True)
        row = await (await self.db.execute("PRAGMA journal_mode = WAL")).fetchone()
        if row and str(row[0]).lower() != "wal" and self.path != ":memory:":
            log.warning("journal mode is %s, not WAL", row[0])
        await self.db.execute("PRAGMA foreign_keys = ON")
        await self.db.execute("PRAGMA synchronous = NORMAL")
        # Force a read so that a corrupt or non-database file fails here.
        await (await self.db.execute("SELECT count(*) FROM sqlite_master")).fetchone()

    async def schema_version(self) -> int:
        await self.db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        row = await (await self.db.execute("SELECT max(version) FROM schema_version")).fetchone()
        return int(row[0] or 0)

    async def migrate(self, target: int | None = None) -> int:
        """Apply every migration newer than the database, each in its own transaction."""
        current = await self.schema_version()
        newest = latest_schema_version()
        if current > newest:
            raise StoreError(
                f"the database {self.path} has schema version {current}, newer than this newsbot "
                f"understands ({newest}); upgrade newsbot or use another database"
            )
        for version, name, sql in _migrations():
            if version <= current or (target is not None and version > target):
                continue
            log.info("applying migration %s", name)
            try:
                await self.db.executescript(
                    f"BEGIN IMMEDIATE;\n{sql}\nINSERT INTO schema_version(version) VALUES ({version});\nCOMMIT;"
                )
            except sqlite3.Error:
                if self.db.in_transaction:
                    await self.db.execute("ROLLBACK")
                raise
            current = version
        return current

    async def close(self) -> None:
        await self.db.close()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any exception; one transaction at a time."""
        async with self._tx_lock:
            try:
                await self.db.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                problem = write_error(exc, self.path)
                if problem:
                    raise problem from exc
                raise
            try:
                yield self.db
            except BaseException as exc:
                # SQLite may already have rolled back (disk full): a second ROLLBACK would hide why.
                if self.db.in_transaction:
                    await self.db.execute("ROLLBACK")
                problem = write_error(exc, self.path)
                if problem:
                    raise problem from exc
                raise
            else:
                try:
                    await self.db.execute("COMMIT")
                except sqlite3.OperationalError as exc:
                    if self.db.in_transaction:
                        await self.db.execute("ROLLBACK")
                    problem = write_error(exc, self.path)
                    if problem:
                        raise problem from exc
                    raise

    async def fetchall(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> list[aiosqlite.Row]:
        async with self.db.execute(sql, params) as cur:
            return list(await cur.fetchall())

    async def fetchone(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> aiosqlite.Row | None:
        async with self.db.execute(sql, params) as cur:
            return await cur.fetchone()

    # ------------------------------------------------------------ articles

    async def find_duplicate(self, article: Article) -> int | None:
        """The id of a stored copy: same guid, same URL, or same normalised content."""
        row = await self.fetchone(
            "SELECT id FROM articles WHERE content_hash = ? OR (guid IS NOT NULL AND guid = ?) "
            "OR (url IS NOT NULL AND url = ?) LIMIT 1",
            (article.content_hash, article.guid, article.url),
        )
        return int(row["id"]) if row else None

    async def save_article(self, article: Article, analysis: Analysis, *, status: str = "published") -> SaveResult:
        """Store the article and its whole analysis in one transaction, unless a copy exists."""
        from digests.store import actors as actor_rows
        from digests.store import cards as card_rows
        from digests.store import search as search_rows
        from digests.store import timeline as timeline_rows

        existing = await self.find_duplicate(article)
        if existing is not None:
            return SaveResult(existing, True)
        async with self.transaction() as db:
            cur = await db.execute(
                "INSERT INTO articles (feed_id, source, url, guid, title, language, published, fetched, "
                "content_hash, paragraphs, dateline, subheadings, flags, status) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    article.feed_id,
                    article.source,
                    article.url,
                    article.guid,
                    analysis.title or article.title,
                    analysis.language,
                    dt_iso(article.published),
                    dt_iso(article.fetched) or now_iso(),
                    article.content_hash,
                    json.dumps(analysis.paragraphs, ensure_ascii=False),
                    json.dumps(analysis.dateline.__dict__, ensure_ascii=False) if analysis.dateline else None,
                    json.dumps(analysis.subheadings),
                    json.dumps(sorted(set(article.flags) | set(analysis.flags))),
                    status,
                ),
            )
            article_id = int(cur.lastrowid)
            await card_rows.save(db, article_id, analysis.cards)
            await actor_rows.save(db, article_id, analysis.actors)
            await timeline_rows.save(db, article_id, analysis.timeline, analysis.figures)
            await search_rows.index_article(db, article_id, analysis)
        article.id = article_id
        return SaveResult(article_id, False)

    async def delete_article(self, article_id: int) -> bool:
        async with self.transaction() as db:
            cur = await db.execute("DELETE FROM articles WHERE id = ?", (article_id,))
            await db.execute("DELETE FROM article_fts WHERE rowid = ?", (article_id,))
            return cur.rowcount > 0

    async def set_status(self, article_id: int, status: str) -> None:
        async with self.transaction() as db:
            await db.execute("UPDATE articles SET status = ? WHERE id = ?", (status, article_id))

    async def get_article(self, article_id: int) -> aiosqlite.Row | None:
        return await self.fetchone("SELECT * FROM articles WHERE id = ?", (article_id,))

    async def latest_articles(self, limit: int, *, include_drafts: bool = False) -> list[aiosqlite.Row]:
        status = "" if include_drafts else "WHERE status = 'published'"
        return await self.fetchall(
            f"SELECT id, title, source, url, language, published, fetched FROM articles {status} "
            "ORDER BY coalesce(published, fetched) DESC, id DESC LIMIT ?",
            (limit,),
        )

    async def newest_article_id(self) -> int | None:
        rows = await self.latest_articles(1)
        return int(rows[0]["id"]) if rows else None

    async def count_articles(self) -> int:
        row = await self.fetchone("SELECT count(*) FROM articles")
        return int(row[0]) if row else 0

    async def audit(self, platform: str, user_id: str, action: str, detail: str | None = None) -> None:
        await self.db.execute(
            "INSERT INTO audit_log (at, platform, user_id, action, detail) VALUES (?, ?, ?, ?, ?)",
            (now_iso(), platform, user_id, action, detail),
        )

    async def integrity_ok(self) -> bool:
        row = await self.fetchone("PRAGMA integrity_check")
        return bool(row) and row[0] == "ok"
