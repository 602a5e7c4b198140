"""End to end: the real python-telegram-bot Application, long polling a fake Bot API on 127.0.0.1.

Tests inject updates (messages, button presses, documents) into the fake and read what the bot
sent; nothing of python-telegram-bot is mocked.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from aiohttp import web

from digests.store import chats as chat_rows
from handlers.core import Reply, Section, em
from tests.fakes.telegram_api import FakeTelegram, Sent, running_bot, utf16_len

ADMIN = 42
GROUP = -100555
BOT = "newsbot_test_bot"

ARTICLE_AR = """مجلس الأمن يبحث وقف إطلاق النار في السودان
نيويورك (رويترز) - عقد مجلس الأمن الدولي يوم الاثنين جلسة طارئة لبحث وقف إطلاق النار في السودان، بعد أسبوع من المعارك في الخرطوم.

وقال الأمين العام للأمم المتحدة أنطونيو غوتيريش إن المدنيين يدفعون الثمن، ودعا الطرفين إلى هدنة فورية.

وأعلنت وزارة الصحة أن عدد القتلى تجاوز 400 شخص، فيما نزح أكثر من 20 ألفًا إلى تشاد المجاورة.
"""

ARTICLE_EN = """Parliament approves the new budget after a long debate
LONDON (Reuters) - Parliament approved the new budget on Tuesday after a debate that lasted two days.

The finance minister said the plan would cut the deficit by 2 percent next year.

Opposition leaders criticised the spending cuts and promised to vote against the bill in the upper house.
"""


def _arg_for(argument) -> str:
    if argument.kind == "integer" or argument.autocomplete == "article":
        return "1"
    if argument.name in ("language", "lang"):
        return "en"
    return "السلام"


def _command_line(command, suffix: str = "") -> str:
    args = [_arg_for(a) for a in command.args if a.required]
    return " ".join([f"/{command.name}{suffix}", *args])


async def _ask(fake: FakeTelegram, chat: dict, user: dict | None, text: str, count: int = 1, **kw) -> list[Sent]:
    before = len(fake.sent)
    fake.message(chat, user, text, **kw)
    return await fake.wait_sent(chat["id"], count, after=before, within=20)


async def _articles(app) -> int:
    return await app.store.count_articles()


async def test_every_command_answers_in_a_private_chat_and_a_group(tmp_path: Path):
    async with running_bot(tmp_path) as (fake, app):
        user = fake.user(7, "en")
        private = fake.private_chat(7)
        group = fake.group_chat(GROUP)
        admin_chat = fake.private_chat(ADMIN)
        for command in app.registry.visible(admin=False):
            [reply] = await _ask(fake, private, user, _command_line(command))
            assert reply.text.strip(), command.name
            [reply] = await _ask(fake, group, user, _command_line(command, f"@{BOT}"))
            assert reply.chat_id == GROUP and reply.text.strip(), command.name
        for command in app.registry.visible(admin=True):
            if command.admin_only and command.name != "delete":
                [reply] = await _ask(fake, admin_chat, fake.user(ADMIN, "en"), _command_line(command))
                assert "admins only" not in reply.text, command.name
        # a command for another bot, and an unknown unaddressed command, are left alone in groups
        before = len(fake.sent)
        fake.message(group, user, "/start@some_other_bot")
        fake.message(group, user, "/nosuchcommand")
        await _ask(fake, group, user, f"/help@{BOT}")
        assert len(fake.sent) == before + 1
        assert not [e for e in fake.errors if e[1] == 400], fake.errors


async def test_command_menus_in_arabic_and_english(tmp_path: Path):
    async with running_bot(tmp_path) as (fake, app):
        names = {c.name for c in app.registry.visible(admin=False)}
        for lang in ("ar", "en"):
            menu = fake.commands[("default", None, lang)]
            assert {c["command"] for c in menu} == names
            help_entry = next(c for c in menu if c["command"] == "help")
            assert help_entry["description"] == app.catalog.get(lang, "core.help.help")
        admin_menu = fake.commands[("chat", ADMIN, "en")]
        assert {"delete", "stats", "publish"} <= {c["command"] for c in admin_menu}
        assert "delete" not in {c["command"] for c in fake.commands[("default", None, "")]}


async def test_chat_language_from_lang_then_user_language_then_default(tmp_path: Path):
    async with running_bot(tmp_path) as (fake, _app):
        chat = fake.private_chat(8)
        [r] = await _ask(fake, chat, fake.user(8, "en-GB"), "/help")
        assert "Commands" in r.text
        [r] = await _ask(fake, chat, fake.user(8, None), "/help")
        assert "الأوامر" in r.text  # the default language
        await _ask(fake, chat, fake.user(8, "en"), "/lang ar")
        [r] = await _ask(fake, chat, fake.user(8, "en"), "/help")
        assert "الأوامر" in r.text


async def test_group_language_needs_a_chat_admin_and_membership_is_cached(tmp_path: Path):
    async with running_bot(tmp_path) as (fake, app):
        group = fake.group_chat(GROUP)
        member, owner = fake.user(11, "en"), fake.user(12, "en")
        fake.chat_admins.add((GROUP, 12))
        [r] = await _ask(fake, group, member, f"/lang@{BOT} en")
        assert r.text == app.catalog.get("en", "core.lang_needs_chat_admin")
        assert await chat_rows.get_language(app.store.db, "telegram", str(GROUP)) is None
        [r] = await _ask(fake, group, owner, "/lang en")
        assert r.text == app.catalog.get("en", "core.lang_set")
        calls = fake.chat_member_calls
        await _ask(fake, group, owner, "/lang ar")
        assert fake.chat_member_calls == calls  # cached
        assert await chat_rows.get_language(app.store.db, "telegram", str(GROUP)) == "ar"
        # in a channel, posts come from the channel itself, which manages itself
        channel = fake.channel_chat(-100777)
        [r] = await _ask(fake, channel, None, "/lang en")
        assert r.text == app.catalog.get("en", "core.lang_set")


async def test_forum_topic_is_answered_in_the_topic(tmp_path: Path):
    async with running_bot(tmp_path) as (fake, app):
        forum = fake.group_chat(-100999, forum=True)
        [r] = await _ask(fake, forum, fake.user(7, "en"), "/start", thread_id=55)
        assert r.thread_id == 55
        _, data = r.buttons()[0]
        before = len(fake.sent)
        fake.callback(forum, fake.user(7, "en"), r.message_id, data)
        [r2] = await fake.wait_sent(forum["id"], after=before)
        assert r2.thread_id == 55
        if app.registry.get("subscribe") is not None:  # a subscription made in a topic delivers there
            fake.chat_admins.add((-100999, 12))
            [r3] = await _ask(fake, forum, fake.user(12, "en"), f"/subscribe@{BOT}", thread_id=56)
            assert r3.thread_id == 56
            row = await app.store.fetchone("SELECT chat_id, thread_id FROM subscriptions WHERE platform = 'telegram'")
            assert (row["chat_id"], row["thread_id"]) == ("-100999", "56"), r3.text
            await app.services["senders"]["telegram"](row["chat_id"], row["thread_id"], Reply.message("digest"))
            assert [s.thread_id for s in fake.sent if s.text == "digest"] == [56]


async def _load(fake: FakeTelegram, text: str, **kw) -> Sent:
    [reply] = await _ask(fake, fake.private_chat(ADMIN), fake.user(ADMIN, "en"), text, **kw)
    return reply


async def test_admin_pastes_an_article_sees_a_preview_and_discards_it(tmp_path: Path):
    async with running_bot(tmp_path) as (fake, app):
        count = await _articles(app)
        preview = await _load(fake, ARTICLE_AR)
        assert "Stored article #" in preview.text and "مجلس الأمن" in preview.text
        assert "Cards" in preview.text and "Actors" in preview.text and "Events" in preview.text
        labels = [label for label, _ in preview.buttons()]
        assert labels == [app.catalog.get("en", "admin.publish_button"), app.catalog.get("en", "admin.discard_button")]
        assert await _articles(app) == count + 1
        article_id = int(preview.text.split("#")[1].split(":")[0])
        duplicate = await _load(fake, ARTICLE_AR)
        assert f"#{article_id}" in duplicate.text and "already stored" in duplicate.text
        # press "discard"
        admin = fake.private_chat(ADMIN)
        before = len(fake.sent)
        query = fake.callback(admin, fake.user(ADMIN, "en"), preview.message_id, preview.buttons()[1][1])
        [done] = await fake.wait_sent(ADMIN, after=before)
        assert done.text == f"Deleted article #{article_id}."
        assert query in fake.callback_answers
        assert await _articles(app) == count


async def test_admin_forwards_a_channel_post(tmp_path: Path):
    async with running_bot(tmp_path) as (fake, app):
        channel = {"id": -100321, "type": "channel", "title": "قناة الأخبار"}
        preview = await _load(fake, ARTICLE_EN, forward_from_chat=channel)
        assert "Stored article #" in preview.text
        row = await app.store.fetchone("SELECT source FROM articles ORDER BY id DESC LIMIT 1")
        assert row["source"] == "قناة الأخبار"


async def test_admin_sends_a_url_served_locally(tmp_path: Path):
    page = (
        "<html><head><title>Flooding closes roads</title></head><body><article><h1>Flooding closes roads in the north</h1>"
        + "".join(
            f"<p>Heavy rain flooded roads in the northern province on Monday, officials said, and {n} villages were cut off.</p>"
            for n in range(3, 12)
        )
        + "</article></body></html>"
    )

    async def serve_page(request: web.Request) -> web.Response:
        return web.Response(text=page, content_type="text/html")

    site = web.Application()
    site.router.add_get("/news/flood.html", serve_page)
    runner = web.AppRunner(site, access_log=None)
    await runner.setup()
    tcp = web.TCPSite(runner, "127.0.0.1", 0)
    await tcp.start()
    url = f"http://127.0.0.1:{tcp._server.sockets[0].getsockname()[1]}/news/flood.html"  # type: ignore[union-attr]
    try:
        async with running_bot(tmp_path / "a", env={"NEWSBOT_ALLOW_PRIVATE_URLS": "true"}) as (fake, app):
            preview = await _load(fake, url)
            assert "Stored article #" in preview.text and "Flooding closes roads" in preview.text
            row = await app.store.fetchone("SELECT url FROM articles WHERE url = ?", (url,))
            assert row is not None
        async with running_bot(tmp_path / "b") as (fake, app):  # loopback refused by default
            count = await _articles(app)
            refused = await _load(fake, url)
            assert refused.text == app.catalog.get("en", "fetch.private_address", host="127.0.0.1")
            assert await _articles(app) == count
    finally:
        await runner.cleanup()


async def test_admin_uploads_files(tmp_path: Path):
    async with running_bot(tmp_path) as (fake, app):
        admin, user = fake.private_chat(ADMIN), fake.user(ADMIN, "en")
        uploads = {
            "budget.txt": ARTICLE_EN.encode(),
            "sudan.md": ("# " + ARTICLE_AR).encode(),
            "quake.html": (
                b"<html><body><h1>Earthquake shakes the coast</h1><p>A strong earthquake shook the coast on Friday, "
                b"the geological survey said.</p><p>No damage was reported in the first hours.</p></body></html>"
            ),
        }
        for name, data in uploads.items():
            before = len(fake.sent)
            fake.message(admin, user, document=fake.upload(name, data))
            [preview] = await fake.wait_sent(ADMIN, after=before, within=20)
            assert "Stored article #" in preview.text, (name, preview.text)
        feed = (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
            + "".join(
                f"<item><title>Story number {n} about the harbour</title><guid>g{n}</guid><description>"
                f"The harbour authority said on Monday that ship {n} arrived. It carried grain and fuel for the region."
                "</description></item>"
                for n in range(3)
            )
            + "</channel></rss>"
        )
        before = len(fake.sent)
        fake.message(admin, user, document=fake.upload("wire.xml", feed.encode(), "application/rss+xml"))
        [listing] = await fake.wait_sent(ADMIN, after=before, within=20)
        assert listing.text.startswith("Stored 3 new articles")
        before = len(fake.sent)
        fake.message(admin, user, document=fake.upload("photo.png", b"\x89PNG...."))
        [refused] = await fake.wait_sent(ADMIN, after=before)
        assert refused.text == app.catalog.get("en", "ingest.unsupported_file")


async def test_non_admins_are_refused_and_nothing_is_stored(tmp_path: Path):
    async with running_bot(tmp_path) as (fake, app):
        count = await _articles(app)
        stranger, chat = fake.user(9, "en"), fake.private_chat(9)
        refusal = app.catalog.get("en", "loading.refused")
        [r] = await _ask(fake, chat, stranger, ARTICLE_EN)
        assert r.text == refusal
        [r] = await _ask(fake, chat, stranger, "https://example.com/news")
        assert r.text == refusal
        [r] = await _ask(fake, chat, stranger, None, document=fake.upload("a.txt", ARTICLE_EN.encode()))
        assert r.text == refusal
        [r] = await _ask(fake, chat, stranger, "/delete 1")
        assert r.text == app.catalog.get("en", "core.admin_only")
        # an admin's text in a group is not admin input either: no answer, nothing stored
        group = fake.group_chat(GROUP)
        fake.message(group, fake.user(ADMIN, "en"), ARTICLE_AR)
        [r] = await _ask(fake, group, fake.user(ADMIN, "en"), f"/delete@{BOT} 1")
        assert r.text == app.catalog.get("en", "core.admin_only")
        assert await _articles(app) == count


async def _load_many(fake: FakeTelegram, n: int, title: str) -> None:
    for i in range(n):
        body = (
            f"{title} رقم {i}\nقالت الحكومة يوم الأحد إن الاجتماع رقم {i} بحث قضايا السلام والتجارة.\n\n"
            f"وأضاف المتحدث أن جولة جديدة من محادثات السلام ستعقد الأسبوع المقبل في العاصمة {i}."
        )
        await _load(fake, body)


async def test_paging_with_buttons_edits_the_message_in_place(tmp_path: Path):
    async with running_bot(tmp_path) as (fake, app):
        await _load_many(fake, 7, "محادثات السلام والتجارة")
        chat, user = fake.private_chat(7), fake.user(7, "en")
        [page1] = await _ask(fake, chat, user, "/search السلام")
        next_label = app.catalog.get("en", "core.next")
        data = dict(page1.buttons())[next_label]
        before = len(fake.sent)
        fake.callback(chat, user, page1.message_id, data)
        [page2] = await fake.wait_sent(7, after=before)
        assert page2.method == "editMessageText" and page2.message_id == page1.message_id
        assert page2.text != page1.text
        prev_label = app.catalog.get("en", "core.prev")
        assert prev_label in dict(page2.buttons())
        if app.registry.get("cards") is not None:  # card navigation, when the cards commands are present
            [cards] = await _ask(fake, chat, user, "/cards 1")
            assert cards.buttons(), cards.text
            for label, data in cards.buttons():
                before = len(fake.sent)
                fake.callback(chat, user, cards.message_id, data)
                [moved] = await fake.wait_sent(7, after=before)
                assert moved.text.strip(), label
        if app.registry.get("card") is not None:  # one card at a time: "next" turns the page in place
            [card] = await _ask(fake, chat, user, "/card 1 1")  # card 1 of the seed article
            nav = [(label, data) for label, data in card.buttons() if "|e|card|" in data]
            assert nav, card.buttons()
            before = len(fake.sent)
            fake.callback(chat, user, card.message_id, nav[0][1])
            [turned] = await fake.wait_sent(7, after=before)
            assert turned.method == "editMessageText" and turned.message_id == card.message_id
            assert turned.text != card.text


async def test_stale_and_forged_buttons_get_a_polite_answer(tmp_path: Path):
    async with running_bot(tmp_path) as (fake, app):
        chat, user = fake.private_chat(7), fake.user(7, "en")
        [start] = await _ask(fake, chat, user, "/start")
        _, good = start.buttons()[0]
        before = len(fake.sent)
        for bad in (good[:-3] + "xyz", "0|-|help||abc", "1#nokey#abcdefgh", "garbage"):
            query = fake.callback(chat, user, start.message_id, bad)
            answer = await fake.wait_for(lambda f, q=query: f.callback_answers.get(q))
            assert answer == {"text": app.catalog.get("en", "core.stale_button"), "show_alert": True}
        assert len(fake.sent) == before  # nothing was run


async def test_a_long_arabic_reply_is_split_and_parses(tmp_path: Path):
    async with running_bot(tmp_path) as (fake, app):
        chat = fake.private_chat(7)
        paragraph = (
            "قال Emmanuel Macron إن «الوضع <خطير> & معقد» في 3 مدن؟ وأضاف أن الحوار مستمر، وأن الحل سياسي؛ "
            + em("نقطة مهمة & <مؤكدة>")
            + " "
        ) * 10
        reply = Reply(sections=[Section(title="تقرير <طويل> & مفصل", text="\n\n".join([paragraph] * 14))], locale="ar")
        await app.services["senders"]["telegram"]("7", None, reply)
        sent = [s for s in fake.sent if s.chat_id == 7]
        assert len(sent) >= 3
        assert all(utf16_len(s.text) <= 4096 for s in sent)
        assert not fake.errors
        assert "Macron" in sent[0].text and "<خطير>" in sent[0].text and "&" in sent[0].text
        # through a command as well: the newest articles with long titles
        long_title = "عنوان طويل جدًا عن Ankara & <Tehran> " * 6
        await _load_many(fake, 20, long_title)
        [first, second] = await _ask(fake, chat, fake.user(7, "ar"), "/latest 20", count=2)
        assert "Ankara & <Tehran>" in first.text and utf16_len(first.text) > 3000
        assert not first.buttons() and second.buttons()  # the keyboard goes with the last part
        assert not [e for e in fake.errors if e[1] == 400], fake.errors


async def test_a_burst_that_meets_429s_is_delivered_completely(tmp_path: Path):
    fake = FakeTelegram(rate_per_second=4, retry_after=1)
    async with running_bot(tmp_path, fake=fake) as (fake, _app):
        chats = [fake.private_chat(100 + i) for i in range(3)]
        started = time.monotonic()
        before = len(fake.sent)
        for i in range(15):  # three users fire five commands each within the same second
            chat = chats[i % 3]
            fake.message(chat, fake.user(chat["id"], "en"), "/help" if i % 2 else "/start")
        await fake.wait_for(lambda f: len(f.sent) - before >= 15, within=60)
        elapsed = time.monotonic() - started
        assert fake.too_many > 0
        for chat in chats:
            assert len([s for s in fake.sent[before:] if s.chat_id == chat["id"]]) == 5
        print(f"burst: 15 replies in {elapsed:.1f}s with {fake.too_many} 429 answers")


async def test_supergroup_migration_moves_language_and_subscriptions(tmp_path: Path):
    async with running_bot(tmp_path) as (fake, app):
        old, new = -4001, -1004001
        group = fake.group_chat(old, supergroup=False)
        async with app.store.transaction() as db:
            await chat_rows.set_language(db, "telegram", str(old), "en")
            await db.execute(
                "INSERT INTO subscriptions (platform, chat_id, thread_id, timezone, created) "
                "VALUES ('telegram', ?, NULL, 'UTC', '2024-01-01')",
                (str(old),),
            )
        fake.message(group, None, migrate_to_chat_id=new)
        fake.group_chat(new)
        await _ask(fake, fake.chats[new], fake.user(7), f"/help@{BOT}")
        assert await chat_rows.get_language(app.store.db, "telegram", str(new)) == "en"
        assert await chat_rows.get_language(app.store.db, "telegram", str(old)) is None
        row = await app.store.fetchone("SELECT chat_id FROM subscriptions WHERE platform = 'telegram'")
        assert row["chat_id"] == str(new)
        # a digest sent to a group that migrated meanwhile follows it to the new id
        newer = -1004002
        fake.group_chat(newer)
        fake.migrated[new] = newer
        await app.services["senders"]["telegram"](str(new), None, Reply.message("digest"))
        assert [s.chat_id for s in fake.sent if s.text == "digest"] == [newer]
        row = await app.store.fetchone("SELECT chat_id FROM subscriptions WHERE platform = 'telegram'")
        assert row["chat_id"] == str(newer)


async def test_sender_reports_gone_chats_and_deactivates_their_subscriptions(tmp_path: Path):
    from bot.senders import ChatGone, SendFailed

    async with running_bot(tmp_path) as (fake, app):
        fake.private_chat(500)
        fake.channel_chat(-100600)
        fake.blocked[500] = "Forbidden: bot was blocked by the user"
        async with app.store.transaction() as db:
            for chat_id in ("500", "-100600", "-100601"):
                await db.execute(
                    "INSERT INTO subscriptions (platform, chat_id, timezone, created) VALUES ('telegram', ?, 'UTC', 'x')",
                    (chat_id,),
                )
        send = app.services["senders"]["telegram"]
        reply = Reply.message("digest")
        for chat_id in ("500", "-100601"):  # blocked; not found
            try:
                await send(chat_id, None, reply)
            except ChatGone:
                pass
            else:
                raise AssertionError(f"no ChatGone for {chat_id}")
        try:
            await send("-100600", "77", reply)  # a thread in a chat that is not a forum: worth a retry later
        except SendFailed:
            pass
        else:
            raise AssertionError("no SendFailed")
        rows = await app.store.fetchall("SELECT chat_id, active FROM subscriptions ORDER BY chat_id")
        assert {r["chat_id"]: r["active"] for r in rows} == {"-100600": 1, "-100601": 0, "500": 0}
        await send("-100600", None, reply)  # and a good chat still works
        # the bot removed from the channel: Telegram says so with a my_chat_member update
        fake.bot_status(fake.chats[-100600], "kicked")
        for _ in range(200):
            row = await app.store.fetchone("SELECT active FROM subscriptions WHERE chat_id = '-100600'")
            if not row["active"]:
                break
            await asyncio.sleep(0.05)
        else:
            raise AssertionError("the subscription stayed active after the bot was kicked")


async def test_errors_are_apologised_for_logged_with_the_update_id_and_the_bot_goes_on(tmp_path: Path, caplog):
    async with running_bot(tmp_path) as (fake, app):
        chat, user = fake.private_chat(ADMIN), fake.user(ADMIN, "en")
        document = fake.upload("x.txt", b"whatever")
        del fake.files[document["file_id"]]  # getFile fails: the adapter itself raises
        before = len(fake.sent)
        update_id = fake.message(chat, user, document=document)
        [apology] = await fake.wait_sent(ADMIN, after=before)
        assert apology.text == app.catalog.get("en", "core.internal_error")
        assert f"error while handling telegram update {update_id}" in caplog.text
        [r] = await _ask(fake, chat, user, "/help")
        assert "Commands" in r.text


async def test_token_is_never_logged(tmp_path: Path, caplog):
    import logging

    caplog.set_level(logging.DEBUG)  # everything, httpx's request URLs included
    for name in ("httpx", "httpcore", "telegram"):
        caplog.set_level(logging.DEBUG, logger=name)
    async with running_bot(tmp_path) as (fake, app):
        await _ask(fake, fake.private_chat(7), fake.user(7), "/start")
        await app.services["senders"]["telegram"]("7", None, Reply.message("hi"))
    assert "HTTP Request: POST" in caplog.text and "Set Bot API URL" in caplog.text
    assert fake.token not in caplog.text
    assert fake.token.split(":")[1] not in caplog.text


async def test_webhook_mode_checks_the_secret(tmp_path: Path):
    import socket

    import aiohttp

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {
        "TELEGRAM_WEBHOOK_URL": f"http://127.0.0.1:{port}/tg/hook",
        "TELEGRAM_WEBHOOK_SECRET": "s3cret-value",
    }
    config = f'webhook_listen = "127.0.0.1"\nwebhook_port = {port}\n'
    async with running_bot(tmp_path, env=env, config=config) as (fake, _app):
        assert fake.webhook == {"url": env["TELEGRAM_WEBHOOK_URL"], "secret_token": "s3cret-value"}
        chat = fake.private_chat(7)
        update = {
            "update_id": 1,
            "message": {"message_id": 1, "date": int(time.time()), "chat": chat, "from": fake.user(7, "en"), "text": "/help"},
        }
        async with aiohttp.ClientSession() as http:
            async with http.post(f"http://127.0.0.1:{port}/tg/hook", json=update,
                                 headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"}) as resp:
                assert resp.status == 403
            async with http.post(f"http://127.0.0.1:{port}/tg/hook", json=update) as resp:
                assert resp.status == 403
            await asyncio.sleep(0.3)
            assert not fake.sent
            async with http.post(f"http://127.0.0.1:{port}/tg/hook", json=update,
                                 headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-value"}) as resp:
                assert resp.status == 200
        [r] = await fake.wait_sent(7)
        assert "Commands" in r.text
