"""Subscription filters: topics, actors, feeds and include/exclude keywords.

Written by users as ``topic:economy actor:بوتين feed:3 keyword:نفط -keyword:رياضة`` (Arabic
prefixes موضوع: فاعل: مصدر: كلمة: work too). Keywords and actor names are matched on normalised,
clitic-aware keys (``digests.textnorm.Lexicon``); no user text ever becomes a regular expression.
Within one kind any value may match; every kind given must match; any exclusion drops the article.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from digests.store import Store
from digests.textnorm import Lexicon, phrase_key, tokens

TAXONOMY = Path(__file__).resolve().parent.parent / "config" / "taxonomy.toml"
KINDS = ("topic", "actor", "feed", "keyword")
PREFIXES = {
    "topic": "topic", "topics": "topic", "موضوع": "topic",
    "actor": "actor", "actors": "actor", "فاعل": "actor",
    "feed": "feed", "feeds": "feed", "مصدر": "feed",
    "keyword": "keyword", "keywords": "keyword", "kw": "keyword", "كلمة": "keyword",
}
MAX_FILTERS = 20
MAX_VALUE = 60


class FilterError(Exception):
    """A filter the user must fix; ``key`` is a catalogue key."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@lru_cache(maxsize=1)
def topic_keys() -> frozenset[str]:
    with TAXONOMY.open("rb") as fh:
        data = tomllib.load(fh)
    return frozenset(k for k, v in data.items() if isinstance(v, dict))


@dataclass
class Filters:
    include: dict[str, list[str]] = field(default_factory=dict)
    exclude: dict[str, list[str]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.include or self.exclude)

    def to_json(self) -> dict[str, Any]:
        return {"include": self.include, "exclude": self.exclude} if self else {}

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Filters:
        data = data or {}
        return cls(dict(data.get("include") or {}), dict(data.get("exclude") or {}))

    def describe(self) -> list[str]:
        """``kind:value`` words as the user would type them."""
        out = [f"{k}:{v}" for k in KINDS for v in self.include.get(k, [])]
        out += [f"-{k}:{v}" for k in KINDS for v in self.exclude.get(k, [])]
        return out


def is_filter_word(word: str) -> bool:
    head = word.lstrip("-+").split(":", 1)[0].lower()
    return ":" in word and head in PREFIXES


def parse(words: list[str]) -> Filters:
    """Filters from ``kind:value`` words; raises FilterError."""
    result = Filters()
    if len(words) > MAX_FILTERS:
        raise FilterError("subs.too_many_filters", max=MAX_FILTERS)
    for word in words:
        negative = word.startswith("-")
        head, sep, value = word.lstrip("-+").partition(":")
        kind = PREFIXES.get(head.lower())
        value = value.strip().replace("_", " ")
        if not sep or kind is None:
            raise FilterError("subs.bad_filter", word=word[:MAX_VALUE])
        if not value or len(value) > MAX_VALUE or not tokens(value):
            raise FilterError("subs.bad_filter", word=word[:MAX_VALUE])
        if kind == "topic":
            value = value.lower()
            if value not in topic_keys():
                raise FilterError("subs.bad_topic", topic=value, topics=", ".join(sorted(topic_keys())))
        if kind == "feed" and not (value.lstrip("#").isascii() and value.lstrip("#").isdigit()):
            raise FilterError("subs.bad_feed", value=value)
        if kind == "feed":
            value = value.lstrip("#")
        bucket = (result.exclude if negative else result.include).setdefault(kind, [])
        if value not in bucket:
            bucket.append(value)
    return result


@dataclass
class ArticleFacts:
    """What filters look at for one article."""

    article_id: int
    feed_id: int | None
    topics: set[str]
    actor_keys: set[str]
    text_tokens: list[str]


async def facts(store: Store, article_ids: list[int]) -> dict[int, ArticleFacts]:
    """Topics, actor keys (names and aliases) and text tokens of the given articles."""
    if not article_ids:
        return {}
    marks = ",".join("?" * len(article_ids))
    out: dict[int, ArticleFacts] = {}
    for row in await store.fetchall(f"SELECT id, feed_id, title, paragraphs FROM articles WHERE id IN ({marks})", tuple(article_ids)):
        text = row["title"] + "\n" + "\n".join(json.loads(row["paragraphs"]))
        out[int(row["id"])] = ArticleFacts(int(row["id"]), row["feed_id"], set(), set(), tokens(text))
    for row in await store.fetchall(f"SELECT article_id, topic FROM cards WHERE article_id IN ({marks})", tuple(article_ids)):
        if row["topic"] and row["article_id"] in out:
            out[row["article_id"]].topics.add(row["topic"])
    for row in await store.fetchall(
        "SELECT m.article_id, a.key, m.name, aa.alias_key FROM actor_mentions m JOIN actors a ON a.id = m.actor_id "
        f"LEFT JOIN actor_aliases aa ON aa.actor_id = a.id WHERE m.article_id IN ({marks})",
        tuple(article_ids),
    ):
        f = out.get(row["article_id"])
        if f is not None:
            f.actor_keys.update(k for k in (row["key"], phrase_key(row["name"] or ""), row["alias_key"]) if k)
    return out


class Matcher:
    """A compiled ``Filters``: ``matcher(facts) -> bool``."""

    def __init__(self, filters: Filters) -> None:
        self.filters = filters
        self._lex = {
            (side, kind): Lexicon((v, v) for v in values)
            for side, group in (("in", filters.include), ("out", filters.exclude))
            for kind, values in group.items()
            if kind in ("keyword", "actor")
        }

    def _hit(self, side: str, kind: str, values: list[str], f: ArticleFacts) -> bool:
        if kind == "topic":
            return bool(f.topics & set(values))
        if kind == "feed":
            return f.feed_id is not None and str(f.feed_id) in values
        if kind == "actor" and any(phrase_key(v) in f.actor_keys for v in values):
            return True
        return bool(self._lex[(side, kind)].find(f.text_tokens))

    def __call__(self, f: ArticleFacts) -> bool:
        for kind, values in self.filters.exclude.items():
            if values and self._hit("out", kind, values, f):
                return False
        return all(self._hit("in", kind, values, f) for kind, values in self.filters.include.items() if values)


async def select(store: Store, filters: Filters, article_ids: list[int]) -> list[int]:
    """The ids (in the given order) that pass the filters."""
    if not filters:
        return list(article_ids)
    known = await facts(store, article_ids)
    matcher = Matcher(filters)
    return [a for a in article_ids if a in known and matcher(known[a])]
