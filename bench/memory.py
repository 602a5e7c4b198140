"""Memory benchmark: resident memory of the running bot, idle over N stored articles and after M commands.

The bot runs as a child process, exactly as deployed without tokens: ``python -m bot run``, which
serves the console adapter (reading commands from a pipe) with the digest scheduler beside it. Commands are
a mix of every reading command with arguments drawn from the store. RSS (and USS) is read with
psutil after start-up (idle), then every 1,000 commands; the goal is under 150 MB and no growth
between 1,000 and M commands.

    python bench/memory.py --articles 100000 --commands 10000
    python bench/memory.py --quick

Prints a table and, as the last line, one JSON object.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psutil

from bench.harness import ROOT, bench_env, emit, ensure_db, machine, table
from bench.synthetic import countries, search_words


def command_mix(db: Path, seed: int, skip: tuple[str, ...] = ()) -> list[str]:
    rng = random.Random(seed)
    con = sqlite3.connect(db)
    ids = [r[0] for r in con.execute("SELECT id FROM articles ORDER BY random() LIMIT 200")]
    try:
        names = [r[0] for r in con.execute("SELECT name FROM actors ORDER BY random() LIMIT 100")]
    except sqlite3.Error:
        names = []
    con.close()
    words = search_words("ar") + search_words("en")
    places = [c.ar for c in countries()] + [c.en for c in countries()]
    makers = [
        lambda: "/latest",
        lambda: f"/latest {rng.randint(1, 20)}",
        lambda: f"/search {rng.choice(words)}",
        lambda: f"/search {rng.choice(words)} {rng.choice(words)} p{rng.randint(1, 3)}",
        lambda: "/cards",
        lambda: f"/cards {rng.choice(ids)}" if ids else "/cards",
        lambda: f"/article {rng.choice(ids)}" if ids else "/article 1",
        lambda: "/actors",
        lambda: f"/actor {rng.choice(names)}" if names else "/actor x",
        lambda: "/timeline",
        lambda: f"/timeline {rng.choice(places)}",
        lambda: "/help",
        lambda: "/start",
        lambda: f"/nosuch{rng.randint(0, 10**6)}",  # unknown commands: the suggestion path
    ]
    made = (rng.choice(makers)() for _ in range(200000))
    return [c for c in made if c.split()[0].lstrip("/") not in skip][:20000]


class Bot:
    """The child process, its stdin, and a thread draining its stdout for markers."""

    def __init__(self, db: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "run"], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, env=bench_env(db), text=True, encoding="utf-8", bufsize=1,
        )
        self.ps = psutil.Process(self.proc.pid)
        self._seen: set[str] = set()
        self._cond = threading.Condition()
        threading.Thread(target=self._drain, daemon=True).start()
        self.stderr: list[str] = []
        threading.Thread(target=lambda: self.stderr.extend(self.proc.stderr), daemon=True).start()

    def _drain(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if "zzmark" in line:
                with self._cond:
                    self._seen.add(line.split("zzmark", 1)[1][:12].split()[0].strip(".؟?"))
                    self._cond.notify_all()

    def send(self, lines: list[str]) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write("".join(line + "\n" for line in lines))
        self.proc.stdin.flush()

    def sync(self, tag: str, timeout: float = 600) -> None:
        """Send a marker command and wait until its answer comes back (all before it are done)."""
        self.send([f"/zzmark{tag}"])
        deadline = time.monotonic() + timeout
        with self._cond:
            while tag not in self._seen:
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    raise RuntimeError(f"the bot did not answer marker {tag}: {''.join(self.stderr)[-2000:]}")
                self._cond.wait(min(left, 1.0))

    def memory(self) -> tuple[float, float]:
        info = self.ps.memory_full_info()
        return info.rss / 2**20, info.uss / 2**20

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--commands", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--skip", action="append", default=[], metavar="COMMAND",
                        help="leave a command out of the mix (repeatable), e.g. a pathologically slow one")
    parser.add_argument("--heavy", type=int, default=0, metavar="N",
                        help="after the mix, N runs each of /timeline and /actors; RSS measured after them")
    parser.add_argument("--quick", action="store_true", help="2,000 articles and 1,500 commands")
    args = parser.parse_args(argv)
    if args.quick:
        args.articles, args.commands = min(args.articles, 2000), min(args.commands, 1500)
    db = ensure_db(args.articles, args.seed)
    mix = command_mix(db, args.seed, tuple(args.skip))
    result_skip = sorted(args.skip)
    bot = Bot(db)
    rows: list[list[Any]] = []
    result: dict[str, Any] = {"bench": "memory", "articles": args.articles, "commands": args.commands}
    try:
        start = time.perf_counter()
        bot.sync("ready")
        time.sleep(2.0)
        rss, uss = bot.memory()
        result["idle_rss_mb"], result["idle_uss_mb"] = round(rss, 1), round(uss, 1)
        rows.append(["idle", 0, f"{rss:.1f}", f"{uss:.1f}", f"{time.perf_counter() - start:.1f}"])
        done, step, curve = 0, 1000, {}
        while done < args.commands:
            n = min(step, args.commands - done)
            t0 = time.perf_counter()
            bot.send([mix[(done + i) % len(mix)] for i in range(n)])
            done += n
            bot.sync(f"c{done}")
            rss, uss = bot.memory()
            curve[done] = round(rss, 1)
            rows.append(["after", done, f"{rss:.1f}", f"{uss:.1f}", f"{n / (time.perf_counter() - t0):.0f} cmd/s"])
        result["rss_mb_by_commands"] = curve
        first = curve.get(1000, next(iter(curve.values()), None))
        last = curve[max(curve)] if curve else None
        result["rss_after_1000_mb"] = first
        result[f"rss_after_{done}_mb"] = last
        result["growth_mb"] = round(last - first, 1) if first is not None and last is not None else None
        result["peak_rss_mb"] = max([result["idle_rss_mb"], *curve.values()])
        if args.heavy:
            t0 = time.perf_counter()
            bot.send(["/timeline", "/timeline مصر", "/actors"] * args.heavy)
            bot.sync("heavy", timeout=3600)
            rss, uss = bot.memory()
            result["rss_after_heavy_mb"] = round(rss, 1)
            result["peak_rss_mb"] = max(result["peak_rss_mb"], round(rss, 1))
            rows.append([f"+{args.heavy}x /timeline, /timeline TERM, /actors", done, f"{rss:.1f}", f"{uss:.1f}",
                         f"{time.perf_counter() - t0:.1f} s"])
        result["skipped"] = result_skip
        result["scheduler"] = importlib.util.find_spec("digests.schedule") is not None
    finally:
        bot.close()
    print(table(["state", "commands", "RSS MB", "USS MB", "speed / time s"], rows))
    print(f"scheduler {'on' if result.get('scheduler') else 'not available'}")
    result["machine"] = machine()
    emit(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
