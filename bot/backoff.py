"""Exponential backoff for reaching a platform again: ``base`` seconds, doubling, at most ``cap``.

Settings ``bot.reconnect_base_seconds`` and ``bot.reconnect_max_seconds`` choose the numbers (tests
shrink "minutes" to fractions of a second with them). A little jitter (up to 10 %) keeps two
adapters, or two bots, from retrying in lockstep.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class Backoff:
    base: float = 2.0
    cap: float = 300.0
    jitter: float = 0.1
    failures: int = 0
    _rng: random.Random = field(default_factory=random.Random, repr=False)

    @classmethod
    def from_settings(cls, settings: Settings) -> Backoff:
        return cls(float(settings.get("bot", "reconnect_base_seconds")), float(settings.get("bot", "reconnect_max_seconds")))

    def peek(self) -> float:
        """The wait after the next failure, without counting it (no jitter)."""
        return min(self.cap, self.base * (2 ** self.failures))

    def next(self) -> float:
        """Count a failure and return how long to wait before the next try."""
        delay = self.peek()
        self.failures += 1
        return delay * (1 + self.jitter * self._rng.random()) if self.jitter else delay

    def reset(self) -> None:
        self.failures = 0


async def wait_or_stop(stop: asyncio.Event, seconds: float) -> bool:
    """Sleep ``seconds`` unless ``stop`` is set first; True when stopped."""
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(max(0.0, seconds)):
            await stop.wait()
    return stop.is_set()
