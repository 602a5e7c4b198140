"""Runs every analyser over one article: text → actors → timeline and figures → cards."""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from digests import actors, cards, timeline
from digests.model import Analysis, Article
from digests.text import prepare

log = logging.getLogger(__name__)

# Speed: an analysis makes thousands of small container objects (a token per word, lists and
# tuples per sentence) and no reference cycles, so its garbage is freed by reference counting
# alone. Left running, the cyclic collector would walk the young survivors again and again and,
# every few hundred analyses, the whole heap with the lexicons (measured: 0.2-0.3 ms of an
# article's ~6 ms on average, and a fifth of the time of an article twenty times as long). It is
# paused while analyses run and resumed after the last one, as it was: a counter under a lock,
# since articles are analysed in threads (``ingest``). When analyses overlap without a break (many
# feeds at once), a full collection still runs at least every ``MAX_PAUSE_SECONDS``, so cycles
# made by the rest of the program meanwhile are not left to pile up.
MAX_PAUSE_SECONDS = 1.0
_collector_lock = threading.Lock()
_running = 0  # analyses running now
_paused = False  # whether this module paused the collector (it was enabled when the first began)
_paused_since = 0.0  # monotonic time of the pause, or of the last collection made during it


@contextmanager
def _collector_paused() -> Iterator[None]:
    global _running, _paused, _paused_since
    with _collector_lock:
        if _running == 0 and gc.isenabled():
            gc.disable()
            _paused = True
            _paused_since = time.monotonic()
        _running += 1
    try:
        yield
    finally:
        collect = False
        with _collector_lock:
            _running -= 1
            if _paused and _running == 0:
                _paused = False
                gc.enable()
            elif _paused and time.monotonic() - _paused_since >= MAX_PAUSE_SECONDS:
                _paused_since = time.monotonic()
                collect = True
        if collect:
            gc.collect()


def analyse(article: Article) -> Analysis:
    """The whole analysis of one article; never raises on odd text."""
    with _collector_paused():
        # (the collector resumes once ``_analyse`` has returned and its document is freed: only
        # the analysis is left for it to look at)
        return _analyse(article)


def _analyse(article: Article) -> Analysis:
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
