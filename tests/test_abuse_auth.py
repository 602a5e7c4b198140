"""Authorisation and rate limiting, checked where every adapter ends up: ``App.handle``.

Every registered admin-only command (by name and by alias, with plausible arguments, in private
and group chats, on every platform) must refuse a non-admin and leave the whole database exactly
as it was; so must loads by text, URL, file and the buttons an admin's preview carries. The
per-user command limit is checked in process and through the console process.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench.synthetic import as_text, make_article
from bot.app import App
from handlers.core import Attachment, Request
from handlers.registry import RateLimiter
from tests.conftest import ROOT, ask

PLATFORMS = ("console", "telegram", "discord")
ARGUMENTS = ([], ["1"], ["#1"], ["http://127.0.0.1:9/feed.xml"], ["list"], ["remove", "1"], ["1", "yes"])


async def dump(app: App) -> dict[str, list[tuple]]:
    """Every row of every table (the search index by its row count), for before/after comparison."""
    tables = [r[0] for r in await app.store.fetchall(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name NOT LIKE 'article_fts%'"
    )]
    out = {t: sorted(map(tuple, await app.store.fetchall(f"SELECT * FROM {t}")), key=repr) for t in tables}
    out["article_fts"] = [tuple(await app.store.fetchone("SELECT count(*) FROM article_fts"))]
    return out


def admin_commands(app: App) -> list[tuple[str, str]]:
    """(name to type, command) for every admin-only command, by its name and each alias."""
    found = []
    for command in app.registry.commands.values():
        if command.admin_only:
            found += [(command.name, command.name)] + [(alias, command.name) for alias in command.aliases]
    return found


async def test_every_admin_command_refuses_non_admins_everywhere_and_changes_nothing(app: App) -> None:
    # Give the admin commands something to act on: a second article and a feed row.
    await ask(app, as_text(make_article(1, seed=5)), admin=True)
    async with app.store.transaction() as db:
        await db.execute(
            "INSERT INTO feeds (url, title, created) VALUES ('http://127.0.0.1:9/feed.xml', 'f', '2024-01-01T00:00:00')"
        )
    before = await dump(app)
    assert before["articles"] and before["feeds"]
    commands = admin_commands(app)
    assert {"delete", "stats"} <= {c for _, c in commands}
    refusals = {app.catalog.get(lang, "core.admin_only") for lang in ("ar", "en")}
    tried = 0
    for typed, _name in commands:
        for platform in PLATFORMS:
            for chat_type, chat_admin in (("private", False), ("group", False), ("group", True), ("channel", True)):
                for args in ARGUMENTS:
                    req = Request(platform=platform, chat_id="c9", user_id="intruder", command=typed, args=list(args),
                                  text=" ".join(args), is_admin=False, chat_type=chat_type, chat_is_admin=chat_admin)
                    reply = await app.handle(req)
                    assert reply.error and reply.plain_text() in refusals, (platform, typed, args, reply.plain_text())
                    tried += 1
    assert tried >= len(commands) * len(PLATFORMS) * 4 * len(ARGUMENTS)
    assert await dump(app) == before


async def test_admin_commands_are_hidden_from_non_admin_help_but_refused_anyway(app: App) -> None:
    for platform in PLATFORMS:
        help_text = (await ask(app, "/help", platform=platform)).plain_text()
        for typed, name in admin_commands(app):
            if typed == name:
                assert not re.search(rf"/{name}(?![\w])", help_text), name
            reply = await ask(app, f"/{typed} 1", platform=platform)
            assert reply.error


async def test_non_admins_cannot_load_by_text_url_file_or_button(app: App) -> None:
    preview = await ask(app, as_text(make_article(2, seed=5)), admin=True)  # an admin's preview with buttons
    buttons = [b for row in preview.buttons for b in row]
    assert {b.command for b in buttons} >= {"publish", "delete"}
    before = await dump(app)
    article = as_text(make_article(3, seed=5))
    for platform in PLATFORMS:
        for chat_type in ("private", "group"):
            attempts = [
                Request(platform=platform, chat_id="c9", user_id="intruder", text=article, chat_type=chat_type),
                Request(platform=platform, chat_id="c9", user_id="intruder", text="http://127.0.0.1:9/a.html",
                        chat_type=chat_type),
                Request(platform=platform, chat_id="c9", user_id="intruder", chat_type=chat_type,
                        attachments=[Attachment("a.txt", article.encode(), "text/plain")]),
                Request(platform=platform, chat_id="c9", user_id="intruder", chat_type=chat_type,
                        attachments=[Attachment("feeds.opml", b"<opml><body><outline xmlUrl='http://127.0.0.1:9/f'/></body></opml>")],
                        command="addfeed"),
                *(Request(platform=platform, chat_id="c9", user_id="intruder", command=b.command, args=list(b.args),
                          chat_type=chat_type) for b in buttons if app.registry.get(b.command).admin_only),
            ]
            for req in attempts:
                reply = await app.handle(req)
                assert reply.error, (platform, chat_type, req.command, reply.plain_text())
    assert await dump(app) == before


# ---------------------------------------------------------------- rate limiting


def test_rate_limiter_window_is_per_user_and_slides() -> None:
    limiter = RateLimiter(3)
    assert [limiter.allow("telegram:1", now=t) for t in (0, 1, 2, 3)] == [True, True, True, False]
    assert limiter.allow("telegram:2", now=3)  # another user is not starved
    assert limiter.allow("discord:1", now=3)  # the same number on another platform is another user
    assert not limiter.allow("telegram:1", now=59)
    assert limiter.allow("telegram:1", now=60.5)  # the first request left the window
    assert RateLimiter(0).allow("x", now=0) and all(RateLimiter(0).allow("x", now=0) for _ in range(1000))


async def test_one_flooding_user_does_not_starve_others(app: App) -> None:
    app.registry.limiter = RateLimiter(5)
    limited = {app.catalog.get(lang, "core.rate_limited") for lang in ("ar", "en")}
    answers = [await ask(app, "/latest", user_id="flood", platform="telegram") for _ in range(8)]
    assert [a.plain_text() in limited for a in answers] == [False] * 5 + [True] * 3
    for user in ("calm1", "calm2"):
        assert not (await ask(app, "/latest", user_id=user, platform="telegram")).error
    # Admins are users too: the limit holds for them (their loads cost the most).
    for _ in range(5):
        await ask(app, "/stats", admin=True, user_id="boss", platform="discord")
    assert (await ask(app, "/stats", admin=True, user_id="boss", platform="discord")).plain_text() in limited


@pytest.mark.parametrize("per_minute", [4])
def test_console_rate_limit_from_the_settings(tmp_path: Path, per_minute: int) -> None:
    config = tmp_path / "bot.toml"
    config.write_text(f"[bot]\ncommands_per_minute = {per_minute}\ndefault_language = \"en\"\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.endswith("_BOT_TOKEN")}
    env.update(NEWSBOT_DATABASE=str(tmp_path / "c.db"), NEWSBOT_SEEDS_DIR=str(ROOT / "seeds"),
               NEWSBOT_CONFIG=str(config), PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-m", "bot", "console"], cwd=ROOT, env=env,
                          input="/latest 1\n" * (per_minute + 3), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    limited = "Too many requests at once"
    answers = [a for a in done.stdout.split("\n\n") if a.strip()]
    newest = [a for a in answers if a.startswith("Newest article")]
    assert len(newest) == per_minute
    assert sum(limited in a for a in answers) == 3
    assert "Traceback" not in done.stderr
