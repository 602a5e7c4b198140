"""Actor extraction quality and speed: precision/recall per test article and the seed, extract() timing.

Run: .venv/bin/python bench/actors_quality.py [--verbose]
"""

from __future__ import annotations

import json
import sys
import time
from datetime import datetime
from pathlib import Path

from digests.actors import extract
from digests.actors_score import score
from digests.model import Article
from digests.text import prepare

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "actors"


def load_article(path: Path) -> Article:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return Article(title=lines[0], paragraphs=lines[1:], published=datetime(2022, 10, 31))


def main() -> None:
    verbose = "--verbose" in sys.argv
    for txt in sorted(DATA.glob("*.txt")):
        doc = prepare(load_article(txt))
        actors = extract(doc)
        expected = json.loads(txt.with_suffix(".json").read_text(encoding="utf-8"))
        s = score(actors, expected)
        print(f"{txt.stem:28} {s}")
        if verbose:
            for a in actors:
                print(f"    {a.kind:12} {a.name} | {a.name_en} | {a.role} | {a.aliases} {a.mentions} {a.quotes}")
            for m in s.missing + s.wrong:
                print("    !", m)
        start = time.perf_counter()
        runs = 50
        for _ in range(runs):
            extract(doc)
        per = (time.perf_counter() - start) / runs
        print(f"{'':28} extract(): {per * 1000:.1f} ms/article ({1 / per:.0f} articles/s)")


if __name__ == "__main__":
    main()
