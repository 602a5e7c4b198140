"""Shared benchmark plumbing: settings on a bench database, bulk ingest, percentiles, tables, SQL tracing.

Not a benchmark itself (running it does nothing). Bulk ingest goes through the real path:
``digests.analysis.analyse`` (in worker processes, one per core) and ``Store.save_article``
(one transaction per article, duplicates checked), exactly what every loader calls.
"""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.synthetic import make_article  # noqa: E402
from bot.settings import Settings, load_settings  # noqa: E402
from digests.analysis import analyse  # noqa: E402
from digests.model import Analysis, Article  # noqa: E402
from digests.store import Store  # noqa: E402

CACHE = Path(os.environ.get("NEWSBOT_BENCH_DIR", Path(tempfile.gettempdir()) / "newsbot-bench"))


def bench_config() -> Path:
    """A settings file that turns the per-user rate limit off (benchmarks send thousands of commands)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / "bench.toml"
    path.write_text("[bot]\ncommands_per_minute = 0\nlog_level = \"WARNING\"\n", encoding="utf-8")
    return path


def bench_env(db: Path) -> dict[str, str]:
    """Environment for a bot process (or ``load_settings``) on ``db``, with no seeds and no tokens."""
    empty = CACHE / "no-seeds"
    empty.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in ("TELEGRAM_BOT_TOKEN", "DISCORD_BOT_TOKEN")}
    env.update(
        NEWSBOT_DATABASE=str(db),
        NEWSBOT_SEEDS_DIR=str(empty),
        NEWSBOT_CONFIG=str(bench_config()),
        PYTHONPATH=str(ROOT),
    )
    return env


def bench_settings(db: Path) -> Settings:
    return load_settings(bench_env(db))


def _analyse_one(index_seed: tuple[int, int]) -> tuple[Article, Analysis]:
    article = make_article(*index_seed)
    return article, analyse(article)


async def populate(
    db: Path, n: int, *, seed: int = 0, workers: int | None = None, offset: int = 0,
    progress: Callable[[int, float], None] | None = None,
) -> tuple[int, float]:
    """Analyse and store ``n`` synthetic articles into ``db``; returns (stored, seconds)."""
    workers = (os.cpu_count() or 1) if workers is None else workers
    store = await Store.open(db)
    stored = 0
    start = time.perf_counter()
    try:
        jobs = ((i, seed) for i in range(offset, offset + n))
        if workers <= 1:
            results = (_analyse_one(j) for j in jobs)
            pool = None
        else:
            pool = ProcessPoolExecutor(max_workers=workers)
            results = pool.map(_analyse_one, jobs, chunksize=64)
        try:
            for done, (article, analysis) in enumerate(results, 1):
                article.language = analysis.language
                saved = await store.save_article(article, analysis)
                stored += not saved.duplicate
                if progress and done % 1000 == 0:
                    progress(done, time.perf_counter() - start)
        finally:
            if pool is not None:
                pool.shutdown(cancel_futures=True)
        await store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        await store.close()
    return stored, time.perf_counter() - start


def count_articles(db: Path) -> int:
    if not db.exists():
        return 0
    with sqlite3.connect(db) as con:
        try:
            return int(con.execute("SELECT count(*) FROM articles").fetchone()[0])
        except sqlite3.Error:
            return 0


def cached_db(n: int, seed: int = 0) -> Path:
    return CACHE / f"articles-{n}-s{seed}.db"


def ensure_db(n: int, seed: int = 0, log: Callable[[str], None] = print) -> Path:
    """A database holding ``n`` synthetic articles, built once and kept in the bench cache folder."""
    path = cached_db(n, seed)
    have = count_articles(path)
    if have < n:
        log(f"building {path} with {n} articles (have {have}) ...")
        stored, secs = asyncio.run(populate(path, n - have, seed=seed, offset=have))
        log(f"stored {stored} in {secs:.1f}s ({stored / max(secs, 1e-9):.0f}/s)")
    return path


def db_megabytes(db: Path) -> float:
    total = sum(p.stat().st_size for p in (db, Path(f"{db}-wal")) if p.exists())
    return round(total / 1e6, 1)


def percentile(samples: list[float], q: float) -> float:
    """Nearest-rank percentile of ``samples`` (q in 0..100)."""
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def table(headers: list[str], rows: list[list[Any]]) -> str:
    cells = [headers] + [[str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def emit(result: dict[str, Any]) -> None:
    """The last line of every benchmark: one JSON object."""
    print(json.dumps(result, ensure_ascii=False), flush=True)


def machine() -> dict[str, Any]:
    import platform

    info: dict[str, Any] = {"cpus": os.cpu_count(), "python": platform.python_version(),
                            "sqlite": sqlite3.sqlite_version}
    try:
        import psutil

        info["ram_gb"] = round(psutil.virtual_memory().total / 2**30, 1)
    except ImportError:  # pragma: no cover
        pass
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    except OSError:  # pragma: no cover
        pass
    return info
