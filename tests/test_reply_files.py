"""A reply's file (``Reply.attachment``): the OPML export arrives whole as a document on Telegram, an
upload on Discord and a file in the data folder on the console, always under a safe file name.

The Telegram and Discord cases run the real python-telegram-bot and discord.py clients against the
fakes on 127.0.0.1, which take the multipart upload and keep its bytes; the file is parsed back.
"""

from __future__ import annotations

import io
from pathlib import Path

import lxml.etree
import pytest

from bot.console import ConsoleChat
from digests import feeds
from handlers.core import Attachment, Reply, Request, safe_filename
from handlers.registry import Command
from tests.conftest import ask
from tests.fakes.discord_api import ADMIN_USER, GUILD_ID, MANAGE_CHANNELS, SEND, TEXT_CHANNEL, RunningBot
from tests.fakes.telegram_api import running_bot

FEEDS = 500
HOSTILE_NAMES = ["../../etc/passwd", "..\\..\\boot.ini", "/abs/path/x.opml", ".hidden", "..", "", "a\x00b\nc.opml",
                 "C:\\Windows\\system32\\cmd.exe", "x" * 300 + ".opml", "$(rm -rf ~);.opml"]


async def _add_feeds(store, n: int = FEEDS) -> set[str]:
    urls = set()
    for i in range(n):
        url = f"https://feeds{i % 37}.example.org/news/{i}/rss.xml?lang=ar&amp=1"
        # titles with Arabic, XML specials and quotes must survive the round trip
        await feeds.add_feed(store, url, title=f"خلاصة {i} <&> \"quoted\" 'x'")
        urls.add(url)
    return urls


def _parse_opml(data: bytes) -> tuple[set[str], set[str]]:
    """(xmlUrls, titles) of an OPML file, by a plain XML parser and by the project's OPML reader."""
    root = lxml.etree.fromstring(data)
    assert root.tag == "opml"
    outlines = root.findall(".//outline")
    urls = {o.get("xmlUrl") for o in outlines}
    assert {f.url for f in feeds.opml_parse(data)} == urls
    return urls, {o.get("title") for o in outlines}


def _files_probe(app) -> None:
    """A command whose reply carries a file with a hostile name (what a careless handler might build)."""

    async def evil(req: Request, ctx) -> Reply:
        reply = Reply.message("file follows", locale=req.locale or "en")
        reply.attachment = Attachment(req.args[0] if req.args else "../../escape.txt", b"payload", "text/plain")
        return reply

    app.registry.add(Command("evilfile", evil, "core.help.help"))


# ------------------------------------------------------------------ names and the handler


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_safe_filename_never_leaves_a_folder_or_hides(name: str) -> None:
    safe = safe_filename(name)
    assert safe and "/" not in safe and "\\" not in safe and not safe.startswith(".")
    assert len(safe) <= 100 and all(ch.isprintable() for ch in safe)
    assert safe not in (".", "..")


def test_safe_filename_keeps_good_names_and_extensions() -> None:
    assert safe_filename("newsbot-feeds-20240301.opml") == "newsbot-feeds-20240301.opml"
    assert safe_filename("أخبار اليوم.opml") == "أخبار اليوم.opml"
    assert safe_filename("x" * 300 + ".opml").endswith(".opml")
    assert safe_filename("../../etc/passwd") == "passwd"


async def test_export_is_a_file_with_every_feed_and_a_catalogue_line_in_both_languages(empty_app) -> None:
    urls = await _add_feeds(empty_app.store)
    for locale in ("ar", "en"):
        reply = await ask(empty_app, "/feeds export", admin=True, locale=locale)
        assert not reply.error
        file = reply.attachment
        assert file is not None and file.filename.endswith(".opml") and file.mime_type == "text/x-opml"
        assert safe_filename(file.filename) == file.filename
        got, titles = _parse_opml(file.data)
        assert got == urls
        assert "خلاصة 499 <&> \"quoted\" 'x'" in titles
        text = reply.plain_text()
        assert empty_app.catalog.get(locale, "feeds.exported", n=FEEDS) in text
        assert "<opml" not in text and "xmlUrl" not in text  # the list is in the file, not cut into the text
    empty = await ask(empty_app, "/removefeed 1", admin=True, locale="en")
    assert not empty.error


# ------------------------------------------------------------------ Telegram


async def test_telegram_sends_the_500_feed_export_as_a_document(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as (fake, app):
        urls = await _add_feeds(app.store)
        chat, admin = fake.private_chat(42), fake.user(42, "en")
        before = len(fake.sent)
        fake.message(chat, admin, "/feeds export")
        text, doc = await fake.wait_sent(42, 2, after=before, within=20)
        assert text.method == "sendMessage" and app.catalog.get("en", "feeds.exported", n=FEEDS) in text.text
        assert doc.method == "sendDocument" and doc.document is not None
        name, data = doc.document
        assert name.endswith(".opml") and name == safe_filename(name)
        assert _parse_opml(data)[0] == urls
        assert len(data) > 3500 * 10  # far more than the old inline cut
        # Arabic chat: the same file, the line from the Arabic catalogue
        before = len(fake.sent)
        fake.message(chat, fake.user(42, "ar"), "/feeds export")
        text, doc = await fake.wait_sent(42, 2, after=before, within=20)
        assert app.catalog.get("ar", "feeds.exported", n=FEEDS) in text.text
        assert _parse_opml(doc.document[1])[0] == urls
        assert not fake.errors


async def test_telegram_uploads_use_a_safe_file_name(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as (fake, app):
        _files_probe(app)
        chat, user = fake.private_chat(7), fake.user(7, "en")
        for hostile in ("../../escape.txt", "..\\win\\evil.bat", ".profile"):
            before = len(fake.sent)
            fake.message(chat, user, f"/evilfile {hostile}")
            _, doc = await fake.wait_sent(7, 2, after=before, within=20)
            assert doc.document == (safe_filename(hostile), b"payload")
            assert "/" not in doc.document[0] and "\\" not in doc.document[0] and not doc.document[0].startswith(".")


# ------------------------------------------------------------------ Discord


async def test_discord_uploads_the_500_feed_export_with_the_reply(tmp_path: Path) -> None:
    async with RunningBot(str(tmp_path / "db.sqlite"), env={"DISCORD_GUILD_ID": str(GUILD_ID)},
                          before_serve=_files_probe, defer_after=0.3) as bot:
        fake, app = bot.fake, bot.app
        urls = await _add_feeds(app.store)
        rec = await fake.slash("admin", [{"type": 1, "name": "feeds", "options": [{"type": 3, "name": "action", "value": "export"}]}],
                               user=ADMIN_USER, permissions=SEND | MANAGE_CHANNELS)
        [msg] = await fake.wait_answer(rec)
        shown = " ".join((e.get("description") or "") for e in msg["embeds"])
        assert any(app.catalog.get(lang, "feeds.exported", n=FEEDS) in shown for lang in ("ar", "en")), shown
        [attached] = msg["attachments"]
        assert attached["filename"].endswith(".opml") and attached["filename"] == safe_filename(attached["filename"])
        [upload] = fake.uploads
        assert upload["filename"] == attached["filename"]
        assert _parse_opml(upload["data"])[0] == urls
        assert fake.invalid_bodies == []
        # a hostile name in a channel reply (a plain slash command, answered in the channel)
        rec = await fake.slash("evilfile", [], channel=TEXT_CHANNEL)
        [msg] = await fake.wait_answer(rec)
        assert [a["filename"] for a in msg["attachments"]] == ["escape.txt"]
        assert fake.uploads[-1]["data"] == b"payload"


# ------------------------------------------------------------------ console


async def test_console_writes_the_export_into_the_data_folder_and_says_where(empty_app, tmp_path: Path) -> None:
    urls = await _add_feeds(empty_app.store, 40)
    out = io.StringIO()
    chat = ConsoleChat(empty_app, admin=True, out=out)
    await chat.line("/lang en")
    await chat.line("/feeds export")
    await chat.line("/feeds export")
    folder = (Path(empty_app.settings.database).parent / "exports").resolve()
    files = sorted(folder.iterdir())
    assert len(files) == 2  # the second export did not overwrite the first
    for path in files:
        assert str(path) in out.getvalue()
        assert _parse_opml(path.read_bytes())[0] == urls
    for path in files:
        assert empty_app.catalog.get("en", "files.saved", filename=path.name, path=str(path)) in out.getvalue()


async def test_console_never_writes_outside_the_exports_folder(empty_app, tmp_path: Path) -> None:
    _files_probe(empty_app)
    out = io.StringIO()
    chat = ConsoleChat(empty_app, admin=True, out=out)
    folder = (Path(empty_app.settings.database).parent / "exports").resolve()
    for hostile in ("../../escape.txt", "../newsbot.db", ".bashrc", "/tmp/x.txt"):
        await chat.line(f"/evilfile {hostile}")
    written = sorted(p for p in tmp_path.rglob("*") if p.is_file() and p.suffix != ".db" and "-wal" not in p.name
                     and "-shm" not in p.name)
    assert written and all(p.parent == folder for p in written), written
    assert all(not p.name.startswith(".") for p in written)
    assert all(p.read_bytes() == b"payload" for p in written)
    assert not (tmp_path.parent / "escape.txt").exists()
