"""Time `/timeline TERM` for named terms (the slow cases of issue 8) on a stored benchmark database.

Each term is asked through ``App.handle`` ``--runs`` times; the first (cold) and the best and
median of the rest are printed. Besides the given terms, the surname of the person named in the
most articles is added (a frequent surname). Opening the database applies pending migrations.

    python bench/timeline_terms.py --db /tmp/newsbot-bench/articles-100000-s0.db
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import bench_settings
from bot.app import create_app
from handlers.core import Request

TERMS = ["حالة", "interest rates", "الحكومة", "Russia"]


async def run(db: Path, terms: list[str], runs: int) -> None:
    app = await create_app(bench_settings(db), load_seed_articles=False)
    app.registry.limiter.per_minute = 0
    try:
        async with app.store.db.execute(
            "SELECT a.name FROM actor_mentions m JOIN actors a ON a.id = m.actor_id WHERE a.kind = 'person' "
            "GROUP BY m.actor_id ORDER BY count(*) DESC LIMIT 1"
        ) as cur:
            row = await cur.fetchone()
        if row:
            terms = [*terms, str(row[0]).split()[-1]]
        for term in terms:
            times, text = [], ""
            for n in range(runs):
                req = Request(platform="telegram", chat_id="terms", user_id="u", command="timeline",
                              args=term.split(), text=term, user_language="ar" if n % 2 else "en")
                start = time.perf_counter()
                reply = await app.handle(req)
                times.append((time.perf_counter() - start) * 1000)
                text = reply.plain_text()
            lines = max(len(text.splitlines()) - 1, 0)
            rest = times[1:] or times
            print(f"{term!r:24} cold {times[0]:8.1f} ms  warm best {min(rest):8.1f}  median "
                  f"{statistics.median(rest):8.1f}  ({lines} lines)", flush=True)
    finally:
        await app.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("terms", nargs="*", default=TERMS)
    args = parser.parse_args(argv)
    asyncio.run(run(args.db, args.terms, args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
