"""Helpers shared by the quality-audit tests: analyse a corpus article or a few loose paragraphs.

A corpus is a folder of ``NAME.txt`` files (headline on the first line, a paragraph a line) and
the publication date of each; ``corpus(folder, dates)`` gives a cached ``analysed(name)``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path

from digests.analysis import analyse
from digests.model import Analysis, Article


def _noon(d: date) -> datetime:
    return datetime(d.year, d.month, d.day, 12, tzinfo=UTC)


def corpus(folder: Path, published: dict[str, date]) -> Callable[[str], Analysis]:
    """``analysed(name)``: the analysis of ``folder/name.txt`` at its publication date (cached)."""

    @cache
    def analysed(name: str) -> Analysis:
        lines = [line for line in (folder / f"{name}.txt").read_text(encoding="utf-8").splitlines() if line.strip()]
        return analyse(Article(title=lines[0], paragraphs=lines[1:], published=_noon(published[name])))

    return analysed


def paragraphs_at(published: date, *paragraphs: str) -> Analysis:
    """The analysis of loose paragraphs under the headline "t", published at noon UTC on ``published``."""
    return analyse(Article(title="t", paragraphs=list(paragraphs), published=_noon(published)))


def at(*paragraphs: str, published: date = date(2024, 7, 10)) -> Analysis:
    """``paragraphs_at`` with the quality tests' usual publication date (Wednesday 10 July 2024)."""
    return paragraphs_at(published, *paragraphs)


def dates(a: Analysis) -> dict[str, str | None]:
    """Timeline text → start."""
    return {e.text: e.start for e in a.timeline}


def people(a: Analysis) -> dict[str, str | None]:
    """Person → role."""
    return {x.name: x.role for x in a.actors if x.kind == "person"}


def organisations(a: Analysis) -> set[str]:
    """The names of the organisation actors."""
    return {x.name for x in a.actors if x.kind == "organisation"}


def kinds(a: Analysis) -> dict[str, str]:
    """Actor name → kind."""
    return {x.name: x.kind for x in a.actors}
