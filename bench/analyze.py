"""Benchmark: whole-article analysis speed against ``dateparser.search.search_dates`` on the same text.

Measures articles per second for ``digests.analysis.analyse`` on the seed article and on a long
synthetic article (the seed body repeated 20 times), and ``search_dates(text, languages=['ar'])``
on the seed text alone. It also runs both over the other test articles (``tests/data/quality``,
Arabic and English, other topics; dateparser told each article's language), so that the ratio is not
the seed's alone. Prints a few readable lines and, last, one JSON object:
``{"bench": "analyze", "articles_per_s", "dateparser_per_s", "speedup_vs_dateparser",
"long_article_per_s", ...}``.

Usage: ``python bench/analyze.py [--quick] [--seed FILE]`` (``--quick`` finishes within 30 s).
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import sys
import time
import warnings
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from digests.analysis import analyse  # noqa: E402
from digests.model import Article  # noqa: E402

log = logging.getLogger(__name__)

SEED_CANDIDATES = (
    ROOT / "tests" / "data" / "seed.txt",
    Path("/work/shared/seeds/000_1b1ae5c9573f0283.txt"),
)
LONG_FACTOR = 20


def _seed_path(explicit: str | None) -> Path:
    if explicit:
        return Path(explicit)
    for p in SEED_CANDIDATES:
        if p.is_file():
            return p
    for p in sorted((ROOT / "seeds").glob("*.txt")):
        return p
    raise SystemExit("no seed article found; pass --seed FILE")


def _article(path: Path, factor: int = 1) -> Article:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return Article(
        title=lines[0], paragraphs=lines[1:] * factor, published=datetime(2022, 10, 31, 12, tzinfo=UTC)
    )


def rate(fn: Callable[[], object], min_seconds: float, min_runs: int = 2) -> float:
    """Calls per CPU second of ``fn`` over at least ``min_seconds`` and ``min_runs`` calls.

    CPU time of this process, not wall time: the machine is shared, and other processes' load
    must not skew the ratio between the two measured functions.
    """
    fn()  # warm caches (lexicons, Babel data, regexes)
    runs = 0
    start = time.process_time()
    while True:
        fn()
        runs += 1
        elapsed = time.process_time() - start
        if runs >= min_runs and elapsed >= min_seconds:
            return runs / elapsed


def corpus(root: Path) -> list[tuple[Article, str, str]]:
    """The other test articles as (article, its text, its language)."""
    from digests.text import detect_language

    out = []
    for path in sorted(root.rglob("*.txt")):
        article = _article(path)
        text = article.title + "\n" + "\n".join(article.paragraphs)
        out.append((article, text, detect_language(text)))
    return out


def stage_ms(article: Article, min_seconds: float) -> dict[str, float]:
    """CPU milliseconds of each analysis stage run in sequence (best run), as ``analyse`` runs them."""
    from digests import actors, cards, timeline
    from digests.text import prepare

    best = {"prepare": math.inf, "actors": math.inf, "timeline": math.inf, "cards": math.inf}
    clock = time.process_time
    start = clock()
    runs = 0
    while runs < 3 or clock() - start < min_seconds:
        t0 = clock()
        doc = prepare(article)
        t1 = clock()
        found = actors.extract(doc)
        t2 = clock()
        events, _figures = timeline.extract(doc, found)
        t3 = clock()
        cards.split(doc, events)
        t4 = clock()
        for key, spent in zip(best, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
            best[key] = min(best[key], spent)
        runs += 1
    return {key: round(value * 1000, 3) for key, value in best.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short runs (under 30 s in total)")
    parser.add_argument("--seed", help="a plain-text article (first line the headline)")
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore")
    logging.basicConfig(level=logging.WARNING)
    seconds = 2.0 if args.quick else 8.0

    from dateparser.search import search_dates

    path = _seed_path(args.seed)
    seed = _article(path)
    long = _article(path, LONG_FACTOR)
    text = seed.title + "\n" + "\n".join(seed.paragraphs)

    articles_per_s = rate(lambda: analyse(seed), seconds)
    print(f"analyse(seed): {articles_per_s:.1f} articles/s ({len(text)} chars)")
    dateparser_per_s = rate(lambda: search_dates(text, languages=["ar"]), seconds)
    print(f"dateparser search_dates(seed, ar): {dateparser_per_s:.2f} texts/s")
    long_per_s = rate(lambda: analyse(long), seconds * 1.5)
    print(f"analyse(seed x{LONG_FACTOR}): {long_per_s:.2f} articles/s")
    others = corpus(ROOT / "tests" / "data" / "quality")
    corpus_per_s = len(others) * rate(lambda: [analyse(a) for a, _t, _l in others], seconds)
    corpus_dp_per_s = len(others) * rate(
        lambda: [search_dates(t, languages=[lang]) for _a, t, lang in others], seconds
    )
    corpus_speedup = corpus_per_s / corpus_dp_per_s if corpus_dp_per_s else float("inf")
    print(f"{len(others)} other articles: analyse {corpus_per_s:.1f}/s, dateparser {corpus_dp_per_s:.2f}/s, "
          f"{corpus_speedup:.1f}x")
    stages = stage_ms(seed, seconds / 2)
    print("stages (CPU ms, best run): " + ", ".join(f"{k} {v:.2f}" for k, v in stages.items()))
    speedup = articles_per_s / dateparser_per_s if dateparser_per_s else float("inf")
    linearity = (articles_per_s / long_per_s) / LONG_FACTOR if long_per_s else float("inf")
    print(f"speedup vs dateparser: {speedup:.1f}x (goal >= 20x); long/seed time ratio / {LONG_FACTOR}: "
          f"{linearity:.2f} (1.0 = linear)")
    print(
        json.dumps(
            {
                "bench": "analyze",
                "articles_per_s": round(articles_per_s, 3),
                "dateparser_per_s": round(dateparser_per_s, 3),
                "speedup_vs_dateparser": round(speedup, 2),
                "long_article_per_s": round(long_per_s, 3),
                "long_factor": LONG_FACTOR,
                "linearity": round(linearity, 3),
                "analyse_ms": round(1000 / articles_per_s, 3),
                "dateparser_ms": round(1000 / dateparser_per_s, 3) if dateparser_per_s else None,
                "stages_ms": stages,
                "corpus_articles": len(others),
                "corpus_speedup_vs_dateparser": round(corpus_speedup, 2),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
