"""Poll N local feeds (half unchanged, answering 304) and print feeds/s and peak memory.

A local aiohttp server on 127.0.0.1 serves N RSS feeds with ETags. A first round polls them all
(storing one article each); the measured round polls them again with ``feeds.poll_due``: half
answer 304 Not Modified, half carry one new entry that is analysed and stored.

    .venv/bin/python bench/feeds.py --feeds 500
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import resource
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aiohttp import web  # noqa: E402

from bot.settings import load_settings  # noqa: E402
from digests import feeds  # noqa: E402
from digests.store import Store  # noqa: E402

TOPICS = ["port", "rail", "grain", "power", "water", "bridge", "school", "clinic", "market", "airport"]


def feed_xml(i: int, version: int) -> bytes:
    items = []
    for v in range(version + 1):
        topic = TOPICS[(i + v) % len(TOPICS)]
        items.append(
            f"<item><title>Feed {i} story {v}: new {topic} plan approved</title>"
            f"<link>https://bench{i}.example/{v}</link><guid>bench-{i}-{v}</guid>"
            f"<pubDate>Tue, 05 Mar 2024 {10 + v:02d}:00:00 GMT</pubDate>"
            f"<description><![CDATA[<p>Officials in district {i} approved a new {topic} plan worth {i * 10 + v} million "
            f"on Tuesday, version {v} of the programme.</p><p>Work is due to start next year, the council said.</p>]]>"
            f"</description></item>"
        )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Bench feed {i}</title>'
        f"<link>https://bench{i}.example/</link>{''.join(items)}</channel></rss>"
    ).encode()


class Server:
    def __init__(self, n: int) -> None:
        self.version = dict.fromkeys(range(n), 0)
        self.not_modified = 0
        self.full = 0

    async def handle(self, request: web.Request) -> web.Response:
        i = int(request.match_info["i"])
        etag = f'"{i}-{self.version[i]}"'
        if request.headers.get("If-None-Match") == etag:
            self.not_modified += 1
            return web.Response(status=304, headers={"ETag": etag})
        self.full += 1
        return web.Response(body=feed_xml(i, self.version[i]), headers={"Content-Type": "application/rss+xml", "ETag": etag})


async def bench(n: int, concurrency: int) -> dict[str, object]:
    server = Server(n)
    app = web.Application()
    app.router.add_get("/feed/{i}", server.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings({"NEWSBOT_DATABASE": str(Path(tmp) / "b.db"), "NEWSBOT_ALLOW_PRIVATE_URLS": "true"})
        settings.raw["feeds"]["max_concurrent"] = concurrency
        store = await Store.open(settings.database)
        try:
            for i in range(n):
                await feeds.add_feed(store, f"http://127.0.0.1:{port}/feed/{i}")
            started = time.monotonic()
            first = await feeds.poll_due(store, settings)
            warm = time.monotonic() - started
            for i in range(0, n, 2):  # half the feeds get one new entry
                server.version[i] += 1
            server.not_modified = server.full = 0
            tracemalloc.start()
            started = time.monotonic()
            second = await feeds.poll_due(store, settings, now=datetime.now(UTC) + timedelta(hours=1))
            elapsed = time.monotonic() - started
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            articles = await store.count_articles()
        finally:
            await store.close()
    await runner.cleanup()
    new = sum(o.new for o in second)
    errors = sum(1 for o in first + second if o.status == "error")
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"first round: {len(first)} feeds in {warm:.1f} s; second round: {len(second)} feeds in {elapsed:.2f} s "
          f"({server.not_modified} answered 304, {server.full} full, {new} new articles); {articles} articles; "
          f"{errors} errors", file=sys.stderr)
    return {
        "bench": "feeds",
        "feeds": n,
        "feeds_per_s": round(len(second) / elapsed, 1) if elapsed else 0.0,
        "not_modified": server.not_modified,
        "new_articles": new,
        "errors": errors,
        "peak_traced_mb": round(peak / 1e6, 1),
        "peak_rss_mb": round(rss_mb, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--quick", action="store_true", help="a small run (--feeds 100) for make bench")
    args = parser.parse_args()
    if args.quick:
        args.feeds = 100
    logging.basicConfig(level=logging.ERROR, stream=sys.stderr)
    result = asyncio.run(bench(args.feeds, args.concurrency))
    print(f"{result['feeds_per_s']} feeds/s ({result['not_modified']} unchanged → 304), "
          f"peak memory {result['peak_traced_mb']} MB traced in the polling round, {result['peak_rss_mb']} MB RSS")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
