"""The domain model: articles and what analysis finds in them, as plain dataclasses."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from digests.textnorm import tokens


@dataclass
class Article:
    """One news article as loaded; ``paragraphs`` is the body without the headline."""

    title: str
    paragraphs: list[str]
    source: str = ""
    url: str | None = None
    guid: str | None = None
    language: str = "und"
    published: datetime | None = None
    fetched: datetime | None = None
    id: int | None = None
    feed_id: int | None = None
    flags: list[str] = field(default_factory=list)

    @property
    def content_hash(self) -> str:
        """Hash of the normalised title and body: two copies of one story share it."""
        text = " ".join(tokens(self.title + "\n" + "\n".join(self.paragraphs)))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    @property
    def published_date(self) -> date | None:
        return self.published.date() if self.published else None

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


@dataclass
class Dateline:
    """«موسكو (رويترز) –»: where the story was filed and by which agency."""

    place: str
    agency: str


@dataclass
class Card:
    """A group of related paragraphs shown as one digest card."""

    key: str
    title: str
    title_en: str
    emoji: str
    paragraphs: list[int]
    summary: str
    topic: str = ""


@dataclass
class Quote:
    text: str
    paragraph: int


@dataclass
class Actor:
    """Someone or something involved: a person, country, organisation, place or group."""

    name: str
    kind: str  # person | country | organisation | place | group
    name_en: str | None = None
    role: str | None = None
    aliases: list[str] = field(default_factory=list)
    mentions: int = 0
    paragraphs: list[int] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)


@dataclass
class Event:
    """A dated happening; ``start``/``end`` are ISO strings of precision-dependent length."""

    start: str | None
    end: str | None
    precision: str  # day | month | season | year | decade | century | approximate
    text: str
    event: str
    paragraphs: list[int] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    relative: bool = False


@dataclass
class Figure:
    """A number with what it counts: «أكثر من 6500 جندي» → 6500 soldiers, more than."""

    value: float
    what: str
    qualifier: str | None
    text: str
    paragraph: int


@dataclass
class Analysis:
    """Everything the analysers found for one article."""

    language: str
    title: str
    published: date | None
    paragraphs: list[str]
    dateline: Dateline | None = None
    subheadings: list[int] = field(default_factory=list)
    cards: list[Card] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    timeline: list[Event] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The ``analyze --json`` object."""
        return {
            "language": self.language,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "dateline": asdict(self.dateline) if self.dateline else None,
            "paragraphs": list(self.paragraphs),
            "cards": [
                {k: v for k, v in asdict(c).items() if k != "topic"} for c in self.cards
            ],
            "actors": [asdict(a) for a in self.actors],
            "timeline": [asdict(e) for e in self.timeline],
            "figures": [asdict(f) for f in self.figures],
            "flags": list(self.flags),
        }
