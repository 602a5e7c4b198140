"""Event and figure rows: written with the article (``save``), read back as merged timelines.

``events`` lists stored events oldest first; ``mentions`` filters them by a term or actor, and the
event index (``event_keys``/``event_fts``, migration 0076: each event's ``match_keys``, written here)
finds the events it accepts;
``merge_across`` folds events of different articles that report the same happening into one line.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from contextlib import aclosing
from dataclasses import dataclass, field
from functools import lru_cache

import aiosqlite

from digests.model import Event, Figure
from digests.textnorm import loose_key, tokens, variants
from digests.timexpr import time_words
from digests.tokenspan import stem_of

log = logging.getLogger(__name__)

MERGE_MIN_SHARED = 3  # content words two descriptions must share to be one happening (without shared actors)


async def save(db: aiosqlite.Connection, article_id: int, events: list[Event], figures: list[Figure]) -> None:
    await db.executemany(
        "INSERT INTO events (article_id, start, end, precision, text, event, paragraphs, actors, relative) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                article_id,
                e.start,
                e.end or e.start,
                e.precision,
                e.text,
                e.event,
                json.dumps(e.paragraphs),
                json.dumps(e.actors, ensure_ascii=False),
                int(e.relative),
            )
            for e in events
        ],
    )
    # Their match keys (event_keys → event_fts, migration 0076), in the same transaction.
    async with db.execute("SELECT id, event, text, actors FROM events WHERE article_id = ?", (article_id,)) as cur:
        rows = await cur.fetchall()
    await db.executemany(
        "INSERT INTO event_keys (event_id, keys) VALUES (?, ?)",
        [(int(r[0]), match_keys(r[1] or "", r[2] or "", json.loads(r[3] or "[]"))) for r in rows],
    )
    await db.executemany(
        "INSERT INTO figures (article_id, value, what, qualifier, text, paragraph) VALUES (?, ?, ?, ?, ?, ?)",
        [(article_id, f.value, f.what, f.qualifier, f.text, f.paragraph) for f in figures],
    )


# ---------------------------------------------------------------- queries


@dataclass
class TimelineLine:
    """One line of a merged timeline: an event and every stored article that reports it."""

    start: str | None
    end: str | None
    precision: str
    event: str
    text: str
    actors: list[str]
    articles: list[int] = field(default_factory=list)
    titles: dict[int, str] = field(default_factory=dict)


_SELECT = (
    "SELECT e.article_id, e.start, e.end, e.precision, e.text, e.event, e.actors, a.title "
    "FROM events e JOIN articles a ON a.id = e.article_id WHERE a.status = 'published'"
)
_ORDER = " ORDER BY (e.precision = 'approximate'), e.start, e.end, e.article_id, e.id"


def _line(row: aiosqlite.Row) -> TimelineLine:
    return TimelineLine(
        start=row["start"],
        end=row["end"],
        precision=row["precision"],
        event=row["event"],
        text=row["text"],
        actors=json.loads(row["actors"] or "[]"),
        articles=[int(row["article_id"])],
        titles={int(row["article_id"]): row["title"]},
    )


async def events(db: aiosqlite.Connection, article_id: int | None = None) -> list[TimelineLine]:
    """Stored events, oldest first (approximate last), of one article or of all articles."""
    if article_id is None:
        cur = await db.execute(_SELECT + _ORDER)
    else:
        cur = await db.execute(_SELECT + " AND e.article_id = ?" + _ORDER, (article_id,))
    return [_line(r) for r in await cur.fetchall()]


CHUNK = 500  # most rows one keyset step reads
FIRST_CHUNK = 64  # the first step reads this many, and each next step twice as many (up to CHUNK)
# A term's events are read by id (and sorted in SQL) when the event index holds at most this many;
# more, and they are frequent enough that walking the events_order index meets a page of them soon.
FEW_EVENTS = 2000
# Timeline order from the events_order index: dated events by interval, then approximate ones.
_STREAM = (
    "SELECT e.id, e.article_id, e.start, e.end, e.precision, e.text, e.event, e.actors, a.title "
    "FROM events e INDEXED BY events_order JOIN articles a ON a.id = e.article_id "
    "WHERE a.status = 'published' AND (e.precision = 'approximate') = ? {extra} "
    "AND (e.start, e.end, e.article_id, e.id) > (?, ?, ?, ?) "
    "ORDER BY e.start, e.end, e.article_id, e.id LIMIT ?"
)
# The events of a term's index entries (by id), in the same order: dated non-approximate, dated
# approximate, undated. CROSS JOIN keeps events outermost (left free, SQLite may walk every article).
_OF_EVENTS = (
    "SELECT e.id, e.article_id, e.start, e.end, e.precision, e.text, e.event, e.actors, a.title "
    "FROM events e CROSS JOIN articles a ON a.id = e.article_id "
    "WHERE a.status = 'published' AND e.id IN ({marks}) "
    "ORDER BY e.start IS NULL, CASE WHEN e.start IS NULL THEN 0 ELSE e.precision = 'approximate' END, "
    "e.start, e.end, e.article_id, e.id"
)
_IN_INDEX = "AND e.id IN (SELECT rowid FROM event_fts WHERE event_fts MATCH ?)"


def match_keys(event: str, text: str, actors: list[str]) -> str:
    """An event's index document (event_keys): every key ``mentions`` accepts for it, space-separated.

    The keys of each word of the description, the text and the actors (``_token_keys``), sorted and
    without repeats; a term matches the event when each of its words shares a key with this set.
    """
    have: set[str] = set()
    for tok in tokens(" ".join([event, text, *actors])):
        have |= _token_keys(tok)
    return " ".join(sorted(have))


def fts_match(wanted: list[set[str]]) -> str:
    """An event_fts MATCH expression: every word of a term (AND) by any of its keys (OR).

    Each key is a quoted FTS5 string, so user text (quotes, OR, NEAR, *, column names) stays plain words.
    """
    return " AND ".join(
        "(" + " OR ".join('"' + k.replace('"', '""') + '"' for k in sorted(keys)) + ")" for keys in wanted
    )


async def stream(db: aiosqlite.Connection, match: str | None = None) -> AsyncIterator[TimelineLine]:
    """Every stored event (whose match keys satisfy the event_fts expression ``match``, if given) in
    timeline order, read as it is consumed.

    All events, or a term with many events: keyset pagination along the events_order index in
    growing chunks (a term's index entries checked in SQL), so a caller that stops after one page
    reads little. A term with few events: those events by id at once, sorted by SQL (same order).
    """
    extra, extra_params = "", ()
    if match is not None:
        async with db.execute(
            "SELECT rowid FROM event_fts WHERE event_fts MATCH ? LIMIT ?", (match, FEW_EVENTS + 1)
        ) as cur:
            ids = [int(r[0]) for r in await cur.fetchall()]
        if not ids:
            return
        if len(ids) <= FEW_EVENTS:
            async with db.execute(_OF_EVENTS.format(marks=",".join("?" * len(ids))), ids) as cur:
                for row in await cur.fetchall():
                    yield _line(row)
            return
        extra, extra_params = _IN_INDEX, (match,)
    for approximate in (0, 1):
        last: tuple[object, ...] = ("", "", -1, -1)
        size = min(FIRST_CHUNK, CHUNK)
        while True:
            sql = _STREAM.format(extra=extra)
            async with db.execute(sql, (approximate, *extra_params, *last, size)) as cur:
                rows = await cur.fetchall()
            for row in rows:
                yield _line(row)
            if len(rows) < size:
                break
            tail = rows[-1]
            last = (tail["start"] or "", tail["end"] or "", tail["article_id"], tail["id"])
            size = min(size * 2, CHUNK)
    # Undated events (no publication date to anchor them) come last; there are few.
    sql = _SELECT.replace("SELECT ", "SELECT e.id, ", 1) + f" AND e.start IS NULL {extra} ORDER BY e.article_id, e.id"
    async with db.execute(sql, extra_params) as cur:
        async for row in cur:
            yield _line(row)


async def page_of_lines(
    db: aiosqlite.Connection, *, page: int, per_page: int, term: str | None = None
) -> tuple[list[TimelineLine], bool]:
    """One page of the merged timeline of all articles (or of events about ``term``), and whether more follow.

    Events stream in timeline order and merge only within one interval, so reading stops as soon
    as the page and one more line are complete. A term's events come from the event index
    (event_fts, exactly the events ``mentions`` accepts), not from the articles that name it.
    """
    matches = Matcher(term) if term else None
    if matches is not None and not matches.wanted:
        return [], False
    wanted = page * per_page + 1
    done: list[TimelineLine] = []
    group: list[TimelineLine] = []
    group_key: tuple[str | None, str | None, str] | None = None
    # aclosing: stopping early closes the stream (and its cursor) now, not when it is collected.
    # The event index gives every event whose keys satisfy the term; ``matches`` stays the final word.
    async with aclosing(stream(db, fts_match(matches.wanted) if matches is not None else None)) as lines:
        async for line in lines:
            if matches is not None and not matches(line):
                continue
            key = (line.start, line.end, line.precision)
            if key != group_key:
                done.extend(merge_across(group))
                group, group_key = [], key
                if len(done) >= wanted:
                    break
            group.append(line)
        else:
            done.extend(merge_across(group))
    start = (page - 1) * per_page
    return done[start : start + per_page], len(done) > start + per_page


def _term_keys(term: str) -> list[set[str]]:
    return [set(variants(t)) | {loose_key(t)} for t in tokens(term)]


@lru_cache(maxsize=50_000)
def _token_keys(token: str) -> frozenset[str]:
    """What one word of an event can match: its clitic-free variants and its loose (spelling) key."""
    return frozenset(variants(token)) | {loose_key(token)}


class Matcher:
    """``mentions(line, term)`` for many lines of one term: the term's keys worked out once, each
    event word's keys remembered across lines (the same words recur)."""

    def __init__(self, term: str) -> None:
        self.wanted = _term_keys(term)

    def __call__(self, line: TimelineLine) -> bool:
        if not self.wanted:
            return False
        have: set[str] = set()
        for tok in tokens(" ".join([line.event, line.text, *line.actors])):
            have |= _token_keys(tok)
        return all(not keys.isdisjoint(have) for keys in self.wanted)


def mentions(line: TimelineLine, term: str) -> bool:
    """Whether every word of ``term`` occurs (clitic- and spelling-tolerant) in the event or its actors."""
    return Matcher(term)(line)


def _words(line: TimelineLine) -> set[str]:
    skip = time_words().function_words
    return {stem_of(t) for t in tokens(line.event) if len(t) > 2 and not t.isdigit() and t not in skip}


def merge_across(lines: list[TimelineLine], min_shared: int = MERGE_MIN_SHARED) -> list[TimelineLine]:
    """Events of different articles about the same happening → one line citing every article.

    Same happening: the same interval and precision (not approximate), and shared actors or at
    least ``min_shared`` shared content words in the descriptions.
    """
    out: list[TimelineLine] = []
    words: list[set[str]] = []
    # Only lines with the same interval can merge: look among those (by index, in order), not all.
    same_interval: dict[tuple[str | None, str | None, str], list[int]] = {}
    for line in lines:
        mine = _words(line)
        target = None
        interval = (line.start, line.end, line.precision)
        if line.precision != "approximate":
            for k in same_interval.get(interval, ()):
                other = out[k]
                if set(other.articles) & set(line.articles):
                    continue
                if set(other.actors) & set(line.actors) or len(words[k] & mine) >= min_shared:
                    target = k
                    break
        if target is None:
            same_interval.setdefault(interval, []).append(len(out))
            out.append(line)
            words.append(mine)
            continue
        other = out[target]
        other.articles += [a for a in line.articles if a not in other.articles]
        other.titles.update(line.titles)
        other.actors += [a for a in line.actors if a not in other.actors]
        words[target] |= mine
    return out
