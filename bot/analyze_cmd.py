"""``python -m bot analyze FILE [--published YYYY-MM-DD] [--title T] [--json]``: one article's analysis.

Reads plain text, HTML, Markdown or an RSS/Atom file (its first item) with ``digests.readers``,
runs the whole analysis and prints a readable summary, or with ``--json`` exactly one JSON object
(``Analysis.to_json()``). Unreadable, empty, binary or oversized files exit with status 2 and one
line on stderr.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from datetime import date
from pathlib import Path

log = logging.getLogger(__name__)

_MESSAGES_EN = {
    "ingest.too_large": "the file is too large ({size_kb} KB); the limit is {limit_kb} KB",
    "ingest.empty": "the file is empty: it has no text",
    "ingest.no_body": "found a headline but no body",
    "ingest.binary": "the file is not readable text",
    "ingest.bad_encoding": "the file is not UTF-8 text",
}


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register the ``analyze`` subcommand on the CLI's subparsers."""
    p = subparsers.add_parser("analyze", help="analyse one article file and print cards, actors, timeline")
    p.add_argument("file", metavar="FILE", help="plain text (first line the headline), .html, .md, or an RSS/Atom file")
    p.add_argument("--published", type=_iso_date, default=None, help="publication date YYYY-MM-DD")
    p.add_argument("--title", default=None, help="headline (overrides the file's)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=run_analyze)
    return p


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def _max_bytes() -> int:
    from digests.readers import DEFAULT_MAX_BYTES

    try:
        from bot.settings import load_settings

        return load_settings().max_article_bytes
    except Exception:  # no or broken settings: analysis still works with the default limit
        return DEFAULT_MAX_BYTES


def _fail(message: str) -> int:
    print(f"newsbot analyze: {message}", file=sys.stderr)
    return 2


def run_analyze(args: argparse.Namespace) -> int:
    """Run the subcommand; returns the exit status."""
    from digests.analysis import analyse
    from digests.readers import ArticleError, read_article_bytes

    path = Path(args.file)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return _fail(f"no such file: {args.file}")
    except IsADirectoryError:
        return _fail(f"not a file: {args.file}")
    except OSError as exc:
        return _fail(f"cannot read {args.file}: {exc.strerror or exc}")
    try:
        article = read_article_bytes(
            data, path.name, published=getattr(args, "published", None), title=getattr(args, "title", None),
            max_bytes=_max_bytes(),
        )
    except ArticleError as exc:
        text = _MESSAGES_EN.get(exc.key, exc.key)
        try:
            text = text.format(**exc.params)
        except (KeyError, IndexError):
            pass
        return _fail(f"{args.file}: {text}")
    analysis = analyse(article)
    if getattr(args, "json", False):
        print(json.dumps(analysis.to_json(), ensure_ascii=False))
        return 0
    print(format_summary(analysis))
    return 0


def format_summary(analysis: object) -> str:
    """A readable multi-line summary of an ``Analysis``."""
    a = analysis
    lines = [a.title or "(untitled)"]  # type: ignore[attr-defined]
    meta = [f"language: {a.language}"]  # type: ignore[attr-defined]
    if a.published:  # type: ignore[attr-defined]
        meta.append(f"published: {a.published.isoformat()}")  # type: ignore[attr-defined]
    if a.dateline:  # type: ignore[attr-defined]
        meta.append(f"dateline: {a.dateline.place} ({a.dateline.agency})")  # type: ignore[attr-defined]
    meta.append(f"{len(a.paragraphs)} paragraphs")  # type: ignore[attr-defined]
    lines.append(" · ".join(meta))
    if "unsupported-language" in a.flags:  # type: ignore[attr-defined]
        lines.append("unsupported language: analysis limited")
    lines.append("")
    lines.append(f"Cards ({len(a.cards)}):")  # type: ignore[attr-defined]
    for n, card in enumerate(a.cards, 1):  # type: ignore[attr-defined]
        span = ", ".join(str(i) for i in card.paragraphs)
        title = card.title if card.title == card.title_en else f"{card.title} / {card.title_en}"
        lines.append(f"{n}. {card.emoji} {title}  [paragraphs {span}]")
        lines.append(f"   {card.summary}")
    for label, items in (("Actors", a.actors), ("Timeline", a.timeline), ("Figures", a.figures)):  # type: ignore[attr-defined]
        lines.append("")
        lines.append(f"{label} ({len(items)}):")
        for item in items[:20]:
            name = getattr(item, "name", None) or getattr(item, "text", "")
            extra = getattr(item, "start", None) or getattr(item, "kind", None) or ""
            lines.append(f"- {name}" + (f" ({extra})" if extra else ""))
    return "\n".join(lines)
