"""Shared fixtures: settings on a temporary database, a running App, and a way to ask it things."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import App, create_app
from bot.commandline import parse_command
from bot.settings import Settings, load_settings
from digests.store import Store
from handlers.core import Reply, Request
from tests.feedserver import FeedServer

ROOT = Path(__file__).resolve().parent.parent
SEED_TXT = ROOT / "seeds" / "000_1b1ae5c9573f0283.txt"


def make_settings(tmp_path: Path, **env: str) -> Settings:
    base = {"NEWSBOT_DATABASE": str(tmp_path / "newsbot.db"), "NEWSBOT_SEEDS_DIR": str(ROOT / "seeds")}
    base.update(env)
    return load_settings(base)


@pytest.fixture
async def server() -> AsyncIterator[FeedServer]:
    """A local HTTP server on 127.0.0.1 serving feeds and pages (tests/feedserver.py)."""
    s = FeedServer()
    await s.start()
    yield s
    await s.stop()


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    s = await Store.open(tmp_path / "test.db")
    yield s
    await s.close()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path)


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[App]:
    application = await create_app(settings)
    application.registry.limiter.per_minute = 0
    try:
        yield application
    finally:
        await application.close()


@pytest.fixture
async def empty_app(tmp_path: Path) -> AsyncIterator[App]:
    application = await create_app(make_settings(tmp_path), load_seed_articles=False)
    application.registry.limiter.per_minute = 0
    try:
        yield application
    finally:
        await application.close()


async def ask(
    app: App,
    text: str,
    *,
    admin: bool = False,
    platform: str = "console",
    chat_id: str = "c1",
    user_id: str = "u1",
    chat_type: str = "private",
    locale: str = "",
    chat_is_admin: bool = False,
) -> Reply:
    """Send one chat line through the real dispatch path and return the Reply."""
    parsed = parse_command(text)
    command, args, rest = parsed if parsed else ("", [], text)
    req = Request(
        platform=platform,
        chat_id=chat_id,
        user_id=user_id,
        command=command,
        args=args,
        text=rest,
        is_admin=admin,
        chat_type=chat_type,
        locale=locale,
        chat_is_admin=chat_is_admin,
    )
    return await app.handle(req)
