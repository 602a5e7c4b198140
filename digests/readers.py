"""File readers: the bytes of an uploaded or local article file turned into an ``Article``.

Formats: plain text (first line the headline, then blank-line or one-a-line paragraphs), HTML
(a fragment or a whole page), Markdown, and RSS/Atom (the first item, via feedparser). The format
comes from the file name when it has a known suffix, otherwise from the content.

Every refusal raises ``ArticleError`` whose ``key`` is a message-catalogue key (``ingest.*`` in
``config/messages/admin.toml``) and whose ``params`` fill it in.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, date, datetime, time

import feedparser
import lxml.html
from lxml import etree

from digests.model import Article
from digests.text import paragraphs_from_html, paragraphs_from_markdown, split_paragraphs
from digests.textnorm import clean

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 200 * 1024

TEXT_SUFFIXES = (".txt", ".text", "")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown")
FEED_SUFFIXES = (".xml", ".rss", ".atom", ".feed")


class ArticleError(Exception):
    """A file that cannot be read as an article; ``key`` names the catalogue message."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


# ------------------------------------------------------------------------------ bytes → text


def decode_text(data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """UTF-8 text of a file (BOMs for UTF-8/16 honoured); refuses oversized, empty and binary data."""
    if len(data) > max_bytes:
        raise ArticleError("ingest.too_large", size_kb=len(data) // 1024, limit_kb=max_bytes // 1024)
    if not data.strip():
        raise ArticleError("ingest.empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise ArticleError("ingest.bad_encoding") from None
    else:
        if b"\x00" in data[:8192]:
            raise ArticleError("ingest.binary")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ArticleError("ingest.bad_encoding") from None
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if controls > max(4, len(text[:8192]) // 100):
        raise ArticleError("ingest.binary")
    text = clean(text)
    if not text.strip():
        raise ArticleError("ingest.empty")
    return text


def sniff_format(text: str, filename: str | None) -> str:
    """'feed', 'html', 'markdown' or 'text', by suffix first and content second."""
    suffix = ""
    if filename and "." in filename.rsplit("/", 1)[-1]:
        suffix = "." + filename.rsplit(".", 1)[-1].lower()
    if suffix in FEED_SUFFIXES:
        return "feed"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    head = text.lstrip()[:600].lower()
    if head.startswith("<?xml") or "<rss" in head or "<feed" in head or "<rdf:rdf" in head:
        if "<rss" in text[:4000].lower() or "<feed" in text[:4000].lower() or "<rdf" in text[:4000].lower():
            return "feed"
    if head.startswith(("<!doctype html", "<html")) or re.search(r"<(p|div|body|h[1-6]|article)[\s>]", head):
        return "html"
    if suffix in TEXT_SUFFIXES and re.match(r"#{1,6}\s", text.lstrip()):
        return "markdown"
    return "text"


# ------------------------------------------------------------------------------ formats


def _plain(text: str) -> tuple[str, list[str]]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    title, _, body = text.partition("\n")
    return title.strip(), split_paragraphs(body)


def _markdown(text: str) -> tuple[str, list[str]]:
    paragraphs = paragraphs_from_markdown(text)
    if not paragraphs:
        return "", []
    return paragraphs[0], paragraphs[1:]


def _html(text: str) -> tuple[str, list[str]]:
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return "", paragraphs_from_html(text)
    title = ""
    for xpath in ('//meta[@property="og:title"]/@content', "//h1", "//title"):
        found = root.xpath(xpath)
        if found:
            value = found[0] if isinstance(found[0], str) else found[0].text_content()
            title = " ".join(value.split())
            if title:
                break
    for bad in root.xpath("//script|//style|//nav|//header|//footer|//aside|//noscript|//form"):
        bad.drop_tree()
    scope = root.xpath("//article") or root.xpath("//main") or root.xpath("//body") or [root]
    for h1 in scope[0].xpath(".//h1"):
        if " ".join(h1.text_content().split()) == title:
            h1.drop_tree()
            break
    paragraphs = paragraphs_from_html(lxml.html.tostring(scope[0], encoding="unicode"))
    if not title and paragraphs:
        title, paragraphs = paragraphs[0], paragraphs[1:]
    return title, paragraphs


def _feed(text: str) -> Article:
    from digests.feed_entries import entry_to_article

    # Bytes, never a str: feedparser opens a str that looks like a URL or a path (an uploaded
    # "feed" holding "http://10.0.0.1/..." or "/etc/passwd" would be fetched or read). The text is
    # already decoded, so its charset is stated and wins over the XML declaration.
    parsed = feedparser.parse(text.encode("utf-8"), response_headers={"content-type": "application/xml; charset=utf-8"})
    if not parsed.entries:
        raise ArticleError("ingest.empty")
    feed_title = parsed.feed.get("title", "") if parsed.get("feed") else ""
    return entry_to_article(parsed.entries[0], feed_title=feed_title)


def read_article_text(
    text: str, filename: str | None = None, published: date | None = None, title: str | None = None
) -> Article:
    """An ``Article`` from decoded text in any supported format (see ``read_article_bytes``)."""
    fmt = sniff_format(text, filename)
    if fmt == "feed":
        article = _feed(text)
    else:
        reader = {"html": _html, "markdown": _markdown}.get(fmt, _plain)
        head, paragraphs = reader(text)
        article = Article(title=clean(head).strip(), paragraphs=paragraphs, source=filename or "")
    if title is not None and title.strip():
        if not article.paragraphs and article.title and fmt != "feed":
            article.paragraphs = [article.title]  # the first line was body, not a headline
        article.title = clean(title).strip()
    if published is not None:
        article.published = datetime.combine(published, time(12, 0), tzinfo=UTC)
        if "date-missing" in article.flags:
            article.flags.remove("date-missing")
    if not article.title.strip() and not any(p.strip() for p in article.paragraphs):
        raise ArticleError("ingest.empty")
    if not any(p.strip() for p in article.paragraphs):
        raise ArticleError("ingest.no_body")
    return article


def read_article_bytes(
    data: bytes,
    filename: str | None,
    published: date | None = None,
    title: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Article:
    """An ``Article`` from a file's bytes; ``published``/``title`` override what the file says.

    Raises ``ArticleError`` with key ``ingest.too_large``, ``ingest.empty``, ``ingest.binary``,
    ``ingest.bad_encoding`` or ``ingest.no_body``.
    """
    return read_article_text(decode_text(data, max_bytes), filename, published, title)
