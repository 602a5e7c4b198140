"""Hostile input through every entry point: handlers, admin loads and files, the console process,
``python -m bot analyze`` and ``ingest``, feeds (feedparser, XML bombs, external entities), the safe
fetcher (gzip bomb, private addresses), plus hypothesis fuzzing of command parsing and dispatch.

Each input must get a clear answer or a logged rejection: no crash, no internal-error reply, no
traceback, and nothing already stored lost or changed. The corpus lives in ``tests/data/bad/``
(``make_corpus.py`` there writes it); 10 MB texts and 1,000-argument commands are made here.
The Telegram and Discord adapters get the same corpus in ``test_abuse_platforms.py`` (their fake
APIs); here every reply is also rendered for Telegram (HTML, length) to prove hostile text stays inert.
"""

from __future__ import annotations

import asyncio
import gzip
import html.parser
import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import feedparser
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.app import App, create_app
from bot.cli import main as cli_main
from bot.commandline import MAX_ARGS, MAX_TEXT, parse_command
from bot.render_text import render_text
from bot.telegram.render import MAX_MESSAGE, render_html, utf16_len
from digests.fetch import FetchError, FetchOptions, fetch
from digests.ingest import ingest_feed_file
from handlers.core import Attachment, Reply, Request
from tests.conftest import ROOT, ask, make_settings

BAD = ROOT / "tests" / "data" / "bad"
SENTINEL = "SENTINEL-7f3a9c"
PASSWD = "root:x:0:0"
TEN_MB = ("خبر عاجل " * 120 + "\n") * 9800  # a little over 10 MB of Arabic text
THOUSAND_ARGS = " ".join(f"a{i}" for i in range(1000))
SKIP_FILES = {"make_corpus.py"}
DESTRUCTIVE = {"delete", "removefeed"}


# ---------------------------------------------------------------- the corpus


def corpus_files() -> list[Path]:
    return sorted(p for p in BAD.iterdir() if p.is_file() and p.name not in SKIP_FILES)


def lines_of(name: str) -> list[str]:
    return [line for line in (BAD / name).read_text(encoding="utf-8").split("\n") if line]


def hostile_strings() -> list[str]:
    """Short hostile texts for command arguments and chat lines."""
    found = ["", " ", "\x00", "\u202e", "\u200b" * 50, "a" * 5000, "🔥" * 3000, THOUSAND_ARGS, "/", "//",
             "@bot", "<b>", "&amp;", "\ue000", "\ue001"]
    for name in ("fts5_syntax.txt", "sql_fragments.txt", "format_strings.txt", "private_urls.txt", "path_names.txt"):
        found += lines_of(name)
    for name in ("bidi_zero_width.txt", "html_injection.txt", "markdown_injection.md", "telegram_entities.txt",
                 "whitespace.txt", "only_punctuation.txt", "invalid_utf8.txt", "emoji_10000.txt"):
        found.append((BAD / name).read_bytes().decode("utf-8", errors="replace")[:3000])
    return found


# ---------------------------------------------------------------- checks


async def snapshot(app: App) -> dict[str, dict]:
    """Every stored article (with its cards) and feed, by id."""
    articles = {
        r["id"]: tuple(r) for r in await app.store.fetchall("SELECT id, title, content_hash, status, paragraphs FROM articles")
    }
    cards = {}
    for r in await app.store.fetchall("SELECT article_id, count(*) AS n, group_concat(title, '|') AS t FROM cards GROUP BY article_id"):
        cards[r["article_id"]] = (r["n"], r["t"])
    feeds = {r["id"]: (r["url"], r["active"]) for r in await app.store.fetchall("SELECT id, url, active FROM feeds")}
    return {"articles": articles, "cards": cards, "feeds": feeds}


def nothing_lost_or_changed(before: dict[str, dict], after: dict[str, dict]) -> None:
    for table, rows in before.items():
        for key, row in rows.items():
            assert key in after[table], f"{table} {key} was lost"
            assert after[table][key] == row, f"{table} {key} was changed"


class TelegramHTML(html.parser.HTMLParser):
    """Accepts only what Telegram's HTML parse mode accepts, properly nested."""

    ALLOWED: ClassVar[set[str]] = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "blockquote",
               "tg-spoiler", "span"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        assert tag in self.ALLOWED, f"tag <{tag}> is not Telegram HTML"
        for name, value in attrs:
            assert (tag, name) in {("a", "href"), ("code", "class"), ("span", "class"), ("blockquote", "expandable")}, name
            if name == "href":
                assert value and value.split(":", 1)[0].lower() in ("http", "https", "tg"), value
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:] or 'nothing'}"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def check_reply(reply: Reply, app: App, what: str) -> None:
    """A clear answer: text, not the internal-error apology, and inert on every renderer."""
    assert isinstance(reply, Reply), what
    text = reply.plain_text()
    assert text.strip(), f"empty answer to {what}"
    internal = {app.catalog.get(lang, "core.internal_error") for lang in ("ar", "en")}
    assert text.strip() not in internal, f"a handler crashed on {what}"
    assert render_text(reply).strip()
    for message in render_html(reply):
        parser = TelegramHTML()
        parser.feed(message)
        parser.close()
        assert not parser.stack, f"unclosed {parser.stack} for {what}"
        assert utf16_len("".join(parser.text)) <= MAX_MESSAGE, what


def no_tracebacks(caplog: pytest.LogCaptureFixture) -> None:
    crashed = [r for r in caplog.records if r.exc_info]
    assert not crashed, crashed[0].getMessage()


def request(command: str, text: str, *, admin: bool, platform: str = "telegram", **kw: object) -> Request:
    """What an adapter builds: through parse_command when the text parses, raw otherwise."""
    parsed = parse_command(f"/{command} {text}")
    if parsed and parsed[0] == command:
        _, args, rest = parsed
    else:
        args, rest = text.split(), text
    return Request(platform=platform, chat_id="c1", user_id="u1", command=command, args=args, text=rest,
                   is_admin=admin, **kw)  # type: ignore[arg-type]


class Recorder(BaseHTTPRequestHandler):
    """A local server that answers everything and remembers every request (it must get none)."""

    hits: ClassVar[list[str]] = []
    body = b""
    headers_out: ClassVar[dict[str, str]] = {}

    def do_GET(self) -> None:
        type(self).hits.append(self.path)
        self.send_response(200)
        for k, v in type(self).headers_out.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(type(self).body)))
        self.end_headers()
        self.wfile.write(type(self).body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, type[Recorder]]]:
    handler = type("Rec", (Recorder,), {"hits": [], "body": b"<!ENTITY x 'LEAKED-FROM-SERVER'>", "headers_out": {}})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{httpd.server_address[1]}", handler
    finally:
        httpd.shutdown()
        httpd.server_close()


# ---------------------------------------------------------------- handlers


async def test_every_command_answers_hostile_arguments_cleanly(app: App, caplog: pytest.LogCaptureFixture) -> None:
    before = await snapshot(app)
    strings = hostile_strings()
    commands = sorted(app.registry.commands)
    assert {"search", "latest", "delete"} <= set(commands)
    with caplog.at_level(logging.INFO):
        for name in commands:
            for i, text in enumerate(strings):
                admin = i % 2 == 0  # half as an admin (past the admin gate), half not
                if name in DESTRUCTIVE and text.split() and text.split()[0].lstrip("#").isdigit():
                    admin = False  # "/delete 1 OR 1=1" is an admin deleting #1, as asked
                chat = "private" if i % 3 else "group"
                reply = await app.handle(request(name, text, admin=admin, chat_type=chat))
                check_reply(reply, app, f"/{name} {text[:40]!r}")
    no_tracebacks(caplog)
    nothing_lost_or_changed(before, await snapshot(app))


async def test_commands_with_a_thousand_arguments(app: App) -> None:
    before = await snapshot(app)
    for name in sorted(app.registry.commands):
        parsed = parse_command(f"/{name} {THOUSAND_ARGS}")
        assert parsed is not None and len(parsed[1]) <= MAX_ARGS
        for admin in (False, True):
            check_reply(await ask(app, f"/{name} {THOUSAND_ARGS}", admin=admin), app, f"/{name} x1000")
            # An adapter that skips parse_command (Discord options) hands over the raw list.
            raw = Request(platform="discord", chat_id="c", user_id="u", command=name,
                          args=THOUSAND_ARGS.split(), text=THOUSAND_ARGS, is_admin=admin)
            check_reply(await app.handle(raw), app, f"/{name} raw x1000")
    nothing_lost_or_changed(before, await snapshot(app))


async def test_hostile_chat_lines_from_users_and_admins(app: App, caplog: pytest.LogCaptureFixture) -> None:
    before = await snapshot(app)
    with caplog.at_level(logging.INFO):
        for text in hostile_strings():
            for admin, chat in ((False, "private"), (False, "group"), (True, "group")):
                reply = await ask(app, text, admin=admin, chat_type=chat)
                check_reply(reply, app, f"text {text[:40]!r}")
    no_tracebacks(caplog)
    assert await snapshot(app) == before  # none of these may store anything


async def test_admin_loads_every_corpus_file_as_text_and_as_attachment(
    app: App, caplog: pytest.LogCaptureFixture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    before = await snapshot(app)
    listing = set(os.listdir(tmp_path))
    with caplog.at_level(logging.INFO):
        for path in corpus_files():
            data = path.read_bytes()
            pasted = data.decode("utf-8", errors="replace")  # what an adapter hands over
            check_reply(await ask(app, pasted, admin=True), app, f"pasted {path.name}")
            req = Request(platform="telegram", chat_id="c1", user_id="u1", is_admin=True,
                          attachments=[Attachment(path.name, data, None)])
            check_reply(await app.handle(req), app, f"file {path.name}")
        # Hostile file names on an ordinary article and on a hostile one.
        article = "عنوان الخبر\nقال الوزير يوم الاثنين إن المحادثات ستستمر.\n".encode()
        for name in lines_of("path_names.txt"):
            for data in (article, (BAD / "binary.bin").read_bytes()):
                req = Request(platform="discord", chat_id="c1", user_id="u1", is_admin=True,
                              attachments=[Attachment(name, data, "text/plain")])
                check_reply(await app.handle(req), app, f"file named {name[:40]!r}")
        big = await ask(app, TEN_MB, admin=True)
        assert big.error and big.plain_text() == app.catalog.get("ar", "ingest.too_large", size_kb=len(TEN_MB.encode()) // 1024,
                                                                   limit_kb=app.settings.max_article_bytes // 1024)
        big_file = await app.handle(Request(platform="telegram", chat_id="c1", user_id="u1", is_admin=True,
                                            attachments=[Attachment("big.txt", TEN_MB.encode(), "text/plain")]))
        assert big_file.error
    no_tracebacks(caplog)
    nothing_lost_or_changed(before, await snapshot(app))
    assert set(os.listdir(tmp_path)) == listing  # no file written from a file name
    for row in await app.store.fetchall("SELECT title, paragraphs FROM articles"):
        stored = row["title"] + row["paragraphs"]
        assert SENTINEL not in stored and PASSWD not in stored
        assert "\ufffd\ufffd" not in stored  # a binary file pasted as text is refused, not stored


async def test_search_treats_fts5_syntax_and_sql_as_words(app: App) -> None:
    before = await snapshot(app)
    for text in lines_of("fts5_syntax.txt") + lines_of("sql_fragments.txt"):
        reply = await ask(app, f"/search {text}")
        check_reply(reply, app, f"/search {text!r}")
    # A real word still finds the seed article after all that.
    found = await ask(app, "/search أرمينيا", locale="ar")
    assert not found.error and "#1" in found.plain_text()
    assert await snapshot(app) == before


# ---------------------------------------------------------------- private addresses and bombs over HTTP


async def test_private_urls_are_refused_for_loads_and_feeds(app: App, server: tuple[str, type[Recorder]]) -> None:
    address, recorder = server
    before = await snapshot(app)
    urls = [*lines_of("private_urls.txt"), f"http://{address}/feed.xml", f"http://localhost:{address.split(':')[1]}/x"]
    for url in urls:
        load = await ask(app, url, admin=True)
        check_reply(load, app, f"load {url}")
        assert load.error, url
        feed = await ask(app, f"/addfeed {url}", admin=True)
        check_reply(feed, app, f"/addfeed {url}")
        assert feed.error, url
    assert recorder.hits == []  # not one request reached the local server
    assert await snapshot(app) == before


async def test_gzip_bomb_from_a_server_is_capped(server: tuple[str, type[Recorder]]) -> None:
    address, recorder = server
    recorder.body = (BAD / "gzip_bomb.gz").read_bytes()
    recorder.headers_out = {"Content-Encoding": "gzip", "Content-Type": "application/rss+xml"}
    with pytest.raises(FetchError) as caught:
        await fetch(f"http://{address}/feed.xml", options=FetchOptions(allow_private=True, max_bytes=1_000_000, timeout=10))
    assert caught.value.key == "fetch.too_large"
    assert recorder.hits == ["/feed.xml"]


# ---------------------------------------------------------------- feeds: bombs and external entities


def _feed_files(address: str, tmp_path: Path) -> list[Path]:
    out = []
    for name in ("xml_bomb.xml", "xml_quadratic.xml", "xxe_file.xml", "xxe_http.xml", "xxe_dtd.xml"):
        target = tmp_path / name
        target.write_text((BAD / name).read_text(encoding="utf-8").replace("{PORT}", address.split(":")[1]), encoding="utf-8")
        out.append(target)
    (tmp_path / "sentinel.txt").write_bytes((BAD / "sentinel.txt").read_bytes())  # for relative SYSTEM ids
    return out


def _assert_inert(parsed: feedparser.FeedParserDict, what: str) -> None:
    text = repr(parsed.get("feed", {})) + repr(parsed.entries)
    assert SENTINEL not in text and PASSWD not in text and "LEAKED-FROM-SERVER" not in text, what
    assert len(text) < 200_000, f"{what}: entities were expanded"


async def test_feedparser_never_resolves_entities_or_expands_bombs(
    empty_app: App, server: tuple[str, type[Recorder]], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    address, recorder = server
    app = empty_app
    for path in _feed_files(address, tmp_path):
        for source in (str(path), path.read_bytes(), path.read_text(encoding="utf-8")):
            start = time.perf_counter()
            parsed = await asyncio.to_thread(feedparser.parse, source)
            assert time.perf_counter() - start < 5, path.name
            _assert_inert(parsed, path.name)
        # The loaders: a local feed file, and an admin's uploaded feed.
        with caplog.at_level(logging.INFO):
            await ingest_feed_file(app.store, path)
            reply = await app.handle(Request(platform="telegram", chat_id="c", user_id="u", is_admin=True,
                                             attachments=[Attachment(path.name, path.read_bytes(), "application/rss+xml")]))
        check_reply(reply, app, f"feed file {path.name}")
    no_tracebacks(caplog)
    assert recorder.hits == []
    for row in await app.store.fetchall("SELECT title, paragraphs FROM articles"):
        stored = row["title"] + row["paragraphs"]
        assert SENTINEL not in stored and PASSWD not in stored and "LEAKED" not in stored
        assert len(stored) < 200_000


# ---------------------------------------------------------------- the command line


def test_analyze_and_ingest_cli_on_every_corpus_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], server: tuple[str, type[Recorder]]
) -> None:
    address, recorder = server
    monkeypatch.setenv("NEWSBOT_DATABASE", str(tmp_path / "cli.db"))
    monkeypatch.setenv("NEWSBOT_SEEDS_DIR", str(tmp_path))
    feeds_dir = tmp_path / "feeds"
    feeds_dir.mkdir()
    files = [p for p in corpus_files() if p.name != "many_paragraphs.txt"] + _feed_files(address, feeds_dir)
    big = tmp_path / "ten_mb.txt"
    big.write_text(TEN_MB, encoding="utf-8")
    files.append(big)
    for path in files:
        for argv in (["analyze", str(path)], ["analyze", "--json", str(path)], ["ingest", str(path)]):
            code = cli_main(argv)
            out, err = capsys.readouterr()
            assert code in (0, 1, 2), (argv, code)
            assert "Traceback" not in err, (argv, err)
            if code:
                assert err.strip() and len(err.strip().splitlines()) == 1, (argv, err)
            assert SENTINEL not in out + err and PASSWD not in out + err, argv
    assert recorder.hits == []


def test_analyze_process_refuses_binary_and_huge_files(tmp_path: Path) -> None:
    big = tmp_path / "ten_mb.txt"
    big.write_text(TEN_MB, encoding="utf-8")
    for path in (BAD / "binary.bin", BAD / "invalid_utf8.txt", BAD / "gzip_bomb.txt", big):
        done = subprocess.run([sys.executable, "-m", "bot", "analyze", str(path)], cwd=ROOT, capture_output=True,
                              text=True, timeout=60)
        assert done.returncode == 2, (path.name, done.stderr)
        assert done.stderr.startswith("newsbot analyze: ") and "Traceback" not in done.stderr


# ---------------------------------------------------------------- the console process


def test_console_process_survives_the_corpus(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.endswith("_BOT_TOKEN")}
    config = tmp_path / "bot.toml"
    config.write_text("[bot]\ncommands_per_minute = 0\n", encoding="utf-8")
    env.update(NEWSBOT_DATABASE=str(tmp_path / "console.db"), NEWSBOT_SEEDS_DIR=str(ROOT / "seeds"),
               NEWSBOT_CONFIG=str(config), PYTHONPATH=str(ROOT))
    stdin = bytearray()
    for path in corpus_files():
        if path.name != "many_paragraphs.txt":  # slow by nature; the handler test covers it
            stdin += path.read_bytes() + b"\n\n"
    for text in hostile_strings():
        stdin += f"/search {text}\n/actor {text}\n/timeline {text}\n/cards {text}\n".encode("utf-8", "surrogatepass")
    for name in ("latest", "article", "delete", "stats", "feeds", "card", "digest"):
        stdin += f"/{name} {THOUSAND_ARGS}\n".encode()
    stdin += TEN_MB.replace("\n", " ").encode() + b"\n\n/latest\n"  # one 10 MB line
    for admin in ([], ["--admin"]):
        done = subprocess.run([sys.executable, "-m", "bot", "console", *admin], cwd=ROOT, env=env, input=bytes(stdin),
                              capture_output=True, timeout=240)
        err = done.stderr.decode("utf-8", "replace")
        assert done.returncode == 0, err[-2000:]
        assert "Traceback" not in err, err[-3000:]
        out = done.stdout.decode("utf-8")
        assert "أحدث" in out[-3000:]  # the final /latest still answers
    import sqlite3

    con = sqlite3.connect(tmp_path / "console.db")
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    title = con.execute("SELECT title FROM articles WHERE id = 1").fetchone()[0]
    assert title == (ROOT / "seeds" / "000_1b1ae5c9573f0283.txt").read_text(encoding="utf-8").split("\n")[0].strip()
    con.close()


# ---------------------------------------------------------------- hypothesis


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=300), st.one_of(st.none(), st.text(alphabet="abcXYZ_019", max_size=70)))
def test_parse_command_never_fails_and_stays_bounded(text: str, bot_name: str | None) -> None:
    parsed = parse_command(text, bot_name)
    if parsed is None:
        return
    command, args, rest = parsed
    assert text.strip().startswith("/")
    assert command == command.lower() and 1 <= len(command) <= 64
    assert len(args) <= MAX_ARGS and len(rest) <= MAX_TEXT
    assert all(a and not any(c.isspace() for c in a) for a in args)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=30))
def test_parse_command_reads_what_a_platform_would_send(word: str) -> None:
    parsed = parse_command(f"/search {word}")
    assert parsed is not None and parsed[0] == "search"
    assert " ".join(parsed[1]) == " ".join(word.split())[:MAX_TEXT] or len(word.split()) > MAX_ARGS


def test_dispatch_fuzz_never_crashes(tmp_path: Path) -> None:
    """Random commands, arguments, platforms and chat kinds through the real dispatch path."""
    loop = asyncio.new_event_loop()
    app = loop.run_until_complete(create_app(make_settings(tmp_path)))
    app.registry.limiter.per_minute = 0
    names = [*sorted(app.registry.commands), "", "nosuch", "مساعدة", "HELP", "start@bot"]
    # Admin commands that reach the network stay non-admin here (their URLs are covered above).
    network = {"addfeed"}
    before = loop.run_until_complete(snapshot(app))

    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        command=st.sampled_from(names),
        args=st.lists(st.text(max_size=40), max_size=8),
        admin=st.booleans(),
        platform=st.sampled_from(["console", "telegram", "discord", "whatsapp", ""]),
        chat=st.sampled_from(["private", "group", "channel", "supergroup", ""]),
        hint=st.one_of(st.none(), st.sampled_from(["ar", "en-US", "fr", "xx-YY", "", "-"]), st.text(max_size=12)),
    )
    def run(command: str, args: list[str], admin: bool, platform: str, chat: str, hint: str | None) -> None:
        # Adapters never set ``locale``; they pass the platform's language hint, which may be anything.
        req = Request(platform=platform, chat_id="f", user_id="f", command=command, args=args, text=" ".join(args),
                      is_admin=admin and command not in network, chat_type=chat, user_language=hint)
        reply = loop.run_until_complete(app.handle(req))
        check_reply(reply, app, f"/{command} {args!r}")

    try:
        run()
        nothing_lost_or_changed(before, loop.run_until_complete(snapshot(app)))
    finally:
        loop.run_until_complete(app.close())
        loop.close()


def test_gzip_bomb_corpus_file_is_what_it_claims() -> None:
    """The corpus bomb really inflates past every limit (so the tests above test something)."""
    data = (BAD / "gzip_bomb.gz").read_bytes()
    assert len(data) < 64 * 1024 and len(gzip.decompress(data)) >= 20 * 1024 * 1024


async def test_an_uploaded_feed_holding_a_url_or_a_path_is_not_opened(
    empty_app: App, server: tuple[str, type[Recorder]], caplog: pytest.LogCaptureFixture
) -> None:
    """feedparser opens a str that looks like a URL or a file path: uploads must never reach it as one."""
    from digests.readers import ArticleError, read_article_bytes

    address, recorder = server
    recorder.body = b"<rss version='2.0'><channel><item><title>LEAKED-FROM-SERVER</title></item></channel></rss>"
    for content in (f"http://{address}/feed.xml", str(BAD / "sentinel.txt"), f"http://{address}/x\nsecond line"):
        for name in ("feed.xml", "news.rss", "a.atom"):
            with pytest.raises(ArticleError):
                read_article_bytes(content.encode(), name)
            with caplog.at_level(logging.INFO):
                reply = await empty_app.handle(Request(platform="telegram", chat_id="c", user_id="u", is_admin=True,
                                                       attachments=[Attachment(name, content.encode())]))
            check_reply(reply, empty_app, f"{name} holding {content!r}")
            assert reply.error
    no_tracebacks(caplog)
    assert recorder.hits == []
    assert await empty_app.store.count_articles() == 0
