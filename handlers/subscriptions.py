"""Digest subscriptions: /subscribe [HH:MM] [TIMEZONE] [filters], /unsubscribe, /subscription.

In a group or channel only its admins (``Request.chat_is_admin``, set by the adapters) or bot
admins may change the subscription. Filters: ``digests.filters``.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from digests import filters as filter_mod
from digests.schedule import next_fire_times
from digests.store import parse_dt
from digests.store import subscriptions as sub_rows
from handlers.core import Context, Field, Reply, Request, Section
from handlers.i18n import format_date
from handlers.registry import Argument, Command, CommandRegistry

log = logging.getLogger(__name__)

_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


class _Refused(Exception):
    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def parse_time(value: str) -> str | None:
    match = _TIME.match(value.translate(_DIGITS))
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def parse_timezone(value: str) -> str | None:
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_+\-/]{1,40}", value) or ".." in value:
        return None
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return value


def parse_args(args: list[str], default_time: str, default_tz: str) -> tuple[str, str, filter_mod.Filters]:
    time_, tz, words = default_time, default_tz, []
    for arg in args:
        if _TIME.match(arg.translate(_DIGITS)):
            parsed = parse_time(arg)
            if parsed is None:
                raise _Refused("subs.bad_time", value=arg[:20])
            time_ = parsed
        elif filter_mod.is_filter_word(arg):
            words.append(arg)
        else:
            zone = parse_timezone(arg)
            if zone is None:
                raise _Refused("subs.bad_timezone", value=arg[:60])
            tz = zone
    try:
        return time_, tz, filter_mod.parse(words)
    except filter_mod.FilterError as exc:
        raise _Refused(exc.key, **exc.params) from None


def _may_manage(req: Request) -> bool:
    return req.is_private or req.chat_is_admin or req.is_admin


async def _changed(ctx: Context) -> None:
    hook = ctx.services.get("schedule_changed")
    if hook is not None:
        try:
            await hook()
        except Exception:  # the subscription is stored; the next start rebuilds the jobs anyway
            log.exception("could not update the digest schedule")


async def subscribe(req: Request, ctx: Context) -> Reply:
    if not _may_manage(req):
        return Reply.message(ctx.t(req, "subs.needs_chat_admin"), error=True)
    existing = await sub_rows.get(ctx.store, req.platform, req.chat_id, req.thread_id)
    default_time = existing["time"] if existing is not None else ctx.settings.get("digest", "default_time")
    default_tz = existing["timezone"] if existing is not None else ctx.settings.timezone
    try:
        time_, tz, wanted = parse_args(req.args, default_time, default_tz)
    except _Refused as exc:
        return Reply.message(ctx.t(req, exc.key, **exc.params), error=True)
    if existing is not None and not any(filter_mod.is_filter_word(a) for a in req.args):
        wanted = filter_mod.Filters.from_json(sub_rows.filters_of(existing))  # keep the filters
    await sub_rows.subscribe(
        ctx.store, req.platform, req.chat_id, time=time_, timezone=tz, filters=wanted.to_json(),
        thread_id=req.thread_id, created_by=f"{req.platform}:{req.user_id}",
    )
    async with ctx.store.transaction():
        await ctx.store.audit(req.platform, req.user_id, "subscribe", f"{req.chat_id} {time_} {tz} {' '.join(wanted.describe())}"[:300])
    await _changed(ctx)
    reply = await subscription(req, ctx)
    reply.sections.insert(0, Section(text=ctx.t(req, "subs.subscribed", time=time_, timezone=tz)))
    return reply


async def unsubscribe(req: Request, ctx: Context) -> Reply:
    if not _may_manage(req):
        return Reply.message(ctx.t(req, "subs.needs_chat_admin"), error=True)
    if not await sub_rows.unsubscribe(ctx.store, req.platform, req.chat_id, req.thread_id):
        return Reply.message(ctx.t(req, "subs.not_subscribed"))
    async with ctx.store.transaction():
        await ctx.store.audit(req.platform, req.user_id, "unsubscribe", req.chat_id)
    await _changed(ctx)
    return Reply.message(ctx.t(req, "subs.unsubscribed"))


async def subscription(req: Request, ctx: Context) -> Reply:
    sub = await sub_rows.get(ctx.store, req.platform, req.chat_id, req.thread_id)
    if sub is None or not sub["active"]:
        return Reply.message(ctx.t(req, "subs.not_subscribed"))
    wanted = filter_mod.Filters.from_json(sub_rows.filters_of(sub))
    zone = ZoneInfo(sub["timezone"])
    upcoming = next(iter(next_fire_times(sub["time"], sub["timezone"], datetime.now(UTC), 1)), None)
    last = parse_dt(sub["last_digest"])
    fields = [
        Field(ctx.t(req, "subs.time"), sub["time"], inline=True),
        Field(ctx.t(req, "subs.timezone"), sub["timezone"], inline=True),
        Field(ctx.t(req, "subs.filters"), " ".join(wanted.describe()) or ctx.t(req, "subs.no_filters")),
    ]
    if upcoming is not None:
        local = upcoming.astimezone(zone)
        fields.append(Field(ctx.t(req, "subs.next"), f"{format_date(local, req.locale)} {local:%H:%M}", inline=True))
    fields.append(
        Field(ctx.t(req, "subs.last"), format_date(last.astimezone(zone), req.locale) if last else ctx.t(req, "subs.never"), inline=True)
    )
    return Reply(sections=[Section(title=ctx.t(req, "subs.title"), fields=fields)])


def register(registry: CommandRegistry) -> None:
    registry.add(
        Command(
            "subscribe",
            subscribe,
            "subs.help.subscribe",
            args=[Argument("time", "subs.arg.time"), Argument("options", "subs.arg.options")],
            aliases=("اشترك",),
        )
    )
    registry.add(Command("unsubscribe", unsubscribe, "subs.help.unsubscribe", aliases=("الغاء_الاشتراك",)))
    registry.add(Command("subscription", subscription, "subs.help.subscription", aliases=("اشتراكي",)))
