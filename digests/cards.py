"""Digest cards: the body split into a few thematic cards (the full splitter comes with the cards issue)."""

from __future__ import annotations

from digests.model import Card, Event
from digests.text import Document


def split(doc: Document, events: list[Event]) -> list[Card]:
    """Every body paragraph in exactly one card; cards ordered by first appearance."""
    if not doc.paragraphs:
        return []
    summary = doc.sentences[0][0] if doc.sentences and doc.sentences[0] else doc.paragraphs[0]
    return [
        Card(
            key="main",
            title=doc.title or summary[:60],
            title_en="Story",
            emoji="📰",
            paragraphs=list(range(len(doc.paragraphs))),
            summary=summary,
            topic="main_event",
        )
    ]
