"""Timeline: dated events and figures from time expressions (filled in by the timeline issue)."""

from __future__ import annotations

from digests.model import Actor, Event, Figure
from digests.text import Document


def extract(doc: Document, actors: list[Actor]) -> tuple[list[Event], list[Figure]]:
    """Events sorted by start (approximate last) and figures in text order."""
    return [], []
