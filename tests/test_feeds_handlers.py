"""Admin feed commands and ``python -m bot ingest FEED_URL`` against a local server."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.app import create_app
from digests import feeds
from handlers.core import Attachment, Request
from tests.conftest import ask
from tests.feedserver import FeedServer, make_settings

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
async def app(tmp_path):
    application = await create_app(make_settings(tmp_path), load_seed_articles=False)
    application.registry.limiter.per_minute = 0
    yield application
    await application.close()


async def test_addfeed_lists_and_removes(app, server):
    server.file("/rss", "rss2.xml")
    reply = await ask(app, f"/addfeed {server.url('/rss')}", admin=True, locale="en")
    assert not reply.error, reply.plain_text()
    assert "Added feed #1: Harbour Wire" in reply.plain_text() and "3 entries; 3 articles stored" in reply.plain_text()
    assert await app.store.count_articles() == 3
    assert (await feeds.feed_by_id(app.store, 1))["interval_min"] is None
    again = await ask(app, f"/addfeed {server.url('/rss')}", admin=True, locale="en")
    assert "already added as #1" in again.plain_text()
    listing = (await ask(app, "/feeds", admin=True, locale="en")).plain_text()
    assert "#1 Harbour Wire" in listing and server.url("/rss") in listing and "last polled" in listing
    assert "removed" in (await ask(app, "/removefeed 1", admin=True, locale="en")).plain_text()
    assert await feeds.list_feeds(app.store) == []
    assert await app.store.count_articles() == 3  # the articles stay
    assert (await ask(app, "/removefeed 1", admin=True, locale="en")).error
    server.file("/atom", "atom.xml")
    await ask(app, f"/addfeed {server.url('/atom')} 60", admin=True, locale="en")
    assert (await feeds.feed_by_url(app.store, server.url("/atom")))["interval_min"] == 60


async def test_addfeed_refuses_pages_and_non_admins(app, server):
    server.file("/page", "statues.html", "text/html")
    reply = await ask(app, f"/addfeed {server.url('/page')}", admin=True, locale="en")
    assert reply.error and "not an RSS or Atom feed" in reply.plain_text()
    assert (await ask(app, f"/addfeed {server.url('/page')}", locale="en")).error
    assert await feeds.list_feeds(app.store) == []
    assert (await ask(app, "/addfeed ftp://x.example/feed", admin=True, locale="en")).error


async def test_feeds_shows_last_error(app, server):
    server.status("/broken", 500)
    feed_id, _ = await feeds.add_feed(app.store, server.url("/broken"))
    await feeds.poll_feed(app.store, app.settings, await feeds.feed_by_id(app.store, feed_id))
    listing = (await ask(app, "/feeds", admin=True, locale="en")).plain_text()
    assert "1 failures; last error: The server answered with error 500." in listing


async def test_opml_export_and_import_through_attachments(app, tmp_path):
    await feeds.add_feed(app.store, "https://one.example/rss", title="One")
    export = await ask(app, "/feeds export", admin=True, locale="en")
    file = export.attachment
    assert file is not None and file.filename.endswith(".opml") and b'xmlUrl="https://one.example/rss"' in file.data
    other = await create_app(make_settings(tmp_path / "b"), load_seed_articles=False)
    try:
        req = Request(platform="console", chat_id="c", user_id="u", command="feeds", args=["import"], is_admin=True,
                      locale="en", attachments=[Attachment("feeds.opml", file.data, "text/x-opml")])
        reply = await other.handle(req)
        assert "Imported 1 from OPML" in reply.plain_text()
        assert [r["url"] for r in await feeds.list_feeds(other.store)] == ["https://one.example/rss"]
        req.command, req.args = "addfeed", []  # an .opml attached to /addfeed works too
        assert "1 already present" in (await other.handle(req)).plain_text()
        req.command, req.args = "", []  # a bare upload from an admin in a private chat is an import too
        assert "1 already present" in (await other.handle(req)).plain_text()
        assert await other.store.count_articles() == 0  # not taken for an article
        bad = Request(platform="console", chat_id="c", user_id="u", command="feeds", args=["import"], is_admin=True, locale="en")
        assert (await other.handle(bad)).error
    finally:
        await other.close()


def test_cli_ingest_feed_url(tmp_path):
    """``python -m bot ingest FEED_URL`` polls one feed from the shell."""

    async def serve_and_run() -> subprocess.CompletedProcess:
        server = FeedServer()
        await server.start()
        try:
            server.file("/atom", "atom.xml", "application/atom+xml")
            env = {**os.environ, "NEWSBOT_DATABASE": str(tmp_path / "cli.db"), "NEWSBOT_ALLOW_PRIVATE_URLS": "true",
                   "NEWSBOT_LANGUAGE": "en", "PYTHONPATH": str(ROOT)}
            proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "ingest", server.url("/atom"), env=env, cwd=str(tmp_path),
                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            )
            out, err = await asyncio.wait_for(proc.communicate(), 120)
            return subprocess.CompletedProcess([], proc.returncode or 0, out.decode(), err.decode())
        finally:
            await server.stop()

    done = asyncio.run(serve_and_run())
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Telescope spots distant comet" in done.stdout and "Researchers map coral reef recovery" in done.stdout


def test_cli_ingest_refuses_private_url_by_default(tmp_path):
    env = {**os.environ, "NEWSBOT_DATABASE": str(tmp_path / "cli.db"), "NEWSBOT_LANGUAGE": "en", "PYTHONPATH": str(ROOT)}
    env.pop("NEWSBOT_ALLOW_PRIVATE_URLS", None)
    done = subprocess.run([sys.executable, "-m", "bot", "ingest", "http://127.0.0.1:9/feed"], env=env, cwd=str(tmp_path),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "private or internal address" in done.stderr
