"""Autocomplete choices for slash-command options: actor names and article ids, read from the store.

Matching folds Arabic and Latin text with ``digests.textnorm`` (so «الرئيس» finds «رئيس» spellings
and case does not matter); actors are ranked by how often articles mention them, articles by date.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from digests.store import Store
from digests.textnorm import normalize, prefix_variants, tokens

log = logging.getLogger(__name__)

CHOICES_MAX = 25
CHOICE_MAX = 100
_SCAN = 500


@dataclass
class Choice:
    name: str
    value: str | int


def _cut(text: str, limit: int = CHOICE_MAX) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _matches(typed: str, *names: str) -> bool:
    wanted = tokens(typed)
    if not wanted:
        return True
    haystack = " ".join(normalize(n) for n in names if n)
    words = haystack.split()
    for w in wanted:
        forms = {w, *prefix_variants(w)}
        if not any(any(word.startswith(f) or f in word for f in forms) for word in words):
            return False
    return True


async def actor_choices(store: Store, typed: str, *, english: bool = False) -> list[Choice]:
    rows = await store.fetchall(
        "SELECT a.name, a.name_en, coalesce(sum(m.mentions), 0) AS n FROM actors a "
        "LEFT JOIN actor_mentions m ON m.actor_id = a.id GROUP BY a.id ORDER BY n DESC, a.name LIMIT ?",
        (_SCAN,),
    )
    out: list[Choice] = []
    seen: set[str] = set()
    for row in rows:
        name, name_en = row["name"], row["name_en"] or ""
        if not _matches(typed, name, name_en):
            continue
        shown = name_en if english and name_en else name
        label = f"{shown} · {name_en}" if name_en and name_en != shown else shown
        value = _cut(shown)
        if value in seen:
            continue
        seen.add(value)
        out.append(Choice(_cut(label), value))
        if len(out) >= CHOICES_MAX:
            break
    return out


async def article_choices(store: Store, typed: str, *, integer: bool) -> list[Choice]:
    typed = typed.strip().lstrip("#")
    rows = await store.latest_articles(_SCAN)
    out: list[Choice] = []
    for row in rows:
        aid = int(row["id"])
        if typed and not (str(aid).startswith(typed) or _matches(typed, row["title"] or "")):
            continue
        out.append(Choice(_cut(f"#{aid} {row['title']}"), aid if integer else str(aid)))
        if len(out) >= CHOICES_MAX:
            break
    return out


async def choices(store: Store, kind: str, typed: str, *, integer: bool, english: bool = False) -> list[Choice]:
    """Choices for an Argument.autocomplete ``kind`` ("actor" | "article"); [] for anything else."""
    try:
        if kind == "actor":
            return await actor_choices(store, typed, english=english)
        if kind == "article":
            return await article_choices(store, typed, integer=integer)
    except Exception:  # autocomplete must answer even when the store does not
        log.exception("autocomplete %s failed", kind)
    return []
