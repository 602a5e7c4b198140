"""Admin commands: loading articles (pasted text), previews, /delete, /stats."""

from __future__ import annotations

import logging

from digests.ingest import IngestError, IngestResult, article_from_text, ingest_article
from handlers.common import parse_int
from handlers.core import Button, Context, Field, Reply, Request, Section
from handlers.registry import Argument, Command, CommandRegistry

log = logging.getLogger(__name__)


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


async def load_text(req: Request, ctx: Context) -> Reply:
    """Plain text from an admin in a private chat: an article to load (first line = headline)."""
    if not req.is_admin:
        return Reply.message(ctx.t(req, "core.not_a_command"), error=True)
    try:
        article = article_from_text(req.text, source=ctx.t(req, "admin.pasted_source"), max_bytes=ctx.settings.max_article_bytes)
        result = await ingest_article(ctx.store, article, max_bytes=ctx.settings.max_article_bytes)
    except IngestError as exc:
        return Reply.message(ctx.t(req, exc.key, **exc.params), error=True)
    await _audit(ctx, req, "load", str(result.article_id))
    return preview_reply(req, ctx, result)


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
