"""Start-up benchmark: time from ``python -m bot run`` to ready, with N articles stored.

With no platform token, ``python -m bot run`` serves the console chat; "ready" is the moment its
first answer (to ``/start``, written to its stdin before it starts) comes out, so the time covers
the interpreter, imports, settings, opening and migrating the store, the seed check, the handlers
and the catalogue, and one command. The bare interpreter start is printed as the floor, and the
in-process ``create_app`` time as the part the store and handlers take. Goal: under 2 s.

    python bench/startup.py --articles 100000 --runs 5
    python bench/startup.py --quick

Prints a table and, as the last line, one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import ROOT, bench_env, bench_settings, emit, ensure_db, machine, table


def time_to_ready(db: Path) -> float:
    """Seconds from spawning ``python -m bot run`` to the first line of its answer to /start."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"], cwd=ROOT, env=bench_env(db), stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
    )
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write("/start\n")
    proc.stdin.flush()
    line = proc.stdout.readline()
    ready = time.perf_counter() - start
    proc.stdin.close()
    proc.stdin = None  # communicate() must not flush the closed pipe
    _, err = proc.communicate(timeout=60)
    if not line.strip():
        raise RuntimeError(f"the bot gave no answer: {err[-2000:]}")
    return ready


def time_interpreter() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    return time.perf_counter() - start


def time_imports() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import bot.cli, bot.app, bot.console, bot.runner"], cwd=ROOT, check=True)
    return time.perf_counter() - start


async def time_create_app(db: Path) -> float:
    from bot.app import create_app

    start = time.perf_counter()
    app = await create_app(bench_settings(db))
    elapsed = time.perf_counter() - start
    await app.close()
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--quick", action="store_true", help="2,000 articles, 3 runs")
    args = parser.parse_args(argv)
    if args.quick:
        args.articles, args.runs = min(args.articles, 2000), min(args.runs, 3)
    db = ensure_db(args.articles, args.seed)
    time_to_ready(db)  # first run warms the OS page cache and .pyc files, as on a running server
    ready = [time_to_ready(db) for _ in range(args.runs)]
    interp = min(time_interpreter() for _ in range(3))
    imports = min(time_imports() for _ in range(3))
    in_process = min(asyncio.run(time_create_app(db)) for _ in range(3))
    rows = [
        ["python -m bot run → first answer (median)", f"{statistics.median(ready):.2f}"],
        ["python -m bot run → first answer (worst)", f"{max(ready):.2f}"],
        ["floor: bare interpreter start", f"{interp:.2f}"],
        ["interpreter + importing the bot", f"{imports:.2f}"],
        ["create_app in process (store, migrations, seeds check, handlers, catalogue)", f"{in_process:.3f}"],
    ]
    print(table(["step", "seconds"], rows))
    result: dict[str, Any] = {
        "bench": "startup", "articles": args.articles, "runs": args.runs,
        "ready_s": round(statistics.median(ready), 3), "ready_max_s": round(max(ready), 3),
        "interpreter_s": round(interp, 3), "imports_s": round(imports, 3), "create_app_s": round(in_process, 3),
        "machine": machine(),
    }
    emit(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
