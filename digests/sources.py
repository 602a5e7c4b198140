"""Articles from the web: a page URL → one article (trafilatura), a feed URL → its entries.

Both go through ``digests.fetch`` (same URL rules everywhere) and ``digests.ingest`` (same
checks, analysis and dedup as every other load).
"""

from __future__ import annotations

import asyncio
import logging
import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import charset_normalizer
import feedparser
import httpx
import trafilatura

from digests.feed_entries import settle_published
from digests.fetch import FetchError, FetchResult, fetch
from digests.ingest import IngestResult, ingest_article
from digests.model import Article
from digests.textnorm import clean

if TYPE_CHECKING:
    from bot.settings import Settings
    from digests.store import Store

log = logging.getLogger(__name__)

FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/x-rss+xml",
)
HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "")
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF|RDF)[\s>]", re.I)
ARTICLE_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"
FEED_ACCEPT = "application/rss+xml,application/atom+xml,application/rdf+xml,application/xml;q=0.9,text/xml;q=0.8,*/*;q=0.5"


def looks_like_feed(result: FetchResult) -> bool:
    """An RSS/Atom/RDF document, by declared type or by its root element."""
    head = result.content[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if result.content_type in FEED_TYPES and not head.lower().startswith((b"<!doctype html", b"<html")):
        return True
    return bool(_FEED_ROOT.search(head))


_XML_DECL = re.compile(rb"^(\s*<\?xml[^>]*?encoding\s*=\s*[\"'])([\w.:-]+)([\"'])", re.I)
_UTF8 = ("utf-8", "utf8")


def _declared(content: bytes, content_type: str) -> str | None:
    match = re.search(r"charset=[\"']?([\w.:-]+)", content_type, re.I)
    if match:
        return match.group(1).lower()
    decl = _XML_DECL.match(content[:300])
    return decl.group(2).decode("ascii").lower() if decl else None


def normalise_encoding(content: bytes, content_type: str) -> tuple[bytes, str]:
    """Feed bytes re-encoded as UTF-8 when the declared encoding is wrong.

    Bytes that are valid UTF-8 (with non-ASCII text) are UTF-8 whatever the header or the XML
    declaration says; bytes that are not valid UTF-8 but declared as UTF-8 are decoded with the
    encoding charset_normalizer finds. Returns (bytes, content type without a charset).
    """
    bare_type = content_type.split(";")[0].strip() or "application/xml"
    declared = _declared(content, content_type)
    body = content[3:] if content.startswith(b"\xef\xbb\xbf") else content
    try:
        body.decode("utf-8")
        valid_utf8 = True
    except UnicodeDecodeError:
        valid_utf8 = False
    if valid_utf8:
        if declared in (None, *_UTF8) or body.isascii():
            return content, content_type
        return _XML_DECL.sub(rb"\g<1>utf-8\g<3>", body, count=1), bare_type
    if declared not in (None, *_UTF8):
        try:
            text = body.decode(declared)
        except (LookupError, UnicodeDecodeError):
            text = None
        if text is not None:
            return content, content_type
    best = charset_normalizer.from_bytes(body[:200_000]).best()
    if best is None:
        return content, content_type
    text = str(best) if len(body) <= 200_000 else body.decode(best.encoding, errors="replace")
    log.info("feed declared %s but is %s; re-encoded", declared or "no encoding", best.encoding)
    return _XML_DECL.sub(rb"\g<1>utf-8\g<3>", text.encode("utf-8"), count=1), bare_type


async def parse_feed(result: FetchResult) -> Any:
    """feedparser over the fetched bytes, with a wrong declared encoding corrected first."""
    content, content_type = normalise_encoding(result.content, result.headers.get("content-type", "application/xml"))
    headers = {"content-type": content_type, "content-location": result.url}
    return await asyncio.to_thread(feedparser.parse, content, response_headers=headers)


def _published(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def article_from_html(content: bytes | str, url: str) -> Article:
    """Headline, date and body paragraphs of a web page, by trafilatura; raises FetchError."""
    doc = trafilatura.bare_extraction(
        content, url=url, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
    )
    if doc is None or not (doc.text or "").strip():
        raise FetchError("fetch.not_article")
    title = clean(doc.title or "").strip()
    lines = [clean(line).strip() for line in (doc.text or "").split("\n")]
    paragraphs = [line for line in lines if line]
    if paragraphs and title and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    if not title and paragraphs:
        title, paragraphs = paragraphs[0], paragraphs[1:]
    if not paragraphs:
        raise FetchError("fetch.not_article")
    flags = []
    published = settle_published(_published(doc.date), flags)
    return Article(
        title=title,
        paragraphs=paragraphs,
        source=clean(doc.sitename or "").strip() or (httpx.URL(url).host or ""),
        url=url,
        published=published,
        fetched=datetime.now(UTC).replace(microsecond=0),
        flags=flags,
    )


def article_from_result(result: FetchResult) -> Article:
    if result.content_type not in HTML_TYPES:
        raise FetchError("fetch.not_html", type=result.content_type[:60])
    return article_from_html(result.content, result.url)


async def article_from_url(
    url: str, settings: Settings | None, *, client: httpx.AsyncClient | None = None
) -> Article:
    """Download ``url`` (safely) and extract its article; raises FetchError."""
    result = await fetch(url, settings=settings, accept=ARTICLE_ACCEPT, client=client)
    return await asyncio.to_thread(article_from_result, result)


async def ingest_url(store: Store, settings: Settings, url: str) -> list[IngestResult]:
    """Load a URL: a feed gives every entry (one poll), a page gives one article."""
    from digests import feeds

    max_bytes = settings.max_article_bytes
    registered = await feeds.feed_by_url(store, url)
    if registered is not None:
        outcome = await feeds.poll_feed(store, settings, registered, force=True)
        if outcome.error is not None:
            raise outcome.error
        return outcome.results
    result = await fetch(url, settings=settings, accept=FEED_ACCEPT)
    if looks_like_feed(result):
        parsed = await parse_feed(result)
        if parsed.entries:
            return await feeds.ingest_entries(store, settings, parsed, feed_id=None)
        if parsed.get("version"):
            raise FetchError("fetch.empty_feed")
    article = await asyncio.to_thread(article_from_result, result)
    return [await ingest_article(store, article, max_bytes=max_bytes)]
