"""Full-text search: FTS5 over normalised, clitic-expanded terms; snippets cut from the original text.

Every token is indexed with its clitic-stripped variants (للسلام → للسلام سلام لسلام) and every query
term is looked up by its variants, so «السلام», «سلام» and «للسلام» meet. User text never reaches
the FTS5 query language: each variant is a quoted string literal.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import aiosqlite

from digests.model import Analysis
from digests.textnorm import prefix_variants, search_terms, tokens

MAX_QUERY_TERMS = 12


@dataclass
class Hit:
    article_id: int
    title: str
    published: str | None
    source: str
    snippet: str  # original text; matches wrapped in HIGHLIGHT_START/END
    score: float


HIGHLIGHT_START = "\ue000"
HIGHLIGHT_END = "\ue001"


async def index_article(db: aiosqlite.Connection, article_id: int, analysis: Analysis) -> None:
    cards_text = " ".join(f"{c.title} {c.summary}" for c in analysis.cards)
    await db.execute(
        "INSERT INTO article_fts (rowid, title, body, cards) VALUES (?, ?, ?, ?)",
        (
            article_id,
            " ".join(search_terms(analysis.title)),
            " ".join(search_terms("\n".join(analysis.paragraphs))),
            " ".join(search_terms(cards_text)),
        ),
    )


def query_terms(query: str) -> list[str]:
    """The normalised terms of a user query (operators and quotes are just dropped)."""
    return tokens(query)[:MAX_QUERY_TERMS]


def fts_expression(terms: list[str]) -> str:
    """An FTS5 MATCH expression: all terms, each by any of its variants, as quoted literals."""
    groups = []
    for term in terms:
        options = " OR ".join('"' + v.replace('"', '""') + '"' for v in prefix_variants(term))
        groups.append(f"({options})")
    return " AND ".join(groups)


def snippet(paragraphs: list[str], terms: list[str], width: int = 160) -> str:
    """A window of the first paragraph that holds a query term, with matched words highlighted."""
    wanted = {v for t in terms for v in prefix_variants(t)}
    for para in paragraphs:
        words = para.split()
        hits = [i for i, w in enumerate(words) if any(v in wanted for tok in tokens(w) for v in prefix_variants(tok))]
        if not hits:
            continue
        start = hits[0]
        lo, hi = start, start
        length = len(words[start])
        while length < width and (lo > 0 or hi < len(words) - 1):
            if lo > 0:
                lo -= 1
                length += len(words[lo]) + 1
            if hi < len(words) - 1 and length < width:
                hi += 1
                length += len(words[hi]) + 1
        out = [
            f"{HIGHLIGHT_START}{w}{HIGHLIGHT_END}" if i in hits else w for i, w in enumerate(words) if lo <= i <= hi
        ]
        return ("… " if lo > 0 else "") + " ".join(out) + (" …" if hi < len(words) - 1 else "")
    return paragraphs[0][:width] if paragraphs else ""


async def search(db: aiosqlite.Connection, query: str, limit: int = 10, offset: int = 0) -> list[Hit]:
    """Published articles matching every query term, best first (bm25, title weighted)."""
    terms = query_terms(query)
    if not terms:
        return []
    # Rank inside the index first and read article rows only for the best few: reading each match's
    # row (to check its status) cost 3x more at 100,000 articles. Drafts among the ranked rows are
    # made up for by ranking that many more (both counts come from the articles_recent index).
    async with db.execute(
        "SELECT (SELECT count(*) FROM articles WHERE status < 'published') "
        "+ (SELECT count(*) FROM articles WHERE status > 'published')"
    ) as cur:
        drafts = int((await cur.fetchone())[0])
    async with db.execute(
        "SELECT a.id, a.title, a.published, a.source, a.paragraphs, hits.score FROM ("
        " SELECT rowid AS id, bm25(article_fts, 5.0, 1.0, 2.0) AS score FROM article_fts"
        " WHERE article_fts MATCH ? ORDER BY score LIMIT ?) AS hits "
        "JOIN articles a ON a.id = hits.id WHERE a.status = 'published' ORDER BY hits.score LIMIT ? OFFSET ?",
        (fts_expression(terms), offset + limit + drafts, limit, offset),
    ) as cur:
        rows = await cur.fetchall()
    return [
        Hit(
            article_id=int(r["id"]),
            title=r["title"],
            published=r["published"],
            source=r["source"],
            snippet=snippet(json.loads(r["paragraphs"]), terms),
            score=float(r["score"]),
        )
        for r in rows
    ]
