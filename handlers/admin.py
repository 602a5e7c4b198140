"""Admin commands: loading articles, previews, /delete, /stats, /publish.

In a private chat an admin loads an article by pasting it (first line = headline), forwarding a
channel post, sending a bare URL (fetched safely by ``digests.sources``), or uploading a
``.txt``/``.md``/``.html`` file or an ``.xml`` RSS/Atom feed. Every load answers with a preview
and publish/discard buttons; a feed answers with the list of what it stored.
"""

from __future__ import annotations

import asyncio
import logging
import re
from pathlib import PurePath

import feedparser

from digests import feeds, sources
from digests.ingest import IngestError, IngestResult, article_from_text, ingest_article
from digests.readers import (
    FEED_SUFFIXES,
    HTML_SUFFIXES,
    MARKDOWN_SUFFIXES,
    ArticleError,
    read_article_bytes,
)
from handlers.common import parse_int
from handlers.core import Button, Context, Field, Reply, Request, Section
from handlers.i18n import format_date
from handlers.registry import Argument, Command, CommandRegistry

log = logging.getLogger(__name__)

_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)
FILE_SUFFIXES = (".txt", ".text", *MARKDOWN_SUFFIXES, *HTML_SUFFIXES, *FEED_SUFFIXES)
MAX_LISTED = 20


def preview_reply(req: Request, ctx: Context, result: IngestResult) -> Reply:
    """What an admin sees after a load: headline, cards, counts, and publish/discard buttons."""
    if result.duplicate or result.analysis is None:
        return Reply.message(ctx.t(req, "admin.duplicate", id=result.article_id))
    analysis = result.analysis
    cards = "\n".join(f"{c.emoji} {c.title if req.locale == 'ar' or analysis.language == 'en' else c.title_en}" for c in analysis.cards)
    fields = [
        Field(ctx.t(req, "admin.cards"), cards or "—"),
        Field(ctx.t(req, "admin.actors"), ctx.t(req, "admin.n_actors", n=len(analysis.actors)), inline=True),
        Field(ctx.t(req, "admin.events"), ctx.t(req, "admin.n_events", n=len(analysis.timeline)), inline=True),
    ]
    if "unsupported-language" in analysis.flags:
        fields.append(Field(ctx.t(req, "admin.note"), ctx.t(req, "admin.unsupported_language")))
    if "date-assumed" in analysis.flags and analysis.published is not None:
        day = format_date(analysis.published, req.locale or ctx.settings.default_language)
        fields.append(Field(ctx.t(req, "admin.note"), ctx.t(req, "admin.date_assumed", date=day)))
    aid = str(result.article_id)
    return Reply(
        sections=[Section(title=ctx.t(req, "admin.stored", id=aid, title=analysis.title), fields=fields)],
        buttons=[
            [
                Button(ctx.t(req, "admin.publish_button"), "publish", (aid,)),
                Button(ctx.t(req, "admin.discard_button"), "delete", (aid,)),
            ]
        ],
        data={"article_id": result.article_id},
    )


def looks_like_load(req: Request) -> bool:
    """Text that is meant as an article: a file, a URL, a forwarded post or several lines."""
    text = req.text.strip()
    return bool(req.attachments or _URL.match(text) or req.source or "\n" in text)


async def load_text(req: Request, ctx: Context) -> Reply:
    """Plain text, a URL or a file from an admin in a private chat: an article (or feed) to load."""
    if not req.is_admin or not req.is_private:
        key = "loading.refused" if looks_like_load(req) else "core.not_a_command"
        return Reply.message(ctx.t(req, key), error=True)
    text = req.text.strip()
    max_bytes = ctx.settings.max_article_bytes
    from handlers.feeds import import_opml, opml_attachment

    opml = opml_attachment(req)
    if opml is not None:  # an uploaded feed list, not an article
        return await import_opml(req, ctx, opml)
    try:
        if req.attachments:
            results = await _load_files(req, ctx)
            what = req.attachments[0].filename
        elif _URL.match(text):
            results = await sources.ingest_url(ctx.store, ctx.settings, text)
            what = text
        else:
            source = req.source or ctx.t(req, "admin.pasted_source")
            article = article_from_text(req.text, source=source, max_bytes=max_bytes)
            results = [await ingest_article(ctx.store, article, max_bytes=max_bytes)]
            what = source
    except (IngestError, ArticleError) as exc:
        log.info("load refused for %s:%s: %s", req.platform, req.user_id, exc.key)
        return Reply.message(ctx.t(req, exc.key, **exc.params), error=True)
    if not results:
        return Reply.message(ctx.t(req, "ingest.empty"), error=True)
    for result in results:
        if not result.duplicate:
            await _audit(ctx, req, "load", f"{result.article_id} {what[:200]}")
    if len(results) == 1:
        return preview_reply(req, ctx, results[0])
    return many_reply(req, ctx, results)


async def _load_files(req: Request, ctx: Context) -> list[IngestResult]:
    results: list[IngestResult] = []
    max_bytes = ctx.settings.max_article_bytes
    for attachment in req.attachments:
        suffix = PurePath(attachment.filename).suffix.lower()
        if suffix not in FILE_SUFFIXES:
            raise IngestError("ingest.unsupported_file")
        if suffix in FEED_SUFFIXES and (b"<item" in attachment.data or b"<entry" in attachment.data):
            feed_limit = int(ctx.settings.get("feeds", "max_bytes"))
            if len(attachment.data) > feed_limit:
                raise IngestError("ingest.too_large", size_kb=len(attachment.data) // 1024, limit_kb=feed_limit // 1024)
            parsed = await asyncio.to_thread(feedparser.parse, attachment.data)
            found = await feeds.ingest_entries(ctx.store, ctx.settings, parsed, feed_id=None)
            if not found:
                raise IngestError("ingest.empty")
            results.extend(found)
            continue
        article = read_article_bytes(attachment.data, attachment.filename, max_bytes=max_bytes)
        if not article.source or article.source == attachment.filename:
            article.source = attachment.filename
        results.append(await ingest_article(ctx.store, article, max_bytes=max_bytes))
    return results


def many_reply(req: Request, ctx: Context, results: list[IngestResult]) -> Reply:
    """What an admin sees after a feed load: every article stored (and the duplicates skipped)."""
    stored = [r for r in results if not r.duplicate]
    lines = []
    for r in results[:MAX_LISTED]:
        key = "loading.line_duplicate" if r.duplicate else "loading.line_stored"
        lines.append(ctx.t(req, key, id=r.article_id, title=r.article.title[:150]))
    if len(results) > MAX_LISTED:
        lines.append(ctx.t(req, "loading.more", n=len(results) - MAX_LISTED))
    buttons = [[Button(f"#{r.article_id}", "article", (str(r.article_id),)) for r in stored[:5]]] if stored else []
    return Reply(
        sections=[Section(title=ctx.t(req, "loading.many_title", n=len(stored)), text="\n".join(lines))],
        buttons=buttons,
        data={"article_ids": [r.article_id for r in results]},
    )


async def delete(req: Request, ctx: Context) -> Reply:
    article_id = parse_int(req.args[0]) if req.args else None
    if article_id is None:
        return Reply.message(ctx.t(req, "admin.delete_usage"), error=True)
    deleted = await ctx.store.delete_article(article_id)
    if not deleted:
        return Reply.message(ctx.t(req, "core.no_such_article", id=article_id), error=True)
    await _audit(ctx, req, "delete", str(article_id))
    return Reply.message(ctx.t(req, "admin.deleted", id=article_id))


async def stats(req: Request, ctx: Context) -> Reply:
    store = ctx.store
    counts = {}
    for table in ("articles", "cards", "actors", "events", "feeds", "subscriptions"):
        row = await store.fetchone(f"SELECT count(*) FROM {table}")  # table names are constants
        counts[table] = int(row[0]) if row else 0
    fields = [Field(ctx.t(req, f"admin.stat.{k}"), str(v), inline=True) for k, v in counts.items()]
    return Reply(sections=[Section(title=ctx.t(req, "admin.stats_title"), fields=fields)])


async def publish(req: Request, ctx: Context) -> Reply:
    article_id = parse_int(req.args[0]) if req.args else None
    if article_id is None or await ctx.store.get_article(article_id) is None:
        return Reply.message(ctx.t(req, "admin.publish_usage"), error=True)
    publisher = ctx.services.get("publisher")
    if publisher is None:
        return Reply.message(ctx.t(req, "admin.no_channels"))
    sent = await publisher(article_id)
    await _audit(ctx, req, "publish", str(article_id))
    return Reply.message(ctx.t(req, "admin.published", id=article_id, n=sent))


async def _audit(ctx: Context, req: Request, action: str, detail: str) -> None:
    try:
        async with ctx.store.transaction():
            await ctx.store.audit(req.platform, req.user_id, action, detail)
    except Exception:
        log.exception("audit log write failed")


def register(registry: CommandRegistry) -> None:
    registry.text_handler = load_text
    article_arg = [Argument("id", "core.arg.article", required=True, kind="integer", autocomplete="article")]
    registry.add(Command("delete", delete, "admin.help.delete", args=article_arg, admin_only=True, group="admin"))
    registry.add(Command("publish", publish, "admin.help.publish", args=article_arg, admin_only=True, group="admin"))
    registry.add(Command("stats", stats, "admin.help.stats", admin_only=True, group="admin"))
