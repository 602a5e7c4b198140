"""Actor rows: actors merged across articles by normalised name and alias, their mentions per
article, and the queries behind /actors and /actor.

Merging: a country, organisation or place is keyed by its English name (CLDR/gazetteer), so Arabic
and English articles meet; a person by the normalised full name. A new actor joins a stored one
with the same key, or one of the same kind that has its name (or, for a person named by the
surname alone, its surname) among its aliases. Lookups for /actor are fuzzy: clitics
(«لباشينيان»), spelling variants (ناغورني/ناغورنو), any one word of a name, and for people a name
written in the other script ("Putin" for «بوتين», table actor_skeletons) all find the actor.
"""

from __future__ import annotations

import difflib
import json
import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import aiosqlite

from digests.model import Actor
from digests.store import memo
from digests.textnorm import loose_key, phrase_key, prefix_variants, tokens
from digests.translit import name_skeletons

log = logging.getLogger(__name__)

WINDOW_DAYS = 30


def actor_key(actor: Actor) -> str:
    """The cross-article key: English name for non-people (language-independent), else the name."""
    if actor.kind != "person" and actor.name_en:
        return phrase_key(actor.name_en)
    return phrase_key(actor.name) or phrase_key(actor.name_en or "")


def _alias_keys(actor: Actor) -> list[str]:
    out: list[str] = []
    for text in (actor.name, actor.name_en or "", *actor.aliases):
        k = phrase_key(text)
        if k and k not in out:
            out.append(k)
    return out


async def _find_existing(db: aiosqlite.Connection, actor: Actor, key: str) -> aiosqlite.Row | None:
    async with db.execute("SELECT id, name, name_en, kind FROM actors WHERE key = ?", (key,)) as cur:
        row = await cur.fetchone()
    if row:
        return row
    keys = _alias_keys(actor)
    if actor.kind == "person":
        full = [k for k in keys if len(k.split()) >= 2]
        # A full name merges only through full names; a surname alone through the surname.
        keys = full or keys
    if not keys:
        return None
    marks = ",".join("?" * len(keys))
    kinds = ("person",) if actor.kind == "person" else ("country", "organisation", "group", "place")
    sql = (
        "SELECT a.id, a.name, a.name_en, a.kind, count(*) AS hits, "
        "(SELECT coalesce(sum(m.mentions), 0) FROM actor_mentions m WHERE m.actor_id = a.id) AS n "
        f"FROM actor_aliases al JOIN actors a ON a.id = al.actor_id WHERE al.alias_key IN ({marks}) "
        f"AND a.kind IN ({','.join('?' * len(kinds))}) GROUP BY a.id ORDER BY hits DESC, n DESC LIMIT 1"
    )
    async with db.execute(sql, (*keys, *kinds)) as cur:
        row = await cur.fetchone()
    if row is None:
        return None
    if actor.kind != "person" and row["kind"] != actor.kind and row["kind"] == "place" and actor.kind != "place":
        return None
    return row


async def save(db: aiosqlite.Connection, article_id: int, actors: list[Actor]) -> None:
    """Store an article's actors inside the caller's transaction (``Store.save_article``)."""
    for actor in actors:
        key = actor_key(actor)
        if not key or not actor.name.strip():
            continue
        row = await _find_existing(db, actor, key)
        if row:
            actor_id = int(row["id"])
            if actor.kind == "person" and len(tokens(actor.name)) > len(tokens(row["name"])):
                await db.execute("UPDATE actors SET name = ? WHERE id = ?", (actor.name, actor_id))
            if actor.name_en and not row["name_en"]:
                await db.execute("UPDATE actors SET name_en = ? WHERE id = ?", (actor.name_en, actor_id))
        else:
            cur = await db.execute(
                "INSERT INTO actors (key, name, name_en, kind) VALUES (?, ?, ?, ?)",
                (key, actor.name, actor.name_en, actor.kind),
            )
            actor_id = int(cur.lastrowid)
        for alias_key in {key, *_alias_keys(actor)}:
            await db.execute(
                "INSERT OR IGNORE INTO actor_aliases (alias_key, actor_id) VALUES (?, ?)", (alias_key, actor_id)
            )
        if actor.kind == "person":
            skeletons = {*name_skeletons(actor.name), *name_skeletons(actor.name_en or "")}
            await db.executemany(
                "INSERT OR IGNORE INTO actor_skeletons (skeleton, actor_id) VALUES (?, ?)",
                [(sk, actor_id) for sk in skeletons],
            )
        # The row copies its article's date and status (migrations 0073, 0074): /actor walks an
        # actor's mentions newest first by index, and triggers keep the per-day totals of /actors.
        await db.execute(
            "INSERT INTO actor_mentions (article_id, actor_id, name, role, aliases, mentions, paragraphs, quotes, "
            "published, live) SELECT ?, ?, ?, ?, ?, ?, ?, ?, coalesce(r.published, r.fetched), r.status = 'published' "
            "FROM articles r WHERE r.id = ? ON CONFLICT (article_id, actor_id) DO UPDATE SET "
            "mentions = mentions + excluded.mentions, role = coalesce(role, excluded.role)",
            (
                article_id,
                actor_id,
                actor.name,
                actor.role,
                json.dumps(actor.aliases, ensure_ascii=False),
                actor.mentions,
                json.dumps(actor.paragraphs),
                json.dumps(actor.quotes, ensure_ascii=False),
                article_id,
            ),
        )


# ------------------------------------------------------------------ queries


@dataclass
class ActorLine:
    """One actor as /actors lists it: for one article, or summed over the recent window."""

    id: int
    name: str
    name_en: str | None
    kind: str
    role: str | None
    mentions: int
    quotes: list[str] = field(default_factory=list)
    articles: int = 1


async def for_article(db: aiosqlite.Connection, article_id: int) -> list[ActorLine]:
    """The actors of one article, most mentioned first."""
    sql = (
        "SELECT a.id, m.name, a.name_en, a.kind, m.role, m.mentions, m.quotes FROM actor_mentions m "
        "JOIN actors a ON a.id = m.actor_id WHERE m.article_id = ? ORDER BY m.mentions DESC, a.id"
    )
    async with db.execute(sql, (article_id,)) as cur:
        rows = await cur.fetchall()
    return [
        ActorLine(r["id"], r["name"], r["name_en"], r["kind"], r["role"], r["mentions"], json.loads(r["quotes"]))
        for r in rows
    ]


async def newest_date(db: aiosqlite.Connection) -> str | None:
    """ISO date-time of the newest published article (published, else fetched)."""
    async with db.execute(
        "SELECT max(coalesce(published, fetched)) FROM articles WHERE status = 'published'"
    ) as cur:
        row = await cur.fetchone()
    return row[0] if row and row[0] else None


async def ranked(db: aiosqlite.Connection, *, days: int = WINDOW_DAYS, limit: int = 200) -> list[ActorLine]:
    """Actors of all stored articles ranked by mentions in the ``days`` up to the newest article.

    ``role`` and ``quotes`` are filled for people only (the only lines that show them). The sums
    come from the per-day totals in ``actor_days`` (about 10 ms at 100,000 articles), and the answer
    is cached until the next write (``digests.store.memo``).
    """
    return list(await memo.cached(db, ("actors.ranked", days, limit), lambda: _ranked(db, days=days, limit=limit)))


async def _ranked(db: aiosqlite.Connection, *, days: int, limit: int) -> list[ActorLine]:
    newest = await newest_date(db)
    if newest is None:
        return []
    since = (datetime.fromisoformat(newest) - timedelta(days=days)).isoformat()
    next_day = (date.fromisoformat(since[:10]) + timedelta(days=1)).isoformat()
    # The window [since, newest]: whole days after since's day from actor_days (migration 0074, kept
    # by triggers), plus the mentions of since's own day from its articles (articles_recent index).
    # Every published article is at or before ``newest``, so the days need no upper bound.
    sql = (
        "SELECT a.id, a.name, a.name_en, a.kind, top.n, top.arts, "
        # Role and quote are shown for people only, so they are looked up for people only; both
        # walk actor_mentions_recent from the newest mention (migration 0073).
        "CASE WHEN a.kind = 'person' THEN (SELECT m2.role FROM actor_mentions m2 "
        " WHERE m2.actor_id = a.id AND m2.role IS NOT NULL "
        " ORDER BY m2.published DESC, m2.article_id DESC LIMIT 1) END AS role, "
        "CASE WHEN a.kind = 'person' THEN (SELECT m3.quotes FROM actor_mentions m3 "
        " WHERE m3.actor_id = a.id AND m3.quotes != '[]' "
        " ORDER BY m3.published DESC, m3.article_id DESC LIMIT 1) END AS quotes "
        "FROM (SELECT actor_id, sum(n) AS n, sum(arts) AS arts FROM ("
        "  SELECT d.actor_id, d.mentions AS n, d.articles AS arts FROM actor_days d WHERE d.day >= :next_day "
        "  UNION ALL "
        "  SELECT m.actor_id, m.mentions, 1 FROM articles r JOIN actor_mentions m ON m.article_id = r.id "
        "  WHERE r.status = 'published' AND coalesce(r.published, r.fetched) >= :since "
        "  AND coalesce(r.published, r.fetched) < :next_day"
        " ) GROUP BY actor_id ORDER BY n DESC, arts DESC, actor_id LIMIT :limit) AS top "
        "JOIN actors a ON a.id = top.actor_id ORDER BY top.n DESC, top.arts DESC, a.id"
    )
    async with db.execute(sql, {"since": since, "next_day": next_day, "limit": limit}) as cur:
        rows = await cur.fetchall()
    return [
        ActorLine(r["id"], r["name"], r["name_en"], r["kind"], r["role"], r["n"],
                  json.loads(r["quotes"]) if r["quotes"] else [], r["arts"])
        for r in rows
    ]


# ------------------------------------------------------------------ lookup by name


def _query_keys(query: str) -> list[str]:
    """The query and its clitic-free forms: «لباشينيان» → باشينيان, «وبوتين» → بوتين."""
    key = phrase_key(query)
    out = [key] if key else []
    toks = tokens(query)
    if len(toks) == 1:
        for v in prefix_variants(toks[0])[1:]:
            if v not in out:
                out.append(v)
        if toks[0].endswith("'s"):
            out.append(toks[0][:-2])
    return out


def _loose(text: str) -> str:
    return " ".join(loose_key(t) for t in tokens(text))


async def _all_aliases(db: aiosqlite.Connection) -> list[tuple[str, int, int]]:
    """(alias key, actor id, total mentions) for every alias."""
    sql = (
        "SELECT al.alias_key, al.actor_id, coalesce((SELECT sum(m.mentions) FROM actor_mentions m "
        "WHERE m.actor_id = al.actor_id), 0) AS n FROM actor_aliases al"
    )
    async with db.execute(sql) as cur:
        return [(r[0], int(r[1]), int(r[2])) for r in await cur.fetchall()]


def _arabic_script(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


async def find_by_sound(db: aiosqlite.Connection, query: str) -> int | None:
    """A person whose name is written in the other script and sounds like ``query``:
    "Putin" → «فلاديمير بوتين», «ماكرون» → "Emmanuel Macron" (``digests.translit``)."""
    wanted = name_skeletons(query)
    if not wanted:
        return None
    sql = (
        "SELECT a.id, a.name, a.name_en, coalesce((SELECT sum(m.mentions) FROM actor_mentions m "
        "WHERE m.actor_id = a.id), 0) AS n FROM actor_skeletons s JOIN actors a ON a.id = s.actor_id "
        "WHERE s.skeleton = ? ORDER BY n DESC, a.id LIMIT 20"
    )
    arabic_query = _arabic_script(query)
    async with db.execute(sql, (wanted[0],)) as cur:
        for row in await cur.fetchall():
            names = [row["name"], row["name_en"] or ""]
            if any(name and _arabic_script(name) != arabic_query for name in names):
                return int(row["id"])
    return None


async def name_in_other_script(db: aiosqlite.Connection, actor_id: int, query: str) -> str:
    """The actor's name as written in the script ``query`` is not in (for word matching)."""
    async with db.execute("SELECT name, name_en FROM actors WHERE id = ?", (actor_id,)) as cur:
        row = await cur.fetchone()
    if row is None:
        return query
    arabic_query = _arabic_script(query)
    for name in (row["name"], row["name_en"]):
        if name and _arabic_script(name) != arabic_query:
            return str(name)
    return str(row["name"])


async def find(db: aiosqlite.Connection, query: str) -> int | None:
    """The actor a user means by ``query``: exact key or alias, clitic-free, one word of a name,
    a spelling variant, or a person's name in the other script. Ties go to the most mentioned actor."""
    keys = _query_keys(query)
    if not keys:
        return None
    marks = ",".join("?" * len(keys))
    sql = (
        "SELECT a.id, coalesce((SELECT sum(m.mentions) FROM actor_mentions m WHERE m.actor_id = a.id), 0) AS n, "
        f"CASE WHEN a.key IN ({marks}) THEN 1 ELSE 0 END AS exact "
        f"FROM actors a WHERE a.key IN ({marks}) OR a.id IN (SELECT actor_id FROM actor_aliases WHERE alias_key IN ({marks})) "
        "ORDER BY exact DESC, n DESC LIMIT 1"
    )
    async with db.execute(sql, (*keys, *keys, *keys)) as cur:
        row = await cur.fetchone()
    if row:
        return int(row["id"])
    other_script = await find_by_sound(db, query)
    if other_script is not None:
        return other_script
    aliases = await _all_aliases(db)
    qwords = set(keys[0].split())
    # Every word of the query among the words of an alias («بوتين» ⊂ «فلاديمير بوتين»).
    best: tuple[int, int] | None = None
    for alias, actor_id, n in aliases:
        words = set(alias.split())
        if qwords <= words or any(set(k.split()) <= words for k in keys[1:]):
            if best is None or n > best[1]:
                best = (actor_id, n)
    if best:
        return best[0]
    loose = _loose(query)
    for alias, actor_id, n in aliases:
        if _loose(alias) == loose or set(loose.split()) <= set(_loose(alias).split()):
            if best is None or n > best[1]:
                best = (actor_id, n)
    return best[0] if best else None


# How alike (difflib ratio, spelled or loosely) a name must be to be offered as "did you mean":
# typos score 0.8 and more; unrelated names of similar length reach 0.5 (loosely up to 0.67).
SUGGEST_MIN_RATIO = 0.6
LOOSE_PENALTY = 0.2


async def closest(db: aiosqlite.Connection, query: str, n: int = 5) -> list[str]:
    """Display names of the stored actors whose names are closest to ``query``."""
    key = phrase_key(query)
    async with db.execute("SELECT id, name, name_en FROM actors") as cur:
        actors = {int(r[0]): (r[1], r[2]) for r in await cur.fetchall()}
    if not key or not actors:
        return []
    aliases = await _all_aliases(db)
    scored: dict[int, float] = {}
    for alias, actor_id, _n in aliases:
        ratio = max(  # loose keys keep only a few consonants: short ones meet too easily
            difflib.SequenceMatcher(None, key, alias).ratio(),
            difflib.SequenceMatcher(None, _loose(query), _loose(alias)).ratio() - LOOSE_PENALTY,
        )
        scored[actor_id] = max(scored.get(actor_id, 0.0), ratio)
    ranked_ids = sorted((i for i in scored if scored[i] >= SUGGEST_MIN_RATIO), key=lambda i: -scored[i])[:n]
    latin = key.isascii()
    return [(actors[i][1] if latin and actors[i][1] else actors[i][0]) for i in ranked_ids]


@dataclass
class ActorCard:
    """Everything /actor shows about one actor."""

    id: int
    name: str
    name_en: str | None
    kind: str
    roles: list[str]
    aliases: list[str]
    articles: list[aiosqlite.Row]  # id, title, published, fetched, language (newest first)
    quotes: list[tuple[int, str]]  # (article id, quote)
    events: list[aiosqlite.Row]  # start, precision, event, text, article_id
    mentions: int
    article_count: int = 0  # all articles naming the actor; ``articles`` holds the newest CARD_WINDOW


# Roles, aliases, quotes and events come from the actor's newest articles, so that an actor named
# in tens of thousands of articles answers as fast as one named once; counts cover every article.
CARD_WINDOW = 50


async def card(db: aiosqlite.Connection, actor_id: int) -> ActorCard | None:
    async with db.execute("SELECT id, name, name_en, kind FROM actors WHERE id = ?", (actor_id,)) as cur:
        actor = await cur.fetchone()
    if actor is None:
        return None
    sql = (
        "SELECT m.article_id, m.name, m.role, m.aliases, m.quotes, m.mentions, r.title, r.published, r.fetched, "
        "r.language FROM actor_mentions m JOIN articles r ON r.id = m.article_id "
        # m.published is the article's coalesce(published, fetched): newest first straight from the
        # actor_mentions_recent index, no sort of every article naming the actor (migration 0073).
        "WHERE m.actor_id = ? ORDER BY m.published DESC, m.article_id DESC LIMIT ?"
    )
    async with db.execute(sql, (actor_id, CARD_WINDOW)) as cur:
        rows = list(await cur.fetchall())
    async with db.execute(
        "SELECT count(*), coalesce(sum(mentions), 0) FROM actor_mentions WHERE actor_id = ?", (actor_id,)
    ) as cur:
        article_count, total_mentions = await cur.fetchone()
    roles: list[str] = []
    aliases: list[str] = []
    quotes: list[tuple[int, str]] = []
    names: set[str] = {phrase_key(actor["name"]), phrase_key(actor["name_en"] or "")}
    for r in rows:
        if r["role"] and r["role"] not in roles:
            roles.append(r["role"])
        for alias in [r["name"], *json.loads(r["aliases"])]:
            k = phrase_key(alias)
            names.add(k)
            if alias not in aliases and alias not in (actor["name"], actor["name_en"]):
                aliases.append(alias)
        quotes.extend((int(r["article_id"]), q) for q in json.loads(r["quotes"]))
    async with db.execute("SELECT alias_key FROM actor_aliases WHERE actor_id = ?", (actor_id,)) as cur:
        names.update(r[0] for r in await cur.fetchall())
    names.discard("")
    events = await _events(db, [int(r["article_id"]) for r in rows], names)
    return ActorCard(
        id=int(actor["id"]),
        name=actor["name"],
        name_en=actor["name_en"],
        kind=actor["kind"],
        roles=roles,
        aliases=aliases,
        articles=rows,
        quotes=quotes,
        events=events,
        mentions=int(total_mentions),
        article_count=int(article_count),
    )


async def _events(db: aiosqlite.Connection, article_ids: list[int], names: set[str]) -> list[aiosqlite.Row]:
    """Timeline events of these articles whose ``actors`` list names the actor, oldest first."""
    if not article_ids:
        return []
    marks = ",".join("?" * len(article_ids))
    sql = (
        "SELECT e.article_id, e.start, e.end, e.precision, e.text, e.event, e.actors FROM events e "
        f"WHERE e.article_id IN ({marks}) ORDER BY e.start IS NULL, e.start, e.id"
    )
    async with db.execute(sql, article_ids) as cur:
        rows = await cur.fetchall()
    out = []
    for r in rows:
        try:
            listed = json.loads(r["actors"] or "[]")
        except (ValueError, TypeError):
            continue
        keys = {phrase_key(str(x)) for x in listed if isinstance(x, str)}
        if keys & names:
            out.append(r)
    return out
