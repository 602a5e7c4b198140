"""Broadcast a digest to N subscribed chats through the fake Telegram API with its limits on.

The real python-telegram-bot sender (``bot.telegram``) talks to ``tests/fakes/telegram_api.py``
(which answers 429 above 30 messages/s); ``digests.delivery`` paces and records every delivery.
Prints messages/s against the 30/s limit, 429s met, duplicates and losses; the last line is
one JSON object.

    .venv/bin/python bench/broadcast.py --chats 10000
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.app import create_app  # noqa: E402
from bot.settings import load_settings  # noqa: E402
from bot.telegram.application import build_application, prepare  # noqa: E402
from digests.delivery import Broadcaster  # noqa: E402
from digests.ingest import ingest_article  # noqa: E402
from digests.model import Article  # noqa: E402
from tests.fakes.telegram_api import FakeTelegram  # noqa: E402

LIMIT = 30


async def bench(chats: int, concurrency: int) -> dict[str, object]:
    fake = FakeTelegram(rate_per_second=LIMIT)
    await fake.start()
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(
            {
                "NEWSBOT_DATABASE": str(Path(tmp) / "bench.db"),
                "TELEGRAM_BOT_TOKEN": fake.token,
                "TELEGRAM_API_BASE_URL": fake.root,
                "NEWSBOT_LANGUAGE": "en",
            }
        )
        app = await create_app(settings, load_seed_articles=False)
        try:
            fire = datetime.now(UTC).replace(microsecond=0)
            article = Article(
                title="Port workers end strike after wage deal",
                paragraphs=["Dock workers returned to work on Tuesday after unions accepted a two-year wage agreement."],
                source="Bench Wire",
                fetched=fire - timedelta(hours=1),
            )
            await ingest_article(app.store, article)
            async with app.store.transaction() as db:
                await db.executemany(
                    "INSERT INTO subscriptions (platform, chat_id, time, timezone, created) VALUES ('telegram', ?, '08:00', 'UTC', ?)",
                    [(str(100_000 + i), fire.isoformat()) for i in range(chats)],
                )
            for i in range(chats):
                fake.private_chat(100_000 + i)
            application, bridge = build_application(app)
            async with application:
                await prepare(application, bridge)
                broadcaster = Broadcaster(app.store, settings, app.catalog, {"telegram": bridge.send}, concurrency=concurrency)
                fake.sent.clear()
                started = time.monotonic()
                stats = await broadcaster.digest_slot("08:00", "UTC", fire)
                elapsed = time.monotonic() - started
            per_chat = Counter(int(s.chat_id) for s in fake.sent)
            rows = await app.store.fetchall("SELECT status, count(*) AS n FROM deliveries GROUP BY status")
        finally:
            await app.close()
    await fake.close()
    messages = sum(per_chat.values())
    duplicates = sum(n - 1 for n in per_chat.values() if n > 1)
    lost = chats - len(per_chat)
    print(f"chats: {chats}, messages: {messages}, time: {elapsed:.1f} s", file=sys.stderr)
    print(f"deliveries: {dict((r['status'], r['n']) for r in rows)}; broadcaster: sent {stats.sent}, throttled {stats.throttled}", file=sys.stderr)
    return {
        "bench": "broadcast",
        "chats": chats,
        "msgs_per_s": round(messages / elapsed, 2) if elapsed else 0.0,
        "limit_per_s": LIMIT,
        "429s": fake.too_many,
        "duplicates": duplicates,
        "lost": lost,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chats", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--quick", action="store_true", help="a small run (--chats 300) for make bench")
    args = parser.parse_args()
    if args.quick:
        args.chats = 300
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    result = asyncio.run(bench(args.chats, args.concurrency))
    print(f"{result['msgs_per_s']} msgs/s (limit {LIMIT}/s), {result['429s']} 429s, "
          f"{result['duplicates']} duplicates, {result['lost']} lost")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
