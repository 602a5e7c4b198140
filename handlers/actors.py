"""Actor commands: /actors [ARTICLE] (who is involved) and /actor NAME (one actor's card).

Actors are stored at ingest time (``digests.store.actors``); nothing is recomputed here. Without an
article, /actors ranks actors by mentions in the 30 days up to the newest stored article, so an
archive of older news still answers. /actor matches names fuzzily and suggests the closest names.
"""

from __future__ import annotations

import logging

from digests.roles import role_in
from digests.store import actors as actor_rows
from handlers.common import MAX_ARG_LEN, UserError, article_date, error_reply, parse_int
from handlers.core import Button, Context, Field, Reply, Request, Section, em
from handlers.registry import Argument, Command, CommandRegistry
from handlers.timeline import format_when

log = logging.getLogger(__name__)

PEOPLE_MAX = 10
COUNTRIES_MAX = 12
PLACES_MAX = 8
QUOTE_CHARS = 160
CARD_ARTICLES = 8
CARD_QUOTES = 5
CARD_EVENTS = 8
COUNTRY_KINDS = ("country", "organisation", "group")


def display_name(name: str, name_en: str | None, locale: str) -> str:
    """The name in the reader's language when one is known."""
    return name_en if locale == "en" and name_en else name


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _quote(text: str, locale: str) -> str:
    return f"«{text}»" if locale == "ar" else f"“{text}”"


async def actors_cmd(req: Request, ctx: Context) -> Reply:
    """/actors [ARTICLE]: people first, then countries and organisations, then places."""
    db = ctx.store.db
    if req.args:
        article_id = parse_int(req.args[0])
        if article_id is None:
            return error_reply(req, ctx, UserError("core.bad_article_id", value=req.args[0][:MAX_ARG_LEN]))
        row = await ctx.store.get_article(article_id)
        if row is None:
            return error_reply(req, ctx, UserError("core.no_such_article", id=article_id))
        lines = await actor_rows.for_article(db, article_id)
        title = ctx.t(req, "actors.title_article", id=article_id)
        if not lines:
            return Reply.message(ctx.t(req, "actors.none_article"))
    else:
        lines = await actor_rows.ranked(db)
        title = ctx.t(req, "actors.title_all", days=actor_rows.WINDOW_DAYS)
        if not lines:
            return Reply.message(ctx.t(req, "actors.none_all"))
    people = [a for a in lines if a.kind == "person"][:PEOPLE_MAX]
    countries = [a for a in lines if a.kind in COUNTRY_KINDS][:COUNTRIES_MAX]
    places = [a for a in lines if a.kind == "place"][:PLACES_MAX]
    sections: list[Section] = [Section(title=title)]
    if people:
        text = []
        for a in people:
            line = f"• {em(display_name(a.name, a.name_en, req.locale))}"
            if a.role:
                line += f" — {role_in(a.role, req.locale or ctx.settings.default_language)}"
            if a.quotes:
                line += f"\n  {_quote(_shorten(a.quotes[0], QUOTE_CHARS), req.locale)}"
            text.append(line)
        sections.append(Section(title=ctx.t(req, "actors.people"), text="\n".join(text), color="person"))
    for key, group, kind in (("actors.countries", countries, "country"), ("actors.places", places, "place")):
        if group:
            text = "\n".join(
                f"• {em(display_name(a.name, a.name_en, req.locale))} · {ctx.t(req, 'actors.mentions', n=a.mentions)}"
                for a in group
            )
            sections.append(Section(title=ctx.t(req, key), text=text, color=kind))
    example = display_name((people or countries or places or lines)[0].name,
                           (people or countries or places or lines)[0].name_en, req.locale)
    sections[-1].footer = ctx.t(req, "actors.footer", example=example)
    buttons = [
        Button(display_name(a.name, a.name_en, req.locale), "actor", (a.name,)) for a in (people or countries)[:3]
    ]
    return Reply(sections=sections, buttons=[buttons] if buttons else [])


async def actor_cmd(req: Request, ctx: Context) -> Reply:
    """/actor NAME: roles seen, aliases, articles (newest first), quotes and timeline events."""
    query = (req.text or " ".join(req.args)).strip()[:MAX_ARG_LEN]
    if not query:
        return Reply.message(ctx.t(req, "actors.usage"), error=True)
    db = ctx.store.db
    actor_id = await actor_rows.find(db, query)
    if actor_id is None:
        names = await actor_rows.closest(db, query)
        text = ctx.t(req, "actors.not_found", name=query)
        if names:
            text += "\n" + ctx.t(req, "actors.closest", names="، ".join(names) if req.locale == "ar" else ", ".join(names))
        return Reply(
            sections=[Section(text=text)],
            buttons=[[Button(n, "actor", (n,)) for n in names[:3]]] if names else [],
            error=True,
        )
    card = await actor_rows.card(db, actor_id)
    if card is None:  # pragma: no cover - find() returned a stored id
        return Reply.message(ctx.t(req, "actors.not_found", name=query), error=True)
    shown = display_name(card.name, card.name_en, req.locale)
    other = card.name if shown != card.name else card.name_en
    title = f"{shown} ({other})" if other and other != shown else shown
    fields = [Field(ctx.t(req, "actors.field.kind"), ctx.t(req, f"actors.kind.{card.kind}"), inline=True)]
    if card.roles:
        language = req.locale or ctx.settings.default_language
        roles = list(dict.fromkeys(role_in(r, language) for r in card.roles))  # two sources, one role
        fields.append(Field(ctx.t(req, "actors.field.roles"), "، ".join(roles) if language == "ar" else "; ".join(roles)))
    if card.aliases:
        fields.append(Field(ctx.t(req, "actors.field.aliases"), "، ".join(card.aliases[:12])))
    art_lines = []
    for r in card.articles[:CARD_ARTICLES]:
        when = article_date(r, req.locale)
        art_lines.append(f"#{r['article_id']} {em(r['title'])}" + (f" · {when}" if when else ""))
    if card.article_count > CARD_ARTICLES:
        art_lines.append(ctx.t(req, "actors.more", n=card.article_count - CARD_ARTICLES))
    fields.append(Field(ctx.t(req, "actors.field.articles") + f" ({ctx.t(req, 'actors.n_articles', n=card.article_count)})",
                        "\n".join(art_lines)))
    if card.quotes:
        fields.append(Field(
            ctx.t(req, "actors.field.quotes"),
            "\n".join(f"{_quote(_shorten(q, QUOTE_CHARS), req.locale)} (#{aid})" for aid, q in card.quotes[:CARD_QUOTES]),
        ))
    if card.events:
        ev_lines = []
        for e in card.events[:CARD_EVENTS]:
            when = format_when(ctx, req, e["start"], e["end"], e["precision"], e["text"] or "")
            ev_lines.append(f"{em(when)} — {_shorten(e['event'], QUOTE_CHARS)} (#{e['article_id']})")
        fields.append(Field(ctx.t(req, "actors.field.events"), "\n".join(ev_lines)))
    section = Section(
        title=title,
        fields=fields,
        footer=ctx.t(req, "actors.mentions", n=card.mentions),
        color=card.kind,
    )
    buttons = [[Button(f"#{r['article_id']}", "article", (str(r["article_id"]),)) for r in card.articles[:4]]]
    return Reply(sections=[section], buttons=buttons if card.articles else [])


def register(registry: CommandRegistry) -> None:
    registry.add(
        Command(
            "actors",
            actors_cmd,
            "actors.help.actors",
            args=[Argument("article", "actors.arg.article", kind="integer", autocomplete="article")],
            aliases=("الفاعلون",),
        )
    )
    registry.add(
        Command(
            "actor",
            actor_cmd,
            "actors.help.actor",
            args=[Argument("name", "actors.arg.name", required=True, autocomplete="actor")],
            aliases=("فاعل",),
        )
    )
