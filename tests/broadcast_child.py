"""A broadcast in a separate process, for the crash test: ``python tests/broadcast_child.py DB OUT``.

Sends the 06:00 UTC digest of 2024-03-05 to every subscription through a sender that appends
one line per message to OUT (a stand-in for the platform). The sender can also tell whether a
message with a given delivery key already reached the "platform" (``delivered``), which is how
a restart settles the messages that were in flight when the process was killed.
"""

from __future__ import annotations

import asyncio
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.app import create_app
from bot.settings import load_settings
from digests.delivery import Broadcaster, Pacer, PlatformLimits

FIRE = datetime(2024, 3, 5, 6, 0, tzinfo=UTC)


class FileSender:
    def __init__(self, path: str) -> None:
        self.path = path

    async def __call__(self, chat_id: str, thread_id: str | None, reply) -> None:
        line = f"{chat_id}\t{reply.data['delivery_key']}\n".encode()
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, line)
        finally:
            os.close(fd)

    async def delivered(self, chat_id: str, thread_id: str | None, key: str) -> bool:
        try:
            text = Path(self.path).read_text()
        except FileNotFoundError:
            return False
        return f"{chat_id}\t{key}\n" in text


async def main(db: str, out: str) -> None:
    settings = load_settings({"NEWSBOT_DATABASE": db})
    app = await create_app(settings, load_seed_articles=False)
    try:
        pacer = Pacer({"telegram": PlatformLimits(per_second=400.0, group_interval=0.0, private_interval=0.0)})
        broadcaster = Broadcaster(app.store, settings, app.catalog, {"telegram": FileSender(out)}, pacer=pacer, concurrency=8)
        await broadcaster.run()  # what a restart does first: resume pending / in-flight rows
        await broadcaster.digest_slot("06:00", "UTC", FIRE)
    finally:
        await app.close()
    print("done", flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
