"""Admin feed commands: /addfeed URL [MINUTES] (or an attached OPML file), /feeds [export|import], /removefeed ID.

``/feeds export`` answers with a short line and the whole feed list as an OPML file in
``reply.attachment`` (each adapter sends it as a document, so no feed list is ever cut short).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import PurePath

import aiosqlite

from digests import feeds
from digests.fetch import FetchError
from digests.ingest import IngestError
from digests.sources import FEED_ACCEPT, looks_like_feed, parse_feed
from digests.store import now_iso
from handlers.common import parse_int
from handlers.core import Attachment, Context, Reply, Request, Section, em
from handlers.i18n import format_date
from handlers.registry import Argument, Command, CommandRegistry

log = logging.getLogger(__name__)

OPML_SUFFIXES = (".opml", ".xml")
MAX_LISTED = 50
OPML_MIME = "text/x-opml"


def opml_attachment(req: Request) -> bytes | None:
    for attachment in req.attachments:
        suffix = PurePath(attachment.filename).suffix.lower()
        if suffix in OPML_SUFFIXES and b"<opml" in attachment.data[:4096].lower():
            return attachment.data
    return None


async def import_opml(req: Request, ctx: Context, data: bytes) -> Reply:
    try:
        outcome = await feeds.opml_import(ctx.store, data, added_by=f"{req.platform}:{req.user_id}")
    except IngestError as exc:
        return Reply.message(ctx.t(req, exc.key, **exc.params), error=True)
    await _schedule_changed(ctx)
    return Reply.message(
        ctx.t(req, "feeds.imported", added=len(outcome.added), existing=outcome.existing, invalid=len(outcome.invalid))
    )


async def _schedule_changed(ctx: Context) -> None:
    hook = ctx.services.get("schedule_changed")
    if hook is not None:
        try:
            await hook()
        except Exception:
            log.exception("could not update the schedule")


async def addfeed(req: Request, ctx: Context) -> Reply:
    opml = opml_attachment(req)
    if opml is not None:
        return await import_opml(req, ctx, opml)
    url = req.args[0] if req.args else ""
    if not url:
        return Reply.message(ctx.t(req, "feeds.addfeed_usage"), error=True)
    existing = await feeds.feed_by_url(ctx.store, url)
    if existing is not None and existing["active"]:
        return Reply.message(ctx.t(req, "feeds.already", id=existing["id"]))
    try:
        from digests.fetch import fetch

        result = await fetch(url, settings=ctx.settings, accept=FEED_ACCEPT)
        if not looks_like_feed(result):
            raise IngestError("feeds.not_a_feed")
        parsed = await parse_feed(result)
        if not parsed.entries and not parsed.get("version"):
            raise IngestError("feeds.unparsable")
    except (FetchError, IngestError) as exc:
        return Reply.message(ctx.t(req, exc.key, **exc.params), error=True)
    final_url = result.permanent_url or url
    title = feeds.feed_title(parsed) or final_url
    minutes = parse_int(req.args[1], maximum=24 * 60) if len(req.args) > 1 else None
    feed_id, _ = await feeds.add_feed(
        ctx.store, final_url, title=title, added_by=f"{req.platform}:{req.user_id}", interval_min=minutes
    )
    results = await feeds.ingest_entries(ctx.store, ctx.settings, parsed, feed_id=feed_id)
    async with ctx.store.transaction() as db:
        await db.execute(
            "UPDATE feeds SET etag = ?, last_modified = ?, last_polled = ? WHERE id = ?",
            (result.etag, result.last_modified, now_iso(), feed_id),
        )
        await ctx.store.audit(req.platform, req.user_id, "addfeed", f"{feed_id} {final_url[:200]}")
    stored = sum(1 for r in results if not r.duplicate)
    return Reply.message(
        ctx.t(
            req,
            "feeds.added",
            id=feed_id,
            title=title,
            entries=ctx.t(req, "feeds.n_entries", n=len(parsed.entries)),
            stored=ctx.t(req, "feeds.n_stored", n=stored),
        )
    )


def _feed_line(req: Request, ctx: Context, row: aiosqlite.Row) -> str:
    head = f"#{row['id']} {em(row['title'] or row['url'])}\n{row['url']}"
    error = feeds.last_error(row)
    if error is not None and row["failures"]:
        key, params = error
        state = ctx.t(req, "feeds.failing", n=row["failures"], error=ctx.t(req, key, **params))
    elif row["last_polled"]:
        when = format_date(datetime.fromisoformat(row["last_polled"]), req.locale, "medium")
        state = ctx.t(req, "feeds.ok", when=when)
    else:
        state = ctx.t(req, "feeds.never_polled")
    return f"{head}\n{state}"


async def feeds_cmd(req: Request, ctx: Context) -> Reply:
    action = req.args[0].lower() if req.args else ""
    if action in ("import", "استيراد"):
        data = opml_attachment(req)
        if data is None:
            return Reply.message(ctx.t(req, "feeds.import_usage"), error=True)
        return await import_opml(req, ctx, data)
    rows = await feeds.list_feeds(ctx.store)
    if action in ("export", "opml", "تصدير"):
        data = feeds.opml_export(rows).encode("utf-8")
        filename = f"newsbot-feeds-{datetime.now(UTC):%Y%m%d}.opml"
        return Reply(
            sections=[Section(title=ctx.t(req, "feeds.export_title"), text=ctx.t(req, "feeds.exported", n=len(rows)))],
            attachment=Attachment(filename, data, OPML_MIME),
        )
    if not rows:
        return Reply.message(ctx.t(req, "feeds.none"))
    lines = [_feed_line(req, ctx, r) for r in rows[:MAX_LISTED]]
    return Reply(sections=[Section(title=ctx.t(req, "feeds.list_title", n=len(rows)), text="\n\n".join(lines))])


async def removefeed(req: Request, ctx: Context) -> Reply:
    feed_id = parse_int(req.args[0]) if req.args else None
    if feed_id is None:
        return Reply.message(ctx.t(req, "feeds.removefeed_usage"), error=True)
    if not await feeds.remove_feed(ctx.store, feed_id):
        return Reply.message(ctx.t(req, "feeds.no_such_feed", id=feed_id), error=True)
    async with ctx.store.transaction():
        await ctx.store.audit(req.platform, req.user_id, "removefeed", str(feed_id))
    return Reply.message(ctx.t(req, "feeds.removed", id=feed_id))


def register(registry: CommandRegistry) -> None:
    registry.add(
        Command(
            "addfeed",
            addfeed,
            "feeds.help.addfeed",
            args=[Argument("url", "feeds.arg.url"), Argument("minutes", "feeds.arg.minutes", kind="integer")],
            admin_only=True,
            group="admin",
        )
    )
    registry.add(
        Command("feeds", feeds_cmd, "feeds.help.feeds", args=[Argument("action", "feeds.arg.action")], admin_only=True, group="admin")
    )
    registry.add(
        Command(
            "removefeed",
            removefeed,
            "feeds.help.removefeed",
            args=[Argument("id", "feeds.arg.id", required=True, kind="integer")],
            admin_only=True,
            group="admin",
        )
    )
