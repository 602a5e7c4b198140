"""Feed polling: conditional GET, feedparser, full text for summary-only entries, dedup, backoff.

One ``poll_feed`` fetches one feed (ETag/Last-Modified, redirects recorded, a permanent redirect
updates the stored URL), parses it with feedparser (bozo feeds that still carry entries are
taken), turns entries into articles (``digests.feed_entries``), fetches the full text of
summary-only entries with the same URL rules as admin loading, and stores new articles through
``digests.ingest``. Failures back off exponentially, are kept as the feed's last error and alert
the admins once after ``feeds.failures_before_alert`` failures in a row. ``poll_due`` polls every
feed that is due with a bounded number of concurrent fetches. OPML import/export live here too.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
import tomllib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import quoteattr

import aiosqlite
import httpx
import lxml.etree
import lxml.html

from digests.feed_entries import entry_to_article
from digests.fetch import FetchError, FetchOptions, FetchResult, fetch, new_client, parse_url
from digests.ingest import IngestError, IngestResult, ingest_article
from digests.model import Article
from digests.sources import FEED_ACCEPT, article_from_url, looks_like_feed, parse_feed
from digests.store import dt_iso, now_iso, parse_dt
from digests.textnorm import clean

if TYPE_CHECKING:
    from bot.settings import Settings
    from digests.store import Store

log = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(hours=24)
MAX_CACHE_WAIT = timedelta(hours=6)
FULLTEXT_CONCURRENCY = 4
MAX_ENTRIES_PER_POLL = 200
OPML_MAX_BYTES = 1_000_000
OPML_MAX_FEEDS = 2000
STATIC_FEEDS = Path(__file__).resolve().parent.parent / "config" / "feeds.toml"

Notify = Callable[[aiosqlite.Row, IngestError], Awaitable[None]]


@dataclass
class PollOutcome:
    """What one poll did."""

    feed_id: int
    status: str  # new | not_modified | error
    results: list[IngestResult] = field(default_factory=list)
    error: IngestError | None = None
    alerted: bool = False
    url_changed_to: str | None = None

    @property
    def new(self) -> int:
        return sum(1 for r in self.results if not r.duplicate)


# ---------------------------------------------------------------- feed rows


async def feed_by_url(store: Store, url: str) -> aiosqlite.Row | None:
    return await store.fetchone("SELECT * FROM feeds WHERE url = ?", (url.strip(),))


async def feed_by_id(store: Store, feed_id: int) -> aiosqlite.Row | None:
    return await store.fetchone("SELECT * FROM feeds WHERE id = ?", (feed_id,))


async def list_feeds(store: Store, *, include_inactive: bool = False) -> list[aiosqlite.Row]:
    where = "" if include_inactive else "WHERE active = 1"
    return await store.fetchall(f"SELECT * FROM feeds {where} ORDER BY id")


async def add_feed(
    store: Store, url: str, *, title: str | None = None, added_by: str | None = None, interval_min: int | None = None
) -> tuple[int, bool]:
    """Register a feed (or re-activate it); returns (id, newly added). Raises FetchError for a bad URL."""
    url = str(parse_url(url))
    existing = await feed_by_url(store, url)
    if existing is not None:
        if not existing["active"]:
            async with store.transaction() as db:
                await db.execute("UPDATE feeds SET active = 1, failures = 0, alerted = 0, next_poll = NULL WHERE id = ?", (existing["id"],))
            return int(existing["id"]), True
        return int(existing["id"]), False
    async with store.transaction() as db:
        cur = await db.execute(
            "INSERT INTO feeds (url, title, interval_min, added_by, created) VALUES (?, ?, ?, ?, ?)",
            (url, title, interval_min, added_by, now_iso()),
        )
        return int(cur.lastrowid), True


async def remove_feed(store: Store, feed_id: int) -> bool:
    """Delete the feed; its articles stay (their feed_id becomes NULL)."""
    async with store.transaction() as db:
        cur = await db.execute("DELETE FROM feeds WHERE id = ?", (feed_id,))
        return cur.rowcount > 0


def error_json(error: IngestError) -> str:
    return json.dumps({"key": error.key, "params": {k: str(v) for k, v in error.params.items()}}, ensure_ascii=False)


def last_error(row: aiosqlite.Row) -> tuple[str, dict[str, str]] | None:
    """The stored last error as (catalogue key, params)."""
    raw = row["last_error"]
    if not raw:
        return None
    try:
        data = json.loads(raw)
        return str(data["key"]), dict(data.get("params") or {})
    except (ValueError, KeyError, TypeError):
        return "feeds.error_text", {"text": str(raw)[:200]}


def interval(row: aiosqlite.Row, settings: Settings) -> timedelta:
    minutes = row["interval_min"] or int(settings.get("feeds", "poll_minutes"))
    return timedelta(minutes=max(1, int(minutes)))


def backoff(base: timedelta, failures: int) -> timedelta:
    """base × 2^failures, at most a day."""
    return min(base * (2 ** min(failures, 16)), MAX_BACKOFF)


async def sync_static_feeds(store: Store, path: Path = STATIC_FEEDS) -> int:
    """Register the feeds listed in ``config/feeds.toml`` (``[[feed]] url = ...``); returns how many were new."""
    if not path.is_file():
        return 0
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    added = 0
    for item in data.get("feed", []):
        url = item.get("url") if isinstance(item, dict) else None
        if not url:
            continue
        try:
            _, new = await add_feed(store, url, title=item.get("title"), added_by="config", interval_min=item.get("interval_min"))
        except FetchError:
            log.warning("config/feeds.toml: ignoring the bad URL %r", url)
            continue
        added += int(new)
    return added


# ---------------------------------------------------------------- entries


async def _seen(store: Store, article: Article) -> int | None:
    if not article.guid and not article.url:
        return None
    row = await store.fetchone(
        "SELECT id FROM articles WHERE (guid IS NOT NULL AND guid = ?) OR (url IS NOT NULL AND url = ?) LIMIT 1",
        (article.guid, article.url),
    )
    return int(row["id"]) if row else None


async def _full_text(article: Article, settings: Settings | None, client: httpx.AsyncClient | None) -> None:
    """Replace a summary with the page's text; on failure keep the summary and flag the article."""
    assert article.url
    try:
        page = await article_from_url(article.url, settings, client=client)
    except (IngestError, ValueError) as exc:
        log.info("full text of %s not fetched: %s", article.url, getattr(exc, "key", exc))
        article.flags.append("full-text-failed")
        return
    summary_words = sum(len(p.split()) for p in article.paragraphs)
    page_words = sum(len(p.split()) for p in page.paragraphs)
    if page_words <= summary_words:
        article.flags.append("full-text-failed")
        return
    article.paragraphs = page.paragraphs
    article.flags = [f for f in article.flags if f != "summary-only"] + ["full-text"]
    if "date-missing" in article.flags and "date-missing" not in page.flags and page.published:
        article.published = page.published
        article.flags.remove("date-missing")


def feed_title(parsed: Any) -> str:
    raw = parsed.feed.get("title", "") if parsed.get("feed") else ""
    if "<" in raw:
        try:
            raw = lxml.html.fromstring(raw).text_content()
        except (lxml.etree.ParserError, ValueError):
            pass
    return " ".join(clean(raw).split())


async def ingest_entries(
    store: Store,
    settings: Settings | None,
    parsed: Any,
    *,
    feed_id: int | None,
    client: httpx.AsyncClient | None = None,
) -> list[IngestResult]:
    """Store every new entry of a parsed feed; entries seen before (guid, URL, content) are skipped."""
    title = feed_title(parsed)
    max_bytes = settings.max_article_bytes if settings is not None else 200 * 1024
    articles: list[Article] = []
    results: list[IngestResult] = []
    seen_keys: set[str] = set()
    for entry in list(parsed.entries)[:MAX_ENTRIES_PER_POLL]:
        try:
            article = entry_to_article(entry, feed_title=title, feed_id=feed_id)
        except (ValueError, TypeError, lxml.etree.ParserError) as exc:
            log.warning("feed %s: unreadable entry skipped (%s)", feed_id, exc)
            continue
        keys = {k for k in (article.guid and f"g:{article.guid}", article.url and f"u:{article.url}") if k}
        if keys & seen_keys:  # a duplicate guid/link inside this very feed
            continue
        seen_keys |= keys
        existing = await _seen(store, article)
        if existing is not None:
            results.append(IngestResult(existing, True, None, article))
            continue
        articles.append(article)
    want_text = [a for a in articles if "summary-only" in a.flags and a.url]
    if want_text:
        limit = asyncio.Semaphore(FULLTEXT_CONCURRENCY)

        async def one(a: Article) -> None:
            async with limit:
                await _full_text(a, settings, client)

        await asyncio.gather(*(one(a) for a in want_text))
    for article in articles:
        try:
            results.append(await ingest_article(store, article, max_bytes=max_bytes))
        except IngestError as exc:
            log.info("feed %s: entry %r skipped: %s", feed_id, article.title[:60], exc.key)
        except sqlite3.IntegrityError:  # stored meanwhile by another poll
            existing = await store.find_duplicate(article)
            if existing is not None:
                results.append(IngestResult(existing, True, None, article))
    return results


# ---------------------------------------------------------------- polling


async def poll_feed(
    store: Store,
    settings: Settings,
    row: aiosqlite.Row,
    *,
    client: httpx.AsyncClient | None = None,
    notify: Notify | None = None,
    force: bool = False,
) -> PollOutcome:
    """Poll one feed once and record the outcome on its row."""
    feed_id = int(row["id"])
    now = datetime.now(UTC)
    base = interval(row, settings)
    own = client is None
    client = client or new_client(FetchOptions.from_settings(settings))
    try:
        try:
            result = await fetch(
                row["url"],
                settings=settings,
                etag=None if force else row["etag"],
                last_modified=None if force else row["last_modified"],
                accept=FEED_ACCEPT,
                client=client,
            )
            parsed = None
            if result.status != 304:
                if not looks_like_feed(result):
                    raise IngestError("feeds.not_a_feed")
                parsed = await parse_feed(result)
                if not parsed.entries and not parsed.get("version"):
                    raise IngestError("feeds.unparsable")
                if parsed.get("bozo"):
                    log.info("feed %s is malformed (%s) but has %d entries", feed_id, parsed.get("bozo_exception"), len(parsed.entries))
        except IngestError as exc:
            return await _record_failure(store, settings, row, exc, now, base, notify)
        results: list[IngestResult] = []
        if parsed is not None:
            results = await ingest_entries(store, settings, parsed, feed_id=feed_id, client=client)
        return await _record_success(store, row, result, parsed, results, now, base)
    finally:
        if own:
            await client.aclose()


async def _record_success(
    store: Store,
    row: aiosqlite.Row,
    result: FetchResult,
    parsed: Any,
    results: list[IngestResult],
    now: datetime,
    base: timedelta,
) -> PollOutcome:
    feed_id = int(row["id"])
    wait = base
    if result.max_age:
        wait = max(wait, min(timedelta(seconds=result.max_age), MAX_CACHE_WAIT))
    new_url = None
    if result.permanent_url and result.permanent_url != row["url"]:
        clash = await feed_by_url(store, result.permanent_url)
        if clash is None:
            new_url = result.permanent_url
            log.info("feed %s moved permanently to %s", feed_id, new_url)
        else:
            log.warning("feed %s moved to %s, already registered as feed %s", feed_id, result.permanent_url, clash["id"])
    title = row["title"] or (feed_title(parsed) if parsed is not None else None) or None
    async with store.transaction() as db:
        await db.execute(
            "UPDATE feeds SET url = ?, title = ?, etag = ?, last_modified = ?, last_polled = ?, next_poll = ?, "
            "last_error = NULL, failures = 0, alerted = 0 WHERE id = ?",
            (
                new_url or row["url"],
                title,
                result.etag,
                result.last_modified,
                dt_iso(now),
                dt_iso(now + wait),
                feed_id,
            ),
        )
    status = "not_modified" if result.not_modified else "new"
    if results:
        log.info("feed %s: %d new, %d seen before", feed_id, sum(not r.duplicate for r in results), sum(r.duplicate for r in results))
    return PollOutcome(feed_id, status, results, url_changed_to=new_url)


async def _record_failure(
    store: Store,
    settings: Settings,
    row: aiosqlite.Row,
    error: IngestError,
    now: datetime,
    base: timedelta,
    notify: Notify | None,
) -> PollOutcome:
    feed_id = int(row["id"])
    failures = int(row["failures"]) + 1
    wait = backoff(base, failures)
    retry_after = getattr(error, "retry_after", None)
    if retry_after:
        wait = max(wait, min(timedelta(seconds=retry_after), MAX_BACKOFF))
    threshold = int(settings.get("feeds", "failures_before_alert"))
    alert = failures >= threshold and not row["alerted"]
    async with store.transaction() as db:
        await db.execute(
            "UPDATE feeds SET last_polled = ?, next_poll = ?, last_error = ?, failures = ?, alerted = ? WHERE id = ?",
            (dt_iso(now), dt_iso(now + wait), error_json(error), failures, int(alert or bool(row["alerted"])), feed_id),
        )
    log.warning("feed %s (%s) failed %d time(s): %s; next poll in %s", feed_id, row["url"], failures, error.key, wait)
    if alert:
        log.error("feed %s has failed %d times in a row; alerting the admins", feed_id, failures)
        if notify is not None:
            fresh = await feed_by_id(store, feed_id)
            try:
                await notify(fresh or row, error)
            except Exception:
                log.exception("could not alert the admins about feed %s", feed_id)
    return PollOutcome(feed_id, "error", error=error, alerted=alert)


async def due_feeds(store: Store, now: datetime | None = None) -> list[aiosqlite.Row]:
    now = now or datetime.now(UTC)
    rows = await store.fetchall("SELECT * FROM feeds WHERE active = 1 ORDER BY id")
    return [r for r in rows if r["next_poll"] is None or parse_dt(r["next_poll"]) <= now]


async def poll_due(
    store: Store, settings: Settings, *, notify: Notify | None = None, now: datetime | None = None
) -> list[PollOutcome]:
    """Poll every due feed, at most ``feeds.max_concurrent`` at a time."""
    rows = await due_feeds(store, now)
    if not rows:
        return []
    limit = asyncio.Semaphore(int(settings.get("feeds", "max_concurrent")))
    async with new_client(FetchOptions.from_settings(settings)) as client:

        async def one(row: aiosqlite.Row) -> PollOutcome:
            async with limit:
                try:
                    return await poll_feed(store, settings, row, client=client, notify=notify)
                except Exception as exc:  # one feed's bug must not stop the others
                    log.exception("polling feed %s failed", row["id"])
                    return PollOutcome(int(row["id"]), "error", error=IngestError("feeds.error_text", text=str(exc)[:200]))

        return list(await asyncio.gather(*(one(r) for r in rows)))


# ---------------------------------------------------------------- OPML


def opml_export(rows: list[aiosqlite.Row], title: str = "newsbot feeds") -> str:
    """OPML 2.0 with one outline per feed."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        f"  <head><title>{_xml_text(title)}</title><dateCreated>{datetime.now(UTC).strftime('%a, %d %b %Y %H:%M:%S GMT')}</dateCreated></head>",
        "  <body>",
    ]
    for row in rows:
        name = row["title"] or row["url"]
        lines.append(f"    <outline type=\"rss\" text={quoteattr(name)} title={quoteattr(name)} xmlUrl={quoteattr(row['url'])}/>")
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass
class OpmlFeed:
    url: str
    title: str | None


def opml_parse(data: bytes) -> list[OpmlFeed]:
    """Every outline with an xmlUrl (nested folders too); raises IngestError for a bad file."""
    if len(data) > OPML_MAX_BYTES:
        raise IngestError("feeds.opml_too_large", limit_kb=OPML_MAX_BYTES // 1024)
    if b"<!entity" in data.lower():  # no entity tricks (billion laughs, hidden URLs) in a feed list
        raise IngestError("feeds.opml_invalid")
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    try:
        root = lxml.etree.fromstring(data, parser)
    except lxml.etree.XMLSyntaxError:
        raise IngestError("feeds.opml_invalid") from None
    if root is None or not isinstance(root.tag, str) or root.tag.lower() != "opml":
        raise IngestError("feeds.opml_invalid")
    found: list[OpmlFeed] = []
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if url:
            found.append(OpmlFeed(url, (outline.get("title") or outline.get("text") or "").strip() or None))
        if len(found) >= OPML_MAX_FEEDS:
            break
    return found


@dataclass
class OpmlImport:
    added: list[int] = field(default_factory=list)
    existing: int = 0
    invalid: list[str] = field(default_factory=list)


async def opml_import(store: Store, data: bytes, *, added_by: str | None = None) -> OpmlImport:
    outcome = OpmlImport()
    for item in opml_parse(data):
        try:
            feed_id, new = await add_feed(store, item.url, title=item.title, added_by=added_by)
        except FetchError:
            outcome.invalid.append(item.url[:200])
            continue
        if new:
            outcome.added.append(feed_id)
        else:
            outcome.existing += 1
    return outcome
