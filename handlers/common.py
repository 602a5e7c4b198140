"""Small helpers shared by handlers: argument parsing, article references, pages, dates."""

from __future__ import annotations

import json
from datetime import datetime

import aiosqlite

from handlers.core import Button, Context, Reply, Request
from handlers.i18n import format_date

MAX_ARG_LEN = 200


class UserError(Exception):
    """A request the user can fix; carries a catalogue key and its parameters."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def error_reply(req: Request, ctx: Context, exc: UserError) -> Reply:
    return Reply.message(ctx.t(req, exc.key, **exc.params), locale=req.locale, error=True)


def parse_int(value: str, *, minimum: int = 1, maximum: int = 10**9) -> int | None:
    """An integer from user text (Arabic-Indic digits and a leading '#' allowed), or None."""
    value = value.strip().lstrip("#").translate(str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789"))
    if not (value.isascii() and value.isdigit()) or len(value) > 12:  # "²".isdigit() is True
        return None
    n = int(value)
    return n if minimum <= n <= maximum else None


async def article_ref(req: Request, ctx: Context, value: str | None) -> aiosqlite.Row:
    """The article named by ``value`` (an id), or the newest one; raises UserError."""
    if value:
        article_id = parse_int(value)
        if article_id is None:
            raise UserError("core.bad_article_id", value=value[:MAX_ARG_LEN])
        row = await ctx.store.get_article(article_id)
        if row is None:
            raise UserError("core.no_such_article", id=article_id)
        return row
    newest = await ctx.store.newest_article_id()
    if newest is None:
        raise UserError("core.no_articles")
    row = await ctx.store.get_article(newest)
    assert row is not None
    return row


def article_date(row: aiosqlite.Row, locale: str) -> str:
    value = row["published"] or row["fetched"]
    return format_date(datetime.fromisoformat(value), locale) if value else ""


def paragraphs_of(row: aiosqlite.Row) -> list[str]:
    return json.loads(row["paragraphs"])


def page_buttons(
    ctx: Context, req: Request, command: str, args: tuple[str, ...], page: int, pages: int
) -> list[list[Button]]:
    """« previous / next » buttons for page ``page`` (1-based) of ``pages``."""
    if pages <= 1:
        return []
    row = []
    if page > 1:
        row.append(Button(ctx.t(req, "core.prev"), command, (*args, f"p{page - 1}")))
    if page < pages:
        row.append(Button(ctx.t(req, "core.next"), command, (*args, f"p{page + 1}")))
    return [row]


def split_page_arg(args: list[str]) -> tuple[list[str], int]:
    """Strip a trailing page marker ``pN`` (as buttons send it) from the arguments."""
    if args and len(args[-1]) > 1 and args[-1][0] == "p" and args[-1][1:].isascii() and args[-1][1:].isdigit():
        return args[:-1], max(1, min(int(args[-1][1:]), 10_000))
    return args, 1
