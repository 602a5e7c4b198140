"""Digest-card commands: /cards [ARTICLE], /card N [ARTICLE] with prev/next buttons, /digest.

Cards are stored with the article at ingest time (``digests.store.cards``); nothing is recomputed
here. A card's title is shown in the reader's language: the stored title when it matches the
article's language, otherwise the English title or the taxonomy's title for the card's topic.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import aiosqlite

from digests.cards import topic_title
from digests.model import Card
from digests.store.cards import for_article as cards_for_article
from digests.store.cards import for_articles as cards_for_articles
from handlers.common import UserError, article_date, article_ref, error_reply, paragraphs_of, parse_int
from handlers.core import Button, Context, Reply, Request, Section, em
from handlers.registry import Argument, Command, CommandRegistry

log = logging.getLogger(__name__)

DIGEST_ARTICLES = 5
DIGEST_LINE_CHARS = 160
BUTTONS_PER_ROW = 3


def card_title(card: Card, article_language: str, locale: str) -> str:
    """The card's title in the reader's language."""
    if locale == article_language:
        return card.title
    if locale == "en":
        return card.title_en or card.title
    return topic_title(card.topic, locale) or card.title


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


async def cards_cmd(req: Request, ctx: Context) -> Reply:
    """/cards [ARTICLE]: the cards of an article as a numbered list with emoji and titles."""
    try:
        row = await article_ref(req, ctx, req.args[0] if req.args else None)
    except UserError as exc:
        return error_reply(req, ctx, exc)
    article_id = int(row["id"])
    cards = await cards_for_article(ctx.store.db, article_id)
    if not cards:
        return Reply.message(ctx.t(req, "cards.none"))
    lines = [f"{n}. {c.emoji} {em(card_title(c, row['language'], req.locale))}" for n, c in enumerate(cards, 1)]
    buttons = [Button(f"{n}. {c.emoji}", "card", (str(n), str(article_id))) for n, c in enumerate(cards, 1)]
    return Reply(
        sections=[
            Section(
                title=f"#{article_id} {row['title']}",
                text="\n".join(lines),
                footer=f"{ctx.t(req, 'cards.count', n=len(cards))} · {ctx.t(req, 'cards.list_footer', id=article_id)}",
                url=row["url"],
            )
        ],
        buttons=[buttons[i : i + BUTTONS_PER_ROW] for i in range(0, len(buttons), BUTTONS_PER_ROW)],
    )


async def card_cmd(req: Request, ctx: Context) -> Reply:
    """/card N [ARTICLE]: one card in full, with previous/next navigation."""
    if not req.args:
        return Reply.message(ctx.t(req, "cards.card_usage"), error=True)
    n = parse_int(req.args[0], maximum=1000)
    if n is None:
        return Reply.message(ctx.t(req, "cards.bad_number", value=req.args[0][:50]), error=True)
    try:
        row = await article_ref(req, ctx, req.args[1] if len(req.args) > 1 else None)
    except UserError as exc:
        return error_reply(req, ctx, exc)
    article_id = int(row["id"])
    cards = await cards_for_article(ctx.store.db, article_id)
    if not cards:
        return Reply.message(ctx.t(req, "cards.none"))
    if n > len(cards):
        return Reply.message(
            ctx.t(req, "cards.no_such_card", n=n, count=ctx.t(req, "cards.count", n=len(cards))), error=True
        )
    card = cards[n - 1]
    paragraphs = paragraphs_of(row)
    body = "\n\n".join(paragraphs[i] for i in card.paragraphs if 0 <= i < len(paragraphs))
    nav: list[Button] = []
    if n > 1:
        nav.append(Button(ctx.t(req, "cards.prev"), "card", (str(n - 1), str(article_id))))
    if n < len(cards):
        nav.append(Button(ctx.t(req, "cards.next"), "card", (str(n + 1), str(article_id))))
    buttons = [nav] if nav else []
    buttons.append([Button(ctx.t(req, "cards.all"), "cards", (str(article_id),))])
    return Reply(
        sections=[
            Section(
                title=card_title(card, row["language"], req.locale),
                emoji=card.emoji,
                text=body or card.summary,
                footer=ctx.t(req, "cards.position", n=n, total=len(cards), id=article_id),
                color=card.topic or None,
            )
        ],
        buttons=buttons,
        data={"article_id": article_id, "card": n, "key": card.key},
    )


ArticleFilter = Callable[[aiosqlite.Row, list[Card]], bool]


async def digest_sections(
    req: Request, ctx: Context, *, limit: int = DIGEST_ARTICLES, keep: ArticleFilter | None = None
) -> list[Section]:
    """One section per newest article: headline, date and one line per card.

    ``keep`` may drop articles (subscription filters of a later issue plug in here).
    """
    rows = await ctx.store.latest_articles(limit if keep is None else limit * 4)
    by_article = await cards_for_articles(ctx.store.db, [int(r["id"]) for r in rows])
    sections: list[Section] = []
    for row in rows:
        cards = by_article.get(int(row["id"]), [])
        if keep is not None and not keep(row, cards):
            continue
        lines = [
            f"{c.emoji} {em(card_title(c, row['language'], req.locale))}: {_shorten(c.summary, DIGEST_LINE_CHARS)}"
            for c in cards
        ] or [ctx.t(req, "cards.digest_no_cards")]
        meta = " · ".join(x for x in (article_date(row, req.locale), row["source"]) if x)
        sections.append(
            Section(title=f"#{row['id']} {row['title']}", text="\n".join(lines), footer=meta or None, url=row["url"])
        )
        if len(sections) >= limit:
            break
    return sections


async def digest_cmd(req: Request, ctx: Context) -> Reply:
    """/digest: in a subscribed chat with news since its last digest, exactly what its next digest
    would hold now; otherwise the newest articles (subscription filters applied) as headline + one
    line per card."""
    from datetime import UTC, datetime

    from digests.digest import preview, subscription_keep

    upcoming = await preview(
        ctx.store, ctx.catalog, ctx.settings, req.platform, req.chat_id, req.thread_id, datetime.now(UTC),
        locale=req.locale, send_when_empty=False,
    )
    if upcoming is not None:
        return upcoming
    keep = await subscription_keep(ctx.store, req.platform, req.chat_id, req.thread_id, limit=DIGEST_ARTICLES * 4)
    sections = await digest_sections(req, ctx, keep=keep)
    if not sections:
        return Reply.message(ctx.t(req, "cards.digest_empty"))
    sections.insert(0, Section(title=ctx.t(req, "cards.digest_title")))
    buttons = [Button(s.title.split(" ", 1)[0], "cards", (s.title.split(" ", 1)[0].lstrip("#"),)) for s in sections[1:]]
    return Reply(sections=sections, buttons=[buttons[:5]] if buttons else [])


def register(registry: CommandRegistry) -> None:
    article_arg = Argument("article", "core.arg.article", kind="integer", autocomplete="article")
    registry.add(Command("cards", cards_cmd, "cards.help.cards", args=[article_arg], aliases=("بطاقات",)))
    registry.add(
        Command(
            "card",
            card_cmd,
            "cards.help.card",
            args=[Argument("n", "cards.arg.n", required=True, kind="integer"), article_arg],
            aliases=("بطاقة",),
        )
    )
    registry.add(Command("digest", digest_cmd, "cards.help.digest", aliases=("موجز",)))
