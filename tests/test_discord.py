"""End to end: the real discord.py client (bot.discord.serve) against the fake Discord REST API and gateway.

Nothing of discord.py is mocked: the bot logs in over HTTP, connects to the fake websocket gateway,
syncs its slash commands, and answers injected interactions; the tests read what it sent.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from handlers.core import Button, Field, Reply, Request, Section
from handlers.registry import Argument, Command
from tests.fakes.discord_api import (
    ADMIN_USER,
    FORUM_CHANNEL,
    FORUM_POST,
    GUILD_ID,
    LIMITS,
    MANAGE_CHANNELS,
    PLAIN_USER,
    SEND,
    TEXT_CHANNEL,
    THREAD_CHANNEL,
    FakeDiscord,
    RunningBot,
    embed_size,
)

INTERNAL_ERROR_TEXTS = ("حدث خطأ أثناء تنفيذ طلبك", "something went wrong with your request")


def texts(messages: list[dict[str, Any]]) -> str:
    """Everything a user reads in ``messages``."""
    out = []
    for m in messages:
        out.append(m.get("content") or "")
        for e in m.get("embeds") or []:
            out.append(e.get("title") or "")
            out.append(e.get("description") or "")
            for f in e.get("fields") or []:
                out.append(f"{f['name']} {f['value']}")
            out.append((e.get("footer") or {}).get("text") or "")
    return "\n".join(out)


def assert_within_limits(message: dict[str, Any]) -> None:
    embeds = message.get("embeds") or []
    assert len(message.get("content") or "") <= LIMITS["content"]
    assert len(embeds) <= LIMITS["embeds"]
    assert sum(embed_size(e) for e in embeds) <= LIMITS["embed_total"]
    for e in embeds:
        assert len(e.get("title") or "") <= LIMITS["embed_title"]
        assert len(e.get("description") or "") <= LIMITS["embed_description"]
        assert len(e.get("fields") or []) <= LIMITS["fields"]
        for f in e.get("fields") or []:
            assert 0 < len(f["name"]) <= LIMITS["field_name"]
            assert 0 < len(f["value"]) <= LIMITS["field_value"]
    for row in message.get("components") or []:
        for b in row["components"]:
            assert len(b["custom_id"]) <= LIMITS["custom_id"]
    assert "\ue000" not in json.dumps(message, ensure_ascii=False) and "\ue001" not in json.dumps(message, ensure_ascii=False)


def buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [b for row in message.get("components") or [] for b in row["components"]]


async def answer(fake: FakeDiscord, record: Any, n: int = 1) -> list[dict[str, Any]]:
    msgs = await fake.wait_answer(record, n)
    assert record.answered_after is not None and record.answered_after < 3.0
    for m in msgs:
        assert_within_limits(m)
    return msgs


def probe(app: Any) -> None:
    """A command that echoes what the adapter put into the Request (registered before the sync)."""

    async def show(req: Request, ctx: Any) -> Reply:
        return Reply.message(
            f"chat={req.chat_id} thread={req.thread_id} type={req.chat_type} "
            f"chatadmin={req.chat_is_admin} admin={req.is_admin} args={'/'.join(req.args)}"
        )

    async def pages(req: Request, ctx: Any) -> Reply:
        from handlers.common import page_buttons, split_page_arg

        _, page = split_page_arg(req.args)
        return Reply(
            sections=[Reply.message(f"page {page} of 3").sections[0]],
            buttons=page_buttons(ctx, req, "pages", (), page, 3),
        )

    async def slow(req: Request, ctx: Any) -> Reply:
        await asyncio.sleep(1.0)
        return Reply.message("slow answer")

    app.registry.add(Command("probe", show, "core.help.help", args=[Argument("words", "core.arg.query")]))
    app.registry.add(Command("pages", pages, "core.help.help"))
    async def huge(req: Request, ctx: Any) -> Reply:
        sections = [Section(title=f"Actor {i}", emoji="🧑", text="A statement. " * 80, fields=[Field("Mentions", str(i))])
                    for i in range(40)]
        return Reply(sections=sections, buttons=[[Button("Again", "huge")]])

    app.registry.add(Command("slow", slow, "core.help.help"))
    app.registry.add(Command("huge", huge, "core.help.help"))


@pytest.fixture
async def bot(tmp_path):
    async with RunningBot(str(tmp_path / "db.sqlite"), env={"DISCORD_GUILD_ID": str(GUILD_ID)}, before_serve=probe,
                          defer_after=0.3) as harness:
        yield harness


# ------------------------------------------------------------------ start-up and command sync


async def test_commands_synced_from_registry_to_the_guild(bot):
    fake, app = bot.fake, bot.app
    assert fake.identify is not None and fake.identify["intents"] == bot.client.intents.value
    assert not bot.client.intents.message_content  # default intents only
    assert fake.invalid_bodies == []
    synced = {c["name"]: c for c in fake.commands[GUILD_ID]}
    assert None not in fake.commands  # guild sync, not global
    for command in app.registry.commands.values():
        if command.hidden:
            continue
        if command.admin_only:
            sub = {o["name"]: o for o in synced["admin"]["options"]}
            assert command.name in sub and sub[command.name]["type"] == 1
        else:
            assert command.name in synced, command.name
            options = [o["name"] for o in synced[command.name].get("options", [])]
            assert sorted(options) == sorted(a.name for a in command.args)
        description = synced.get(command.name, {}).get("description", "")
        assert len(description) <= 100
    assert synced["admin"]["default_member_permissions"] == "0"
    assert synced["ingest"]["default_member_permissions"] == "0"
    assert {o["name"] for o in synced["ingest"]["options"]} == {"text", "url", "file"}
    assert any("\u0600" <= ch <= "\u06ff" for ch in synced["latest"]["description"])  # Arabic beside English
    article = {o["name"]: o for o in synced["article"]["options"]}
    assert article["id"]["autocomplete"] is True and article["id"]["type"] == 4
    assert "probe" in synced  # a command registered later appears by itself


async def test_global_sync_and_token_never_logged(tmp_path, caplog):
    caplog.set_level("DEBUG")
    fake = FakeDiscord(token="SECRET.token-value-123")
    async with RunningBot(str(tmp_path / "db.sqlite"), fake=fake) as h:
        assert None in h.fake.commands and GUILD_ID not in h.fake.commands
        rec = await h.fake.slash("help")
        await answer(h.fake, rec)
    assert not any("SECRET.token-value-123" in r.getMessage() for r in caplog.records)
    assert any("gateway/bot" in path for _, path in fake.requests)


# ------------------------------------------------------------------ every command


async def test_every_registered_command_through_an_interaction(bot):
    fake, app = bot.fake, bot.app
    commands = [c for c in app.registry.commands.values() if not c.hidden and c.name not in ("slow",)]
    # admin commands after the others, and the destructive ones last
    commands.sort(key=lambda c: (c.admin_only, any(w in c.name for w in ("delete", "remove"))))
    ran = []
    for command in commands:
        options = []
        for arg in command.args:
            if not arg.required:
                continue
            value: Any
            if arg.autocomplete:
                focus = [{"type": 4 if arg.kind == "integer" else 3, "name": arg.name, "value": "", "focused": True}]
                data = {"id": "1", "name": command.name, "type": 1, "options": focus}
                if command.admin_only:
                    data = {"id": "1", "name": "admin", "type": 1, "options": [{"type": 1, "name": command.name, "options": focus}]}
                ac = await fake.interact(4, data, user=ADMIN_USER)
                await fake.wait_for(lambda ac=ac: ac.callbacks)
                assert ac.choices, f"no autocomplete choices for /{command.name} {arg.name}"
                assert all(len(c["name"]) <= 100 for c in ac.choices) and len(ac.choices) <= 25
                value = ac.choices[0]["value"]
            elif arg.kind == "integer":
                value = 1
            elif arg.name in ("language", "lang"):
                value = "ar"
            else:
                value = "المحادثات"
            options.append({"type": 4 if arg.kind == "integer" else 3, "name": arg.name, "value": value})
        if command.admin_only:
            rec = await fake.slash("admin", [{"type": 1, "name": command.name, "options": options}], user=ADMIN_USER,
                                   permissions=SEND | MANAGE_CHANNELS)
        else:
            rec = await fake.slash(command.name, options, user=ADMIN_USER, permissions=SEND | MANAGE_CHANNELS)
        msgs = await answer(fake, rec)
        body = texts(msgs)
        assert body.strip(), f"/{command.name} answered nothing"
        assert not any(t in body for t in INTERNAL_ERROR_TEXTS), f"/{command.name} failed: {body[:300]}"
        assert "لا أعرف الأمر" not in body, f"/{command.name} unknown"
        ran.append(command.name)
    assert fake.invalid_bodies == []
    assert {"latest", "cards", "actors", "timeline", "help", "stats"} <= set(ran)


async def test_seed_cards_and_article_render_within_limits(bot):
    fake = bot.fake
    for name, options in (("cards", []), ("card", [{"type": 4, "name": "n", "value": 1}]), ("article", [{"type": 4, "name": "id", "value": 1}]),
                          ("actors", []), ("timeline", []), ("digest", [])):
        rec = await fake.slash(name, options)
        msgs = await answer(fake, rec)
        assert msgs[0]["embeds"], name
    rec = await fake.slash("cards")
    (msg,) = await answer(fake, rec)
    assert "**" in msg["embeds"][0]["description"]  # emphasis became bold
    assert fake.invalid_bodies == []


async def test_article_with_forty_actors_through_ingest_and_actors(bot):
    from babel import Locale

    fake = bot.fake
    names = Locale.parse("en").territories
    codes = ["FR", "DE", "IT", "ES", "PT", "NL", "BE", "SE", "NO", "DK", "FI", "PL", "AT", "CH", "GR", "EG", "SA", "AE",
             "QA", "KW", "JO", "LB", "IQ", "IR", "PK", "IN", "CN", "JP", "KR", "ID", "MY", "BR", "AR", "MX", "CA", "AU",
             "NG", "KE", "MA", "TN", "SN", "GH"]
    paragraphs = [f"The government of {names[c]} said on Monday it would send a delegation to the summit." for c in codes]
    text = "Leaders of dozens of countries meet for a summit\n\n" + "\n\n".join(paragraphs)
    rec = await fake.slash("ingest", [{"type": 3, "name": "text", "value": text}], user=ADMIN_USER)
    (preview,) = await answer(fake, rec)
    assert preview["flags"] & 64  # ephemeral
    labels = [b["custom_id"] for b in buttons(preview)]
    article_id = next(c.split("|")[-1] for c in labels if "|publish|" in c)
    count = await bot.app.store.fetchone("SELECT count(*) FROM actor_mentions WHERE article_id = ?", (int(article_id),))
    assert count[0] >= 40
    rec = await fake.slash("actors", [{"type": 4, "name": "article", "value": int(article_id)}])
    msgs = await answer(fake, rec)
    shown = texts(msgs)
    assert sum(1 for c in codes if names[c] in shown) >= 10  # the handler lists the first ones
    actor_button = next(b for m in msgs for b in buttons(m) if "|actor|" in b["custom_id"])
    click = await fake.click(msgs[-1], actor_button["custom_id"])
    (card,) = await answer(fake, click)
    assert actor_button["label"] in texts([card])
    assert fake.invalid_bodies == []


# ------------------------------------------------------------------ buttons


async def test_button_paging_edits_the_message_in_place(bot):
    fake = bot.fake
    rec = await fake.slash("pages")
    (msg,) = await answer(fake, rec)
    assert "page 1 of 3" in texts([msg])
    (nxt,) = buttons(msg)
    assert nxt["custom_id"].startswith("nb1|") and len(nxt["custom_id"]) <= 100
    click = await fake.click(msg, nxt["custom_id"])
    await fake.wait_for(lambda: click.edits)
    assert click.callbacks[0]["type"] == 7  # UPDATE_MESSAGE: the same message shows page 2
    page2 = click.edits[-1]
    assert_within_limits(page2)
    assert "page 2 of 3" in texts([page2])
    assert len(buttons(page2)) == 2  # previous and next
    click = await fake.click(page2, buttons(page2)[1]["custom_id"])
    await fake.wait_for(lambda: click.edits)
    page3 = click.edits[-1]
    assert "page 3 of 3" in texts([page3]) and len(buttons(page3)) == 1


async def test_card_navigation_and_cross_command_buttons(bot):
    fake = bot.fake
    rec = await fake.slash("card", [{"type": 4, "name": "n", "value": 1}])
    (msg,) = await answer(fake, rec)
    nav = [b for b in buttons(msg) if b["custom_id"].startswith("nb1|") and "|card|" in b["custom_id"]]
    assert nav
    click = await fake.click(msg, nav[0]["custom_id"])
    await fake.wait_for(lambda: click.edits)
    assert click.edits[-1]["embeds"] != msg["embeds"]  # card 2 replaced card 1
    latest = await fake.slash("latest")
    (lmsg,) = await answer(fake, latest)
    click = await fake.click(lmsg, buttons(lmsg)[0]["custom_id"])  # /latest → #1 runs /article 1 below
    (article,) = await answer(fake, click)
    assert click.callbacks[0]["type"] == 4 and article["embeds"][0]["title"].startswith("#1")


async def test_forged_button_is_refused_and_old_button_still_works(bot):
    fake = bot.fake
    old_message = {"id": "123", "channel_id": str(TEXT_CHANNEL), "content": "", "embeds": [], "components": [], "flags": 0,
                   "author": {"id": "1", "username": "x", "discriminator": "0", "avatar": None}, "attachments": [],
                   "mentions": [], "mention_roles": [], "pinned": False, "tts": False, "type": 0,
                   "timestamp": "2026-01-01T00:00:00+00:00", "edited_timestamp": None, "mention_everyone": False}
    click = await fake.click(old_message, "nb1|00|article|1")  # from before a restart: no live view holds it
    (msg,) = await answer(fake, click)
    assert msg["embeds"][0]["title"].startswith("#1")
    for forged in ("nb1~00~no-such-key", "nb1|0|article|1", "nb1|00|DROP TABLE|1"):
        click = await fake.click(old_message, forged)
        (msg,) = await answer(fake, click)
        assert msg["flags"] & 64 and "الزر" in texts([msg])  # stale/invalid button, said privately
    click = await fake.click(old_message, "nb1|00|article|1;DROP")  # well-formed: the handler validates the value
    (msg,) = await answer(fake, click)
    assert "1;DROP" in texts([msg]) and msg["flags"] & 64


async def test_buttons_time_out_cleanly(tmp_path):
    async with RunningBot(str(tmp_path / "db.sqlite"), before_serve=probe, view_timeout=0.5) as h:
        rec = await h.fake.slash("pages")
        (msg,) = await answer(h.fake, rec)
        assert buttons(msg)
        await h.fake.wait_for(lambda: rec.edits and not rec.edits[-1]["components"], 5)
        assert rec.messages[0]["components"] == []


async def test_slow_command_is_deferred_then_completed(bot):
    rec = await bot.fake.slash("slow")
    (msg,) = await answer(bot.fake, rec)
    assert rec.callbacks[0]["type"] == 5  # deferred within the 3 seconds
    assert "slow answer" in texts([msg])


# ------------------------------------------------------------------ chats: threads, DMs, permissions


async def test_request_fields_from_channel_thread_and_dm(bot):
    fake = bot.fake
    rec = await fake.slash("probe", [{"type": 3, "name": "words", "value": "a b"}], permissions=SEND)
    assert f"chat={TEXT_CHANNEL} thread=None type=group chatadmin=False admin=False args=a/b" in texts(await answer(fake, rec))
    rec = await fake.slash("probe", channel=THREAD_CHANNEL, permissions=SEND | MANAGE_CHANNELS)
    assert f"chat={TEXT_CHANNEL} thread={THREAD_CHANNEL} type=group chatadmin=True" in texts(await answer(fake, rec))
    rec = await fake.slash("probe", channel=None, user=ADMIN_USER)
    assert "type=private chatadmin=True admin=True" in texts(await answer(fake, rec))
    rec = await fake.slash("probe", channel=FORUM_POST)  # a forum post: digests go to the forum as new posts
    assert f"chat={FORUM_CHANNEL} thread=None type=group" in texts(await answer(fake, rec))


async def test_reply_too_big_for_one_message_continues_in_follow_ups(bot):
    fake = bot.fake
    rec = await fake.slash("huge")
    await fake.wait_for(lambda: bool(rec.messages) and bool(buttons(rec.messages[-1])))  # the last part carries them
    msgs = await answer(fake, rec, len(rec.messages))
    titles = [e["title"] for m in msgs for e in m["embeds"] if e.get("title")]
    assert titles == [f"🧑 Actor {i}" for i in range(40)]
    assert [bool(buttons(m)) for m in msgs] == [False] * (len(msgs) - 1) + [True]  # buttons under the last part
    assert fake.invalid_bodies == []


async def test_subscription_made_in_a_thread_is_stored_for_the_thread(bot):
    fake = bot.fake
    rec = await fake.slash("subscribe", channel=THREAD_CHANNEL, permissions=SEND | MANAGE_CHANNELS)
    await answer(fake, rec)
    row = await bot.app.store.fetchone("SELECT chat_id, thread_id FROM subscriptions WHERE platform = 'discord'")
    assert row is not None and (row[0], row[1]) == (str(TEXT_CHANNEL), str(THREAD_CHANNEL))


# ------------------------------------------------------------------ admins


async def test_admin_ingest_text_preview_publish_discard(bot):
    fake = bot.fake
    text = "Floods close roads in the north\n\nHeavy rain flooded roads across the northern provinces on Tuesday, officials said.\n\nRescue teams evacuated hundreds of families."
    rec = await fake.slash("ingest", [{"type": 3, "name": "text", "value": text}], user=ADMIN_USER)
    (preview,) = await answer(fake, rec)
    assert preview["flags"] & 64
    ids = [b["custom_id"] for b in buttons(preview)]
    assert any("|publish|" in c for c in ids) and any("|delete|" in c for c in ids)
    before = await bot.app.store.count_articles()
    discard = next(c for c in ids if "|delete|" in c)
    click = await fake.click(preview, discard, user=ADMIN_USER)
    (done,) = await answer(fake, click)
    assert await bot.app.store.count_articles() == before - 1
    assert done["flags"] & 64


async def test_admin_ingest_with_an_attachment(bot):
    fake = bot.fake
    body = "Port reopens after strike\n\nThe main port reopened on Friday after a week-long strike ended, the union said.\n\nShipping companies said delays would ease."
    attachment = fake.add_attachment("article.txt", body.encode("utf-8"))
    before = await bot.app.store.count_articles()
    seen: list[Request] = []
    handler = bot.app.registry.text_handler

    async def spy(req: Request, ctx: Any) -> Reply:  # records what reached the app; the real handler answers
        seen.append(req)
        return await handler(req, ctx)

    bot.app.registry.text_handler = spy
    rec = await fake.slash("ingest", [{"type": 11, "name": "file", "value": attachment["id"]}],
                           resolved={"attachments": {attachment["id"]: attachment}}, user=ADMIN_USER)
    (preview,) = await answer(fake, rec)
    assert seen and seen[0].attachments[0].data == body.encode("utf-8")
    assert seen[0].attachments[0].filename == "article.txt" and seen[0].is_admin
    assert any("|publish|" in b["custom_id"] for b in buttons(preview)), texts([preview])
    assert await bot.app.store.count_articles() == before + 1


async def test_admin_article_in_a_direct_message(bot):
    fake = bot.fake
    dm = fake.dm_channel_id(ADMIN_USER)
    await fake.dm_message(ADMIN_USER, "Markets rally on rate hopes\n\nStocks rose sharply on Wednesday as investors bet on lower interest rates.\n\nBond yields fell.")
    await fake.wait_for(lambda: fake.messages.get(dm))
    (msg,) = fake.messages[dm]
    assert_within_limits(msg)
    assert any("|publish|" in b["custom_id"] for b in buttons(msg))


async def test_admin_file_in_a_direct_message(bot):
    fake = bot.fake
    dm = fake.dm_channel_id(ADMIN_USER)
    body = "Election results announced\n\nThe electoral commission announced the results on Sunday evening.\n\nTurnout was high."
    attachment = fake.add_attachment("news.txt", body.encode("utf-8"))
    await fake.dm_message(ADMIN_USER, "", attachments=[attachment])
    await fake.wait_for(lambda: fake.messages.get(dm))
    (msg,) = fake.messages[dm]
    assert any("|publish|" in b["custom_id"] for b in buttons(msg)), texts([msg])


async def test_non_admin_is_refused(bot):
    fake = bot.fake
    before = await bot.app.store.count_articles()
    rec = await fake.slash("ingest", [{"type": 3, "name": "text", "value": "Title\n\nBody text here."}], user=PLAIN_USER)
    (msg,) = await answer(fake, rec)
    assert msg["flags"] & 64 and "للمشرفين فقط" in texts([msg])
    rec = await fake.slash("admin", [{"type": 1, "name": "stats", "options": []}], user=PLAIN_USER)
    (msg,) = await answer(fake, rec)
    assert "للمشرفين فقط" in texts([msg])
    dm = fake.dm_channel_id(PLAIN_USER)
    await fake.dm_message(PLAIN_USER, "Title\n\nBody text of an article.")
    await fake.wait_for(lambda: fake.messages.get(dm))
    assert "|publish|" not in json.dumps(fake.messages[dm])
    ac = await fake.interact(4, {"id": "1", "name": "admin", "type": 1, "options": [
        {"type": 1, "name": "delete", "options": [{"type": 4, "name": "id", "value": "", "focused": True}]}]}, user=PLAIN_USER)
    await fake.wait_for(lambda: ac.callbacks)
    assert ac.choices == []
    assert await bot.app.store.count_articles() == before

