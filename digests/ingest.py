"""The one path every article takes into the store: check, analyse, save (or report a duplicate)."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import feedparser

from digests.analysis import analyse
from digests.feed_entries import entry_to_article
from digests.model import Analysis, Article
from digests.store import Store
from digests.text import dateline_date, split_paragraphs
from digests.textnorm import clean

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 200 * 1024


class IngestError(Exception):
    """An article that cannot be taken; ``key`` is a message-catalogue key, ``params`` its values."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass
class IngestResult:
    article_id: int
    duplicate: bool
    analysis: Analysis | None
    article: Article


def check_article(article: Article, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
    """Refuse empty and oversized articles before any work is done."""
    size = len(article.title.encode("utf-8")) + sum(len(p.encode("utf-8")) for p in article.paragraphs)
    if size > max_bytes:
        raise IngestError("ingest.too_large", size_kb=size // 1024, limit_kb=max_bytes // 1024)
    if not article.title.strip() and not any(p.strip() for p in article.paragraphs):
        raise IngestError("ingest.empty")
    if not any(p.strip() for p in article.paragraphs):
        raise IngestError("ingest.no_body")


def looks_binary(text: str) -> bool:
    """Control characters or undecodable bytes (U+FFFD) in over 1% of the text: a pasted file, not an article."""
    sample = text[:8192]
    bad = sum(1 for ch in sample if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\t\n\r\f\v"))
    return bad > max(4, len(sample) // 100)


def article_from_text(text: str, *, source: str = "", max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    """Pasted text: the first non-empty line is the headline, the rest the body."""
    if len(text.encode("utf-8", errors="replace")) > max_bytes:
        raise IngestError("ingest.too_large", size_kb=len(text.encode("utf-8", "replace")) // 1024, limit_kb=max_bytes // 1024)
    text = clean(text).strip()
    if not text:
        raise IngestError("ingest.empty")
    if looks_binary(text):
        raise IngestError("ingest.not_text")
    title, _, body = text.partition("\n")
    article = Article(title=title.strip(), paragraphs=split_paragraphs(body), source=source)
    check_article(article, max_bytes)
    return article


async def ingest_article(
    store: Store, article: Article, *, max_bytes: int = DEFAULT_MAX_BYTES, status: str = "published"
) -> IngestResult:
    """Analyse and store one article in one transaction; a duplicate is reported, not stored."""
    check_article(article, max_bytes)
    existing = await store.find_duplicate(article)
    if existing is not None:
        return IngestResult(existing, True, None, article)
    if article.published is None:
        article.fetched = article.fetched or datetime.now(UTC)
        filed = dateline_date(article.paragraphs[0], article.fetched.date()) if article.paragraphs else None
        if filed is not None:
            # "PORT SUDAN, Nov 20 (Reuters) -": the story gives its own day (the latest one not after loading)
            article.published = datetime(filed.year, filed.month, filed.day, 12, tzinfo=UTC)
            analysis = await asyncio.to_thread(analyse, article)
        else:
            # No date given (pasted text, a file or a page without one): the chats show the story under
            # the day it was loaded, so «أمس» and "on Monday" are resolved against that day too.
            dated = dataclasses.replace(article, published=article.fetched, flags=[*article.flags, "date-assumed"])
            analysis = await asyncio.to_thread(analyse, dated)
    else:
        analysis = await asyncio.to_thread(analyse, article)
    article.language = analysis.language
    saved = await store.save_article(article, analysis, status=status)
    log.info("stored article %s (%s)%s", saved.article_id, analysis.language, " duplicate" if saved.duplicate else "")
    return IngestResult(saved.article_id, saved.duplicate, analysis, article)


async def ingest_feed_file(store: Store, path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> list[IngestResult]:
    """Every entry of a local RSS/Atom file, through the same path as polled feeds."""
    parsed = await asyncio.to_thread(feedparser.parse, str(path))
    feed_title = parsed.feed.get("title", "") if parsed.get("feed") else ""
    results = []
    for entry in parsed.entries:
        article = entry_to_article(entry, feed_title=feed_title)
        try:
            results.append(await ingest_article(store, article, max_bytes=max_bytes))
        except IngestError as exc:
            log.warning("skipped entry %r of %s: %s", article.title[:60], path, exc.key)
    return results


async def load_seeds(store: Store, seeds_dir: Path) -> int:
    """Ingest the seed feeds into an empty store; returns how many articles were stored."""
    if await store.count_articles() > 0 or not seeds_dir.is_dir():
        return 0
    stored = 0
    for path in sorted(seeds_dir.glob("*.xml")):
        stored += sum(1 for r in await ingest_feed_file(store, path) if not r.duplicate)
    log.info("loaded %d seed article(s) from %s", stored, seeds_dir)
    return stored
