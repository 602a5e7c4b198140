"""Timeline command: /timeline [ARTICLE | TERM].

Without an argument, the merged timeline of every stored article; with an article number, that
article's events; with any other text, the events mentioning it (a word or an actor). Events of
different articles that report the same happening are one line citing both (``merge_across``).
Dates are formatted with Babel for the chat's language: «3 أكتوبر 2022», "3 October 2022",
«خريف 2020», «التسعينيات».
"""

from __future__ import annotations

import logging
from datetime import date

from babel.dates import format_skeleton

from digests.store import actors as actor_rows
from digests.store import timeline as timeline_rows
from digests.timexpr import time_words
from handlers.common import MAX_ARG_LEN, page_buttons, parse_int, split_page_arg
from handlers.core import Context, Reply, Request, Section, em
from handlers.i18n import format_date
from handlers.registry import Argument, Command, CommandRegistry

log = logging.getLogger(__name__)

PAGE = 10
EVENT_CHARS = 140
_SEASONS = {3: "spring", 6: "summer", 9: "autumn", 12: "winter"}
_DATE_LOCALES = {"en": "en_GB"}  # day-month-year, as wire copy writes it: "3 October 2022"


def _parse(value: str | None) -> date | None:
    if not value:
        return None
    parts = [int(p) for p in value.split("-")]
    try:
        return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None


def format_when(
    ctx: Context, req: Request, start: str | None, end: str | None, precision: str, text: str = ""
) -> str:
    """A timeline date in the reader's language, at the event's precision.

    An approximate event («مؤخرًا», "later", «قبل المحادثات») shows the words the article used and
    the day it is anchored to, so that "recently" still means something in a year-long timeline.
    """
    locale = _DATE_LOCALES.get(req.locale or "ar", req.locale or "ar")
    s, e = _parse(start), _parse(end)
    if precision == "approximate" or s is None:
        words = " ".join(text.split())[:40]
        if not words:
            return ctx.t(req, "timeline.recent")
        if s is None:
            return ctx.t(req, "timeline.approx_undated", text=words)
        return ctx.t(req, "timeline.approx", text=words, date=format_date(s, req.locale or "ar"))
    e = e or s
    if precision == "day":
        if s == e:
            return format_date(s, locale)
        return f"{format_date(s, locale)} – {format_date(e, locale)}"
    if precision == "month":
        first = format_skeleton("yMMMM", s, locale=locale)
        return first if (s.year, s.month) == (e.year, e.month) else f"{first} – {format_skeleton('yMMMM', e, locale=locale)}"
    if precision == "season" and s.month in _SEASONS:
        return ctx.t(req, f"timeline.season.{_SEASONS[s.month]}", year=s.year)
    if precision == "decade":
        name = time_words().decade_display_ar.get(s.year % 100, str(s.year))
        key = "timeline.decade" if s.year // 100 == 19 else "timeline.decade_other_century"
        return ctx.t(req, key, name=name, year=s.year)
    if precision == "century":
        return ctx.t(req, "timeline.century", n=s.year // 100 + 1)
    return str(s.year) if s.year == e.year else f"{s.year}–{e.year}"


def _shorten(text: str, limit: int = EVENT_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


async def timeline_cmd(req: Request, ctx: Context) -> Reply:
    """/timeline [ARTICLE | TERM] [pN]."""
    args, page = split_page_arg(list(req.args))
    target = " ".join(args).strip()[:MAX_ARG_LEN]
    db = ctx.store.db
    article_id = parse_int(target) if target else None
    if article_id is not None and await ctx.store.get_article(article_id) is not None:
        lines = await timeline_rows.events(db, article_id)
        title, empty = ctx.t(req, "timeline.title_article", id=article_id), ctx.t(req, "timeline.none_article")
        if not lines:
            return Reply.message(empty)
        pages = (len(lines) + PAGE - 1) // PAGE
        page = min(max(page, 1), pages)
        shown, more = lines[(page - 1) * PAGE : page * PAGE], page < pages
        if pages > 1:
            title = f"{title} · {ctx.t(req, 'timeline.page', page=page, pages=pages)}"
    else:
        # All articles, or a term: merged lines streamed in order, one page read at a time.
        if target:
            title, empty = ctx.t(req, "timeline.title_term", term=target), ctx.t(req, "timeline.none_term", term=target)
        else:
            title, empty = ctx.t(req, "timeline.title_all"), ctx.t(req, "timeline.none_all")
        term = target or None
        shown, more = await timeline_rows.page_of_lines(db, page=page, per_page=PAGE, term=term)
        if not shown and target:
            # "Putin" for «فلاديمير بوتين»: a person whose name is written in the other script.
            actor_id = await actor_rows.find_by_sound(db, target)
            if actor_id is not None:
                term = await actor_rows.name_in_other_script(db, actor_id, target)
                shown, more = await timeline_rows.page_of_lines(db, page=page, per_page=PAGE, term=term)
        if not shown and page > 1:
            page = 1
            shown, more = await timeline_rows.page_of_lines(db, page=1, per_page=PAGE, term=term)
        if not shown:
            return Reply.message(empty)
        if page > 1 or more:
            title = f"{title} · {ctx.t(req, 'timeline.page_open', page=page)}"
    text = "\n".join(
        f"{em(format_when(ctx, req, line.start, line.end, line.precision, line.text))} — {_shorten(line.event)} "
        + " ".join(f"[#{a}]" for a in line.articles)
        for line in shown
    )
    return Reply(
        sections=[Section(title=title, text=text)],
        buttons=page_buttons(ctx, req, "timeline", tuple(args), page, page + 1 if more else page),
    )


def register(registry: CommandRegistry) -> None:
    registry.add(
        Command(
            "timeline",
            timeline_cmd,
            "timeline.help.timeline",
            aliases=("الخط_الزمني",),
            args=[Argument("target", "timeline.arg.target")],
        )
    )
