"""Benchmark: our timeline extraction vs ``dateparser.search.search_dates`` on the seed article.

Prints both timings, the speed-up, and what each found. Run: ``.venv/bin/python bench/timeline_vs_dateparser.py``.
"""

from __future__ import annotations

import logging
import sys
import time
import warnings
from datetime import datetime
from pathlib import Path

from digests import timeline
from digests.model import Article
from digests.text import prepare

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_1b1ae5c9573f0283.txt"


def best_of(fn, repeat: int) -> float:
    """Best CPU time of ``repeat`` runs (process time: the machine is shared, wall time is noisy)."""
    times = []
    for _ in range(repeat):
        t = time.process_time()
        fn()
        times.append(time.process_time() - t)
    return min(times)


def main(path: Path = SEED) -> None:
    warnings.simplefilter("ignore")
    from dateparser.search import search_dates

    lines = path.read_text(encoding="utf-8").splitlines()
    published = datetime(2022, 10, 31)
    article = Article(title=lines[0], paragraphs=lines[1:], published=published)
    text = "\n".join(lines)
    settings = {"RELATIVE_BASE": published}

    timeline.extract(prepare(article), [])  # warm-up: lexicons are built once per process
    search_dates(text, languages=["ar"], settings=settings)

    doc = prepare(article)
    extract_only = best_of(lambda: timeline.extract(doc, []), 50)
    ours = best_of(lambda: timeline.extract(prepare(article), []), 50)
    theirs = best_of(lambda: search_dates(text, languages=["ar"]), 5)
    print(f"timeline.extract:                    {extract_only * 1000:.2f} ms  ({theirs / extract_only:.0f}x)")
    print(f"prepare + timeline.extract:          {ours * 1000:.2f} ms  ({theirs / ours:.0f}x)")
    print(f"dateparser.search_dates(ar):         {theirs * 1000:.2f} ms")
    print("\n-- ours")
    events, figures = timeline.extract(prepare(article), [])
    for e in events:
        print(f"{e.start:>10} {e.precision:<11} {e.text}  {e.paragraphs}")
    for f in figures:
        print(f"figure {f.value} {f.what} ({f.qualifier})")
    print("\n-- dateparser")
    for found, when in search_dates(text, languages=["ar"], settings=settings) or []:
        print(f"{when.date()}  {found}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else SEED)
