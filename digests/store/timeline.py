"""Event and figure rows: written with the article (``save``), read back as merged timelines.

``events`` lists stored events oldest first; ``mentions`` filters them by a term or actor;
``merge_across`` folds events of different articles that report the same happening into one line.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field

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
                e.end,
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


def _term_keys(term: str) -> list[set[str]]:
    return [set(variants(t)) | {loose_key(t)} for t in tokens(term)]


def mentions(line: TimelineLine, term: str) -> bool:
    """Whether every word of ``term`` occurs (clitic- and spelling-tolerant) in the event or its actors."""
    wanted = _term_keys(term)
    if not wanted:
        return False
    have: set[str] = set()
    for tok in tokens(" ".join([line.event, line.text, *line.actors])):
        have.update(variants(tok))
        have.add(loose_key(tok))
    return all(keys & have for keys in wanted)


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
