"""Composing the daily digest of one subscription as a platform-free ``Reply``.

A digest holds the articles stored in its window (after the chat's previous digest, or the last
24 hours), filtered by the subscription's filters: each as headline, source and date with one
line per card (emoji, title, summary), then the window's timeline events and a closing line on
how to read more. The window is fixed when the delivery is planned, so a retried or resumed
delivery sends the same digest.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import aiosqlite

from digests import filters as filter_mod
from digests.store import Store, dt_iso, parse_dt
from digests.store import chats as chat_rows
from digests.store import subscriptions as sub_rows
from digests.store.cards import for_article as cards_for_article
from handlers.core import Reply, Section, em
from handlers.i18n import format_date

if TYPE_CHECKING:
    from bot.settings import Settings
    from digests.model import Card
    from handlers.i18n import Catalog

log = logging.getLogger(__name__)

MAX_ARTICLES = 10
MAX_EVENTS = 8
LINE_CHARS = 160
DEFAULT_WINDOW = timedelta(hours=24)


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _card_title(card: Card, language: str, locale: str) -> str:
    return card.title_en if locale == "en" and language != "en" else card.title


async def chat_locale(store: Store, settings: Settings, platform: str, chat_id: str) -> str:
    return await chat_rows.get_language(store.db, platform, chat_id) or settings.default_language


async def window_articles(store: Store, since: datetime, cutoff: datetime) -> list[int]:
    rows = await store.fetchall(
        "SELECT id FROM articles WHERE status = 'published' AND fetched > ? AND fetched <= ? "
        "ORDER BY coalesce(published, fetched) DESC, id DESC",
        (dt_iso(since), dt_iso(cutoff)),
    )
    return [int(r["id"]) for r in rows]


async def article_section(store: Store, row: aiosqlite.Row, locale: str, t: Callable[..., str]) -> Section:
    cards = await cards_for_article(store.db, int(row["id"]))
    lines = [f"{c.emoji} {em(_card_title(c, row['language'], locale))}: {_shorten(c.summary, LINE_CHARS)}" for c in cards]
    published = parse_dt(row["published"] or row["fetched"])
    meta = " · ".join(x for x in (row["source"], format_date(published, locale) if published else "") if x)
    return Section(
        title=f"#{row['id']} {row['title']}",
        text="\n".join(lines) or t("digest.no_cards"),
        footer=meta or None,
        url=row["url"],
    )


async def events_section(store: Store, article_ids: list[int], since: datetime, t: Callable[..., str]) -> Section | None:
    """Timeline events of the digest's articles dated on or after the window's first day."""
    if not article_ids:
        return None
    marks = ",".join("?" * len(article_ids))
    rows = await store.fetchall(
        f"SELECT article_id, start, text, event FROM events WHERE article_id IN ({marks}) AND start IS NOT NULL "
        "AND start >= ? AND relative = 0 ORDER BY start, id LIMIT ?",
        (*article_ids, since.date().isoformat()[: len("YYYY-MM-DD")], MAX_EVENTS),
    )
    if not rows:
        return None
    lines = [f"• {r['start']} — {_shorten(r['event'] or r['text'], LINE_CHARS)} (#{r['article_id']})" for r in rows]
    return Section(title=t("digest.events_title"), emoji="🗓", text="\n".join(lines))


async def compose(
    store: Store,
    catalog: Catalog,
    sub: aiosqlite.Row,
    *,
    since: datetime,
    cutoff: datetime,
    locale: str,
    send_when_empty: bool = False,
    digest_day: datetime | None = None,
) -> Reply | None:
    """The digest of ``sub`` for articles stored in (since, cutoff]; None when nothing is new."""

    def t(key: str, **params: object) -> str:
        return catalog.get(locale, key, **params)

    ids = await window_articles(store, since, cutoff)
    ids = await filter_mod.select(store, filter_mod.Filters.from_json(sub_rows.filters_of(sub)), ids)
    day = format_date(digest_day or cutoff, locale)
    if not ids:
        if not send_when_empty:
            return None
        return Reply(sections=[Section(title=t("digest.title", date=day), text=t("digest.nothing_new"))], locale=locale)
    shown = ids[:MAX_ARTICLES]
    sections = [Section(title=t("digest.title", date=day), text=t("digest.count", n=len(ids)))]
    for article_id in shown:
        row = await store.get_article(article_id)
        if row is not None:
            sections.append(await article_section(store, row, locale, t))
    events = await events_section(store, shown, since, t)
    if events is not None:
        sections.append(events)
    closing = t("digest.closing", id=shown[0])
    if len(ids) > len(shown):
        closing = t("digest.more", n=len(ids) - len(shown)) + "\n" + closing
    sections.append(Section(text=closing))
    return Reply(sections=sections, locale=locale, data={"article_ids": shown})


async def compose_article(store: Store, catalog: Catalog, article_id: int, locale: str) -> Reply | None:
    """One article pushed now (/publish): the same layout with one article."""
    row = await store.get_article(article_id)
    if row is None:
        return None

    def t(key: str, **params: object) -> str:
        return catalog.get(locale, key, **params)

    sections = [Section(title=t("digest.publish_title")), await article_section(store, row, locale, t)]
    sections.append(Section(text=t("digest.closing", id=article_id)))
    return Reply(sections=sections, locale=locale, data={"article_ids": [article_id]})


async def preview(
    store: Store,
    catalog: Catalog,
    settings: Settings,
    platform: str,
    chat_id: str,
    thread_id: str | None,
    now: datetime,
    *,
    locale: str | None = None,
    send_when_empty: bool = True,
) -> Reply | None:
    """What the chat's next digest would contain now (None when the chat has no subscription,
    or when nothing is new and ``send_when_empty`` is false)."""
    sub = await sub_rows.get(store, platform, chat_id, thread_id)
    if sub is None or not sub["active"]:
        return None
    since = parse_dt(sub["last_digest"]) or now - DEFAULT_WINDOW
    locale = locale or await chat_locale(store, settings, platform, chat_id)
    return await compose(store, catalog, sub, since=since, cutoff=now, locale=locale, send_when_empty=send_when_empty)


async def subscription_keep(
    store: Store, platform: str, chat_id: str, thread_id: str | None, *, limit: int
) -> Callable[[aiosqlite.Row, list[Card]], bool] | None:
    """A ``keep(row, cards)`` filter for /digest from the chat's subscription filters, or None."""
    sub = await sub_rows.get(store, platform, chat_id, thread_id)
    if sub is None or not sub["active"]:
        return None
    wanted = filter_mod.Filters.from_json(sub_rows.filters_of(sub))
    if not wanted:
        return None
    rows = await store.latest_articles(limit)
    passing = set(await filter_mod.select(store, wanted, [int(r["id"]) for r in rows]))
    return lambda row, cards: int(row["id"]) in passing
