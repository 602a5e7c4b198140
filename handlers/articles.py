"""Core reading commands: /start, /help, /latest, /article, /search, /lang."""

from __future__ import annotations

from digests.store import chats as chat_rows
from digests.store import search as search_rows
from digests.store.cards import for_article as cards_for_article
from handlers.common import (
    UserError,
    article_date,
    article_ref,
    error_reply,
    parse_int,
    split_page_arg,
)
from handlers.core import Button, Context, Field, Reply, Request, Section, em
from handlers.registry import Argument, Command, CommandRegistry

LATEST_DEFAULT = 5
LATEST_MAX = 20
SEARCH_PAGE = 5


async def start(req: Request, ctx: Context) -> Reply:
    count = await ctx.store.count_articles()
    text = ctx.t(req, "core.start", articles=ctx.t(req, "core.n_articles", n=count))
    return Reply(
        sections=[Section(title=ctx.t(req, "core.start_title"), text=text)],
        buttons=[[Button(ctx.t(req, "core.help_button"), "help"), Button(ctx.t(req, "core.latest_button"), "latest")]],
    )


async def help_(req: Request, ctx: Context) -> Reply:
    lines = []
    for command in ctx.registry.visible(admin=req.is_admin):
        lines.append(f"{em(command.usage())} — {ctx.t(req, command.help_key)}")
    return Reply(sections=[Section(title=ctx.t(req, "core.help_title"), text="\n".join(lines))])


async def latest(req: Request, ctx: Context) -> Reply:
    n = LATEST_DEFAULT
    if req.args:
        parsed = parse_int(req.args[0], maximum=LATEST_MAX)
        if parsed is None:
            return Reply.message(ctx.t(req, "core.bad_count", max=LATEST_MAX), error=True)
        n = parsed
    rows = await ctx.store.latest_articles(n)
    if not rows:
        return Reply.message(ctx.t(req, "core.no_articles"))
    lines = []
    for row in rows:
        meta = " · ".join(x for x in (article_date(row, req.locale), row["source"]) if x)
        lines.append(f"#{row['id']} {em(row['title'])}\n{meta}")
    return Reply(
        sections=[Section(title=ctx.t(req, "core.latest_title", n=len(rows)), text="\n\n".join(lines))],
        buttons=[[Button(f"#{row['id']}", "article", (str(row["id"]),)) for row in rows[:5]]],
    )


async def article(req: Request, ctx: Context) -> Reply:
    try:
        row = await article_ref(req, ctx, req.args[0] if req.args else None)
    except UserError as exc:
        return error_reply(req, ctx, exc)
    cards = await cards_for_article(ctx.store.db, int(row["id"]))
    title_of = (lambda c: c.title_en) if req.locale == "en" and row["language"] != "en" else (lambda c: c.title)
    card_lines = "\n".join(f"{i}. {c.emoji} {title_of(c)}" for i, c in enumerate(cards, 1))
    fields = [
        Field(ctx.t(req, "core.source"), row["source"] or "—", inline=True),
        Field(ctx.t(req, "core.date"), article_date(row, req.locale) or "—", inline=True),
    ]
    if card_lines:
        fields.append(Field(ctx.t(req, "core.cards_field", n=len(cards)), card_lines))
    section = Section(title=f"#{row['id']} {row['title']}", url=row["url"], fields=fields)
    buttons = [[Button(ctx.t(req, "core.cards_button"), "cards", (str(row["id"]),))]] if cards else []
    return Reply(sections=[section], buttons=buttons)


async def search(req: Request, ctx: Context) -> Reply:
    args, page = split_page_arg(req.args)
    query = " ".join(args).strip()
    if not query:
        return Reply.message(ctx.t(req, "core.search_usage"), error=True)
    if not search_rows.query_terms(query):
        return Reply.message(ctx.t(req, "core.search_no_terms"), error=True)
    offset = (page - 1) * SEARCH_PAGE
    hits = await search_rows.search(ctx.store.db, query, limit=SEARCH_PAGE + 1, offset=offset)
    if not hits:
        return Reply.message(ctx.t(req, "core.search_none", query=query[:100]))
    more = len(hits) > SEARCH_PAGE
    hits = hits[:SEARCH_PAGE]
    lines = []
    for hit in hits:
        snippet = hit.snippet.replace(search_rows.HIGHLIGHT_START, "\ue000").replace(search_rows.HIGHLIGHT_END, "\ue001")
        lines.append(f"#{hit.article_id} {em(hit.title)}\n{snippet}")
    buttons = []
    nav = []
    if page > 1:
        nav.append(Button(ctx.t(req, "core.prev"), "search", (*args, f"p{page - 1}")))
    if more:
        nav.append(Button(ctx.t(req, "core.next"), "search", (*args, f"p{page + 1}")))
    if nav:
        buttons.append(nav)
    return Reply(
        sections=[Section(title=ctx.t(req, "core.search_title", query=query[:100]), text="\n\n".join(lines))],
        buttons=buttons,
    )


async def lang(req: Request, ctx: Context) -> Reply:
    choice = req.args[0].lower() if req.args else ""
    aliases = {"ar": "ar", "arabic": "ar", "عربي": "ar", "العربية": "ar", "en": "en", "english": "en", "انجليزي": "en"}
    if choice not in aliases:
        return Reply.message(ctx.t(req, "core.lang_usage"), error=True)
    if not req.is_private and not (req.chat_is_admin or req.is_admin):
        return Reply.message(ctx.t(req, "core.lang_needs_chat_admin"), error=True)
    new = aliases[choice]
    async with ctx.store.transaction() as db:
        await chat_rows.set_language(db, req.platform, req.chat_id, new)
    req.locale = new
    return Reply.message(ctx.t(req, "core.lang_set"))


def register(registry: CommandRegistry) -> None:
    registry.add(Command("start", start, "core.help.start"))
    registry.add(Command("help", help_, "core.help.help", aliases=("commands", "مساعدة")))
    registry.add(
        Command("latest", latest, "core.help.latest", args=[Argument("n", "core.arg.count", kind="integer")])
    )
    registry.add(
        Command(
            "article",
            article,
            "core.help.article",
            args=[Argument("id", "core.arg.article", required=True, kind="integer", autocomplete="article")],
        )
    )
    registry.add(
        Command("search", search, "core.help.search", args=[Argument("query", "core.arg.query", required=True)])
    )
    registry.add(Command("lang", lang, "core.help.lang", args=[Argument("language", "core.arg.language", required=True)]))
