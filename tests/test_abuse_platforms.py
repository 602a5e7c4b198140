"""Hostile input through the real Telegram and Discord adapters, against their fake APIs on 127.0.0.1.

Commands with hostile arguments from users, in private chats, groups and slash options; hostile
pasted text, files and file names from admins; forged button data. Every message gets an answer
the platform accepts (the fakes reject bad HTML, oversized texts and invalid bodies like the real
APIs), no handler fails, and nothing already stored is lost or changed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.fakes.discord_api import ADMIN_USER, MANAGE_CHANNELS, PLAIN_USER, SEND, RunningBot
from tests.fakes.telegram_api import running_bot
from tests.test_abuse import BAD, PASSWD, SENTINEL, corpus_files, hostile_strings, lines_of, snapshot

INTERNAL = ("حدث خطأ أثناء تنفيذ طلبك", "something went wrong with your request")
TELEGRAM_ADMIN = 42
TELEGRAM_USER = 7
GROUP = -100777


def _short(strings: list[str], limit: int) -> list[str]:
    """Hostile strings as a platform can carry them: non-empty, within its message limit."""
    return [s[:limit] for s in strings if s.strip()]


def _no_leak(text: str) -> None:
    assert SENTINEL not in text and PASSWD not in text


async def test_telegram_adapter_with_hostile_input(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as (fake, app):
        before = await snapshot(app)
        bot_name = fake._bot_user()["username"]
        user, admin = fake.user(TELEGRAM_USER, "en"), fake.user(TELEGRAM_ADMIN, "ar")
        private, group, admin_chat = fake.private_chat(TELEGRAM_USER), fake.group_chat(GROUP), fake.private_chat(TELEGRAM_ADMIN)

        async def ask(chat: dict[str, Any], who: dict[str, Any] | None, text: str | None = None, **kw: Any) -> str:
            mark = len(fake.sent)
            fake.message(chat, who, text, **kw)
            sent = await fake.wait_sent(chat["id"], 1, after=mark, within=30)
            body = "\n".join(s.text for s in sent)
            assert body.strip() and not any(t in body for t in INTERNAL), (text or "")[:60]
            _no_leak(body)
            return body

        strings = _short(hostile_strings(), 3500)
        for i, s in enumerate(strings):
            await ask(private, user, f"/search {s}")
            await ask(group, user, f"/{('actor', 'timeline', 'cards', 'card')[i % 4]}@{bot_name} {s}")
        for line in lines_of("private_urls.txt"):
            assert await ask(admin_chat, admin, line)  # an admin's URL load: refused, said so
        # An admin pastes hostile text and sends hostile files with hostile names.
        for path in corpus_files():
            pasted = path.read_bytes().decode("utf-8", "replace")[:4000]
            if pasted.strip():
                await ask(admin_chat, admin, pasted)
        names = lines_of("path_names.txt")
        for i, path in enumerate(corpus_files()):
            name = names[i % len(names)].replace("\x00", "") or "x.txt"
            document = fake.upload(name[:200], path.read_bytes())
            # Telegram names the stored file itself (documents/file_12.txt); only file_name is the user's.
            fake.files[document["file_id"]] = (f"documents/{document['file_unique_id']}.bin", path.read_bytes())
            await ask(admin_chat, admin, document=document)
        # Forged button data on a real message, from a stranger and from the admin.
        mark = len(fake.sent)
        fake.message(private, user, "/latest")
        [latest] = await fake.wait_sent(TELEGRAM_USER, 1, after=mark, within=30)
        for data in ("", "x" * 64, "delete 1", "/delete 1", "delete|1", "stats", "\u202e", "{}", "search|'; DROP"):
            fake.callback(private, user, latest.message_id, data)
        assert await ask(private, user, "/start")  # still answering after them
        assert fake.errors == []  # the platform accepted every message the bot sent
        after = await snapshot(app)
    for key, row in before["articles"].items():
        assert after["articles"][key] == row


async def test_discord_adapter_with_hostile_input(tmp_path: Path) -> None:
    async with RunningBot(str(tmp_path / "db.sqlite")) as harness:
        fake, app = harness.fake, harness.app
        before = await snapshot(app)

        async def slash(name: str, options: list[dict[str, Any]], user: int = PLAIN_USER) -> str:
            rec = await fake.slash(name, options, user=user, permissions=SEND | MANAGE_CHANNELS)
            msgs = await fake.wait_answer(rec, 1, limit=30)
            body = json.dumps(msgs, ensure_ascii=False)
            assert not any(t in body for t in INTERNAL), (name, options)
            _no_leak(body)
            return body

        strings = _short(hostile_strings(), 1000)  # slash string options hold at most 6,000 characters
        arg_of = {c.name: c.args for c in app.registry.commands.values()}
        for i, s in enumerate(strings):
            await slash("search", [{"type": 3, "name": arg_of["search"][0].name, "value": s}])
            name = ("actor", "timeline")[i % 2]
            await slash(name, [{"type": 3, "name": arg_of[name][0].name, "value": s}])
        await slash("admin", [{"type": 1, "name": "delete", "options": [{"type": 4, "name": "id", "value": 1}]}])  # a stranger
        # An admin's hostile DMs: pasted text and files with hostile names.
        dm = fake.dm_channel_id(ADMIN_USER)
        names = lines_of("path_names.txt")
        for i, path in enumerate(corpus_files()):
            count = len(fake.messages.get(dm, []))
            text = path.read_bytes().decode("utf-8", "replace")[:1900]
            if text.strip():
                await fake.dm_message(ADMIN_USER, text)
                await fake.wait_for(lambda count=count: len(fake.messages.get(dm, [])) > count, 30)
                count += 1
            name = (names[i % len(names)].replace("\x00", "").replace("/", "_") or "x.txt")[:100]
            await fake.dm_message(ADMIN_USER, "", attachments=[fake.add_attachment(name, path.read_bytes())])
            await fake.wait_for(lambda count=count: len(fake.messages.get(dm, [])) > count, 30)
        body = json.dumps(fake.messages.get(dm, []), ensure_ascii=False)
        assert not any(t in body for t in INTERNAL)
        _no_leak(body)
        assert fake.invalid_bodies == []
        after = await snapshot(app)
    for key, row in before["articles"].items():
        assert after["articles"][key] == row
    assert (BAD / "sentinel.txt").exists()
