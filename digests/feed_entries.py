"""Feed entries (parsed by feedparser) turned into ``Article`` objects."""

from __future__ import annotations

import calendar
from datetime import UTC, datetime
from typing import Any

import lxml.html

from digests.model import Article
from digests.text import paragraphs_from_html
from digests.textnorm import clean


def settle_published(published: datetime | None, flags: list[str]) -> datetime:
    """A publication date to store: the fetch time when missing, clamped when in the future (flagged)."""
    now = datetime.now(UTC).replace(microsecond=0)
    if published is None:
        flags.append("date-missing")
        return now
    if published > now:
        flags.append("date-in-future")
        return now
    return published


def _entry_time(entry: Any, *names: str) -> datetime | None:
    for name in names:
        parsed = entry.get(name)
        if parsed:
            return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
    return None


def entry_body_html(entry: Any) -> tuple[str, bool]:
    """The richest body the entry carries and whether it is only a summary."""
    contents = entry.get("content") or []
    best = max((c.get("value", "") for c in contents), key=len, default="")
    if best.strip():
        return best, False
    return entry.get("summary", "") or entry.get("description", ""), True


def entry_to_article(entry: Any, *, feed_title: str = "", feed_id: int | None = None) -> Article:
    """An ``Article`` from one feedparser entry; flags say what had to be guessed."""
    flags: list[str] = []
    html, summary_only = entry_body_html(entry)
    if summary_only:
        flags.append("summary-only")
    title_html = entry.get("title", "") or ""
    title = " ".join(lxml.html.fromstring(title_html).text_content().split()) if "<" in title_html else title_html
    published = _entry_time(entry, "published_parsed", "updated_parsed", "created_parsed")
    published = settle_published(published, flags)
    source = ""
    src = entry.get("source")
    if isinstance(src, dict):
        source = src.get("title", "") or ""
    return Article(
        title=clean(title).strip(),
        paragraphs=paragraphs_from_html(html),
        source=source or feed_title,
        url=entry.get("link") or None,
        guid=entry.get("id") or entry.get("guid") or None,
        published=published,
        fetched=datetime.now(UTC),
        feed_id=feed_id,
        flags=flags,
    )
