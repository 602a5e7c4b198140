"""Store benchmark: ingest N synthetic articles into a fresh database, then time the reading commands.

Ingest goes through the real analysis and save path (``analyse`` in one worker process per core,
``Store.save_article`` per article; a slice through ``digests.ingest.ingest_article`` exactly as an
admin load runs it). Each command is timed through ``App.handle`` with real ``Request`` objects
(dispatch, locale lookup, handler, queries), and against the floor: the very SQL statements that
command ran (captured with SQLite's trace callback), executed bare on a plain ``sqlite3`` connection.

    python bench/store.py --articles 100000        # the issue's size
    python bench/store.py --quick                  # about a minute

Prints a table and, as the last line, one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import (
    bench_settings,
    cached_db,
    db_megabytes,
    emit,
    machine,
    percentile,
    populate,
    table,
)
from bench.synthetic import countries, make_article, search_words
from bot.app import App, create_app
from digests.ingest import ingest_article
from digests.store import Store, memo
from handlers.core import Request

COMMANDS = ["actors", "actors_cold", "actor", "timeline", "timeline_term", "search", "latest", "cards", "article"]


def variants(con: sqlite3.Connection, rng: random.Random) -> dict[str, tuple[str, list[list[str]]]]:
    """Per benchmark row: (command name, list of argument lists) drawn from what is stored."""
    ids = [r[0] for r in con.execute("SELECT id FROM articles ORDER BY random() LIMIT 20")]
    names: list[str] = []
    try:
        top = con.execute(
            "SELECT a.name FROM actor_mentions m JOIN actors a ON a.id = m.actor_id "
            "GROUP BY m.actor_id ORDER BY count(*) DESC LIMIT 10"
        ).fetchall()
        rand = con.execute("SELECT name FROM actors ORDER BY random() LIMIT 10").fetchall()
        names = [r[0] for r in top + rand]
    except sqlite3.Error:
        pass
    terms = []
    for c in rng.sample(countries(), 10):
        terms.append(c.ar if rng.random() < 0.6 else c.en)
    words = search_words("ar") + search_words("en") + ["زلزال النفط", "Okonkwo", "منصور", "xylophone"]
    return {
        "actors": ("actors", [[]]),
        "actors_cold": ("actors", [[]]),  # the first /actors after a write: cache dropped before each run
        "actor": ("actor", [n.split() for n in names] or [["—"]]),
        "timeline": ("timeline", [[]]),
        "timeline_term": ("timeline", [t.split() for t in terms]),
        "search": ("search", [w.split() for w in words]),
        "latest": ("latest", [[], ["20"]]),
        "cards": ("cards", [[]] + [[str(i)] for i in ids[:10]]),
        "article": ("article", [[str(i)] for i in ids[:10]]),
    }


def request(command: str, args: list[str], n: int) -> Request:
    # No locale: dispatch looks the chat's language up, as it does for every real message.
    return Request(
        platform="telegram" if n % 2 else "discord",
        chat_id=f"bench{n % 7}",
        user_id=f"u{n % 13}",
        command=command,
        args=list(args),
        text=" ".join(args),
        user_language="ar" if n % 3 else "en",
    )


async def capture(app: App, command: str, args: list[str]) -> list[str]:
    """The SQL statements one run of the command executes (parameters expanded)."""
    seen: list[str] = []
    await app.store.db.set_trace_callback(seen.append)
    try:
        await app.handle(request(command, args, 0))
    finally:
        await app.store.db.set_trace_callback(None)
    # Statements SQLite runs inside others (FTS5 shadow tables, "-- " nested ones) are part of
    # their parent's cost: keep only what the handler itself executed.
    return [
        s for s in seen
        if s.strip().upper() not in ("BEGIN", "COMMIT", "ROLLBACK")
        and not s.startswith("--") and "'main'." not in s
    ]


def bare(con: sqlite3.Connection, statements: list[str]) -> float:
    start = time.perf_counter()
    for sql in statements:
        con.execute(sql).fetchall()
    return time.perf_counter() - start


async def measure(db: Path, samples: int, seed: int, budget: float) -> tuple[list[list[Any]], dict[str, Any]]:
    app = await create_app(bench_settings(db), load_seed_articles=False)
    app.registry.limiter.per_minute = 0
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rng = random.Random(seed)
    rows: list[list[Any]] = []
    out: dict[str, Any] = {"p50_ms": {}, "p95_ms": {}, "p99_ms": {}, "floor_p50_ms": {}, "floor_p99_ms": {},
                           "ratio_p99": {}, "samples": {}, "missing": []}
    try:
        for key, (command, arg_sets) in variants(con, rng).items():
            label = f"/{command}" + (" TERM" if key == "timeline_term" else " NAME" if key == "actor" else
                                      " WORD" if key == "search" else " (uncached)" if key == "actors_cold" else "")
            if app.registry.get(command) is None:
                out["missing"].append(label)
                rows.append([label, "not registered", "", "", "", "", "", "", ""])
                continue
            started = time.perf_counter()
            if key == "actors_cold":
                memo.forget(app.store.db)  # capture the statements of the uncached answer
            plans = [(args, await capture(app, command, args)) for args in arg_sets[:1]]
            slow = time.perf_counter() - started > budget / 20
            # A pathological command gets one variant and the minimum of runs; the others all variants.
            if not slow:
                plans += [(args, await capture(app, command, args)) for args in arg_sets[1:]]
                for args, _ in plans[:3]:  # warm caches the way a running bot has them
                    await app.handle(request(command, args, 1))
            times, floors, errors = [], [], 0
            for n in range(samples):
                if (n >= 5 or (slow and n >= 3)) and time.perf_counter() - started > budget:
                    break  # a pathological command: report what fits in the budget
                args, statements = plans[n % len(plans)]
                if key == "actors_cold":
                    memo.forget(app.store.db)  # as after a write: the next answer is computed afresh
                start = time.perf_counter()
                reply = await app.handle(request(command, args, n))
                times.append((time.perf_counter() - start) * 1000)
                errors += reply.error
                floors.append(bare(con, statements) * 1000)
            p = {q: percentile(times, q) for q in (50, 95, 99)}
            f50, f99 = percentile(floors, 50), percentile(floors, 99)
            ratio = p[99] / f99 if f99 > 0 else float("inf")
            for name, value in (("p50_ms", p[50]), ("p95_ms", p[95]), ("p99_ms", p[99]),
                                ("floor_p50_ms", f50), ("floor_p99_ms", f99), ("ratio_p99", ratio)):
                out[name][label] = round(value, 2)
            stmts = max(len(s) for _, s in plans)
            out["samples"][label] = len(times)
            print(f"  {label}: {len(times)} runs, p50 {p[50]:.1f} ms, p99 {p[99]:.1f} ms", flush=True)
            rows.append([label, f"{len(plans)}/{len(times)}", f"{p[50]:.2f}", f"{p[95]:.2f}", f"{p[99]:.2f}", f"{f50:.2f}",
                         f"{f99:.2f}", f"{ratio:.1f}x", f"{stmts}" + (f" ({errors} err)" if errors else "")])
    finally:
        con.close()
        await app.close()
    return rows, out


async def serial_ingest(db: Path, start: int, n: int, seed: int) -> tuple[int, float]:
    """``n`` articles one at a time through ``ingest_article`` (the admin's load path)."""
    store = await Store.open(db)
    t0 = time.perf_counter()
    stored = 0
    try:
        for i in range(start, start + n):
            result = await ingest_article(store, make_article(i, seed))
            stored += not result.duplicate
    finally:
        await store.close()
    return stored, time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=300, help="timed runs per command")
    parser.add_argument("--budget", type=float, default=60.0, help="seconds per command at most (after 5 runs)")
    parser.add_argument("--workers", type=int, default=None, help="analysis processes (default: one per core)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--reuse", action="store_true", help="keep an existing database of this size (no ingest)")
    parser.add_argument("--quick", action="store_true", help="2,000 articles and 100 samples (about a minute)")
    args = parser.parse_args(argv)
    if args.quick:
        args.articles, args.samples = min(args.articles, 2000), min(args.samples, 100)
    n = args.articles
    db = cached_db(n, args.seed)
    result: dict[str, Any] = {"bench": "store", "articles": n}
    serial_n = min(500, max(n // 20, 1))
    if args.reuse and db.exists():
        print(f"reusing {db}")
        result["ingest_per_s"] = None
    else:
        for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
            p.unlink(missing_ok=True)
        bulk_n = n - serial_n

        def progress(done: int, secs: float) -> None:
            if done % 10000 == 0:
                print(f"  {done} articles, {done / secs:.0f}/s", flush=True)

        stored, secs = asyncio.run(populate(db, bulk_n, seed=args.seed, workers=args.workers, progress=progress))
        s_stored, s_secs = asyncio.run(serial_ingest(db, bulk_n, serial_n, args.seed))
        result["ingest_per_s"] = round(stored / secs, 1)
        result["ingest_serial_per_s"] = round(s_stored / s_secs, 1)
        result["stored"] = stored + s_stored
        print(table(["ingest", "articles", "seconds", "articles/s"], [
            [f"bulk ({args.workers or 'all'} cores: analyse in workers, save_article)", stored, f"{secs:.1f}",
             f"{stored / secs:.0f}"],
            ["serial (ingest_article, one at a time)", s_stored, f"{s_secs:.1f}", f"{s_stored / s_secs:.0f}"],
        ]))
    result["db_mb"] = db_megabytes(db)
    print(f"\ndatabase {db}: {result['db_mb']} MB\n")
    rows, latency = asyncio.run(measure(db, args.samples, args.seed, args.budget if not args.quick else 10.0))
    print(table(["command", "variants/runs", "p50 ms", "p95 ms", "p99 ms", "floor p50", "floor p99", "p99/floor",
                 "SQL stmts"], rows))
    result.update(latency)
    result["machine"] = machine()
    emit(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
