"""Runs every analyser over one article: text → actors → timeline and figures → cards."""

from __future__ import annotations

import logging

from digests import actors, cards, timeline
from digests.model import Analysis, Article
from digests.text import prepare

log = logging.getLogger(__name__)


def analyse(article: Article) -> Analysis:
    """The whole analysis of one article; never raises on odd text."""
    doc = prepare(article)
    found_actors = actors.extract(doc)
    events, figures = timeline.extract(doc, found_actors)
    found_cards = cards.split(doc, events)
    return Analysis(
        language=doc.language,
        title=doc.title,
        published=doc.published,
        paragraphs=doc.paragraphs,
        dateline=doc.dateline,
        subheadings=doc.subheadings,
        cards=found_cards,
        actors=found_actors,
        timeline=events,
        figures=figures,
        flags=doc.flags,
    )
