"""A small fake of the Telegram Bot API for end-to-end tests (aiohttp on 127.0.0.1, random port).

It speaks the HTTP protocol python-telegram-bot speaks (``/bot<token>/<method>``, form or
multipart bodies, ``{"ok": ..., "result": ...}`` answers) and behaves like Telegram where it matters:

- ``getUpdates`` with offsets (confirming earlier updates) and long polling; with
  ``lose_confirmations`` the confirmations are lost, as when the bot is killed before its next
  ``getUpdates``, so a restarted bot is given the same updates again;
- ``sendMessage`` / ``editMessageText`` parse the HTML the way Telegram does: only Telegram's tags,
  only ``&lt; &gt; &amp; &quot;`` and numeric entities, balanced tags, else 400 "can't parse
  entities"; the parsed text is measured in UTF-16 units and refused over 4096 ("message is too long");
- sending faster than ``rate_per_second`` answers 429 with ``retry_after``;
- chats listed in ``blocked`` answer 403, unknown chats 400 "chat not found", ``migrated`` chats
  400 with ``migrate_to_chat_id``;
- sends to a chat in ``slow_chats`` take that many seconds (a congested chat);
- ``sendDocument`` takes a multipart upload (the file part's name, bytes and type are recorded in
  ``Sent.document``), refuses files over 50 MB (413) and empty ones (400 "file must be non-empty").

Outages: ``go_down("refuse")`` stops listening (connections refused, open ones dropped) and
``go_down("5xx")`` answers every request with nginx's 502 page, as Telegram does when it is down;
``come_back()`` serves again on the same port, with every update and message kept.

Tests inject user updates (``message``, ``callback``, ``document``) and read ``sent``.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
import time
from collections import deque
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

ALLOWED_TAGS = {
    "b": set(),
    "strong": set(),
    "i": set(),
    "em": set(),
    "u": set(),
    "ins": set(),
    "s": set(),
    "strike": set(),
    "del": set(),
    "span": {"class"},
    "tg-spoiler": set(),
    "a": {"href"},
    "code": {"class"},
    "pre": set(),
    "blockquote": {"expandable"},
    "tg-emoji": {"emoji-id"},
}
_ENTITY = re.compile(r"&(lt|gt|amp|quot|#\d{1,7}|#x[0-9a-fA-F]{1,6});")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>\"']+))?)*)\s*>")
_ATTR = re.compile(r"([a-zA-Z-]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>\"']+)))?")
SEND_METHODS = {"sendMessage", "editMessageText", "sendDocument"}
UPLOAD_MAX = 50 * 1024 * 1024  # the Bot API's limit for files bots send


class ParseError(Exception):
    pass


def parse_html(text: str) -> str:
    """The plain text of Telegram HTML, or ParseError with Telegram's kind of message."""
    out: list[str] = []
    stack: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "<":
            m = _TAG.match(text, i)
            if not m:
                raise ParseError(f"can't parse entities: Unexpected character '<' at byte offset {len(text[:i].encode())}")
            closing, name, attrs = m.group(1), m.group(2).lower(), m.group(3)
            if name not in ALLOWED_TAGS:
                raise ParseError(f'can\'t parse entities: Unsupported start tag "{name}" at byte offset {len(text[:i].encode())}')
            if closing:
                if not stack or stack[-1] != name:
                    raise ParseError(f'can\'t parse entities: Unexpected end tag at byte offset {len(text[:i].encode())}')
                stack.pop()
            else:
                for a in _ATTR.finditer(attrs):
                    if a.group(1).lower() not in ALLOWED_TAGS[name]:
                        raise ParseError(f"can't parse entities: unsupported attribute {a.group(1)!r}")
                    value = a.group(2) or a.group(3) or a.group(4) or ""
                    if "<" in value:
                        raise ParseError("can't parse entities: bad attribute value")
                    if "&" in value and not all(_ENTITY.match(value, k) for k in range(len(value)) if value[k] == "&"):
                        raise ParseError("can't parse entities: bad entity in attribute")
                stack.append(name)
            i = m.end()
        elif ch == "&":
            m = _ENTITY.match(text, i)
            if not m:
                raise ParseError(f"can't parse entities: Unsupported entity at byte offset {len(text[:i].encode())}")
            name = m.group(1)
            if name.startswith("#x"):
                out.append(chr(int(name[2:], 16)))
            elif name.startswith("#"):
                out.append(chr(int(name[1:])))
            else:
                out.append({"lt": "<", "gt": ">", "amp": "&", "quot": '"'}[name])
            i = m.end()
        elif ch == ">":
            out.append(ch)  # Telegram tolerates a bare '>'
            i += 1
        else:
            out.append(ch)
            i += 1
    if stack:
        raise ParseError(f'can\'t parse entities: Can\'t find end tag corresponding to start tag "{stack[-1]}"')
    return "".join(out)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@dataclass
class Sent:
    """One thing the bot sent or edited."""

    method: str
    chat_id: int
    text: str  # plain text after entity parsing (or the document caption)
    raw: str  # the text as sent (HTML)
    message_id: int
    parse_mode: str | None = None
    reply_markup: dict[str, Any] | None = None
    thread_id: int | None = None
    document: tuple[str, bytes] | None = None  # (file name as uploaded, bytes)
    document_type: str | None = None  # the upload part's Content-Type

    def buttons(self) -> list[tuple[str, str]]:
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [(b["text"], b.get("callback_data", "")) for row in rows for b in row]


@dataclass
class FakeTelegram:
    token: str = "123456:TEST-token-not-real"
    username: str = "newsbot_test_bot"
    bot_id: int = 123456
    rate_per_second: float | None = None  # None: no flood control
    retry_after: int = 1
    blocked: dict[int, str] = field(default_factory=dict)
    migrated: dict[int, int] = field(default_factory=dict)
    chat_admins: set[tuple[int, int]] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.sent: list[Sent] = []
        self.errors: list[tuple[str, int, str]] = []  # (method, code, description)
        self.calls: list[str] = []
        self.commands: dict[tuple[str, int | None, str], list[dict[str, str]]] = {}
        self.callback_answers: dict[str, dict[str, Any]] = {}
        self.chat_member_calls = 0
        self.webhook: dict[str, Any] = {}
        self.files: dict[str, tuple[str, bytes]] = {}
        self.chats: dict[int, dict[str, Any]] = {}
        self.too_many = 0
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1000)
        self._message_ids = itertools.count(1)
        self._ids = itertools.count(1)
        self._messages: dict[tuple[int, int], Sent] = {}
        self._new_update = asyncio.Event()
        self._changed = asyncio.Condition()
        self._send_times: deque[float] = deque()
        self._runner: web.AppRunner | None = None
        self.port = 0
        self.outage: str | None = None  # "refuse" or "5xx" while down
        self.slow_chats: dict[int, float] = {}  # chat id → seconds every send to it takes
        # True: offsets no longer confirm anything — what Telegram sees when the bot is killed before
        # its next getUpdates; every update stays queued for the next session (getUpdates without offset)
        self.lose_confirmations = False
        self.confirmed = 0  # the highest update id confirmed by an offset (even a lost one)
        self.delivered: list[int] = []  # update ids in the order getUpdates returned them
        self.outage_answers = 0  # requests answered 502 while down

    # -- server --------------------------------------------------------------------------------
    async def start(self) -> FakeTelegram:
        await self._listen(0)
        return self

    async def _listen(self, port: int) -> None:
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._file)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def close(self) -> None:
        if self._runner:
            await self._runner.cleanup()
            self._runner = None

    async def go_down(self, mode: str = "refuse") -> None:
        """Become unreachable: ``refuse`` connections, or answer ``5xx`` (502 Bad Gateway) to everything."""
        assert mode in ("refuse", "5xx"), mode
        self.outage = mode
        if mode == "refuse":
            await self.close()

    async def come_back(self) -> None:
        """Serve again (on the same port) after ``go_down``."""
        mode, self.outage = self.outage, None
        if mode == "refuse":
            await self._listen(self.port)

    @property
    def root(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # -- injection -----------------------------------------------------------------------------
    def private_chat(self, user_id: int) -> dict[str, Any]:
        return self._chat({"id": user_id, "type": "private", "first_name": f"User{user_id}"})

    def group_chat(self, chat_id: int, *, forum: bool = False, supergroup: bool = True) -> dict[str, Any]:
        chat = {"id": chat_id, "type": "supergroup" if supergroup else "group", "title": f"Group {chat_id}"}
        if forum:
            chat["is_forum"] = True
        return self._chat(chat)

    def channel_chat(self, chat_id: int) -> dict[str, Any]:
        return self._chat({"id": chat_id, "type": "channel", "title": f"Channel {chat_id}"})

    def _chat(self, chat: dict[str, Any]) -> dict[str, Any]:
        self.chats[chat["id"]] = chat
        return chat

    @staticmethod
    def user(user_id: int, language: str | None = None) -> dict[str, Any]:
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": f"User{user_id}"}
        if language:
            user["language_code"] = language
        return user

    def _push(self, update: dict[str, Any]) -> int:
        update["update_id"] = next(self._update_ids)
        self._updates.append(update)
        self._new_update.set()
        return update["update_id"]

    def message(
        self,
        chat: dict[str, Any],
        user: dict[str, Any] | None,
        text: str | None = None,
        *,
        thread_id: int | None = None,
        document: dict[str, Any] | None = None,
        caption: str | None = None,
        forward_from_chat: dict[str, Any] | None = None,
        migrate_to_chat_id: int | None = None,
    ) -> int:
        """Inject a message (a channel post when the chat is a channel); returns the update id."""
        msg: dict[str, Any] = {"message_id": next(self._message_ids), "date": int(time.time()), "chat": chat}
        if user is not None:
            msg["from"] = user
        if text is not None:
            msg["text"] = text
            m = re.match(r"^/\S+", text)
            if m:
                msg["entities"] = [{"type": "bot_command", "offset": 0, "length": utf16_len(m.group(0))}]
        if thread_id is not None:
            msg["message_thread_id"] = thread_id
            msg["is_topic_message"] = True
        if document is not None:
            msg["document"] = document
            if caption:
                msg["caption"] = caption
        if forward_from_chat is not None:
            msg["forward_origin"] = {
                "type": "channel",
                "chat": forward_from_chat,
                "message_id": 77,
                "date": int(time.time()) - 60,
            }
        if migrate_to_chat_id is not None:
            msg["migrate_to_chat_id"] = migrate_to_chat_id
        kind = "channel_post" if chat["type"] == "channel" else "message"
        return self._push({kind: msg})

    def bot_status(self, chat: dict[str, Any], status: str, *, by: dict[str, Any] | None = None) -> int:
        """Inject a my_chat_member update: the bot's status in ``chat`` became ``status`` (kicked, left...)."""
        me = self._bot_user()
        old = {"status": "member", "user": me}
        new: dict[str, Any] = {"status": status, "user": me}
        if status == "kicked":
            new["until_date"] = 0
        return self._push(
            {
                "my_chat_member": {
                    "chat": chat,
                    "from": by or self.user(1),
                    "date": int(time.time()),
                    "old_chat_member": old,
                    "new_chat_member": new,
                }
            }
        )

    def upload(self, filename: str, data: bytes, mime_type: str = "text/plain") -> dict[str, Any]:
        """A document the user sends: stored for getFile/download; returns the Document object."""
        n = next(self._ids)
        file_id = f"FILE{n}"
        self.files[file_id] = (f"documents/file_{n}_{filename}", data)
        return {
            "file_id": file_id,
            "file_unique_id": f"U{n}",
            "file_name": filename,
            "mime_type": mime_type,
            "file_size": len(data),
        }

    def callback(self, chat: dict[str, Any], user: dict[str, Any], message_id: int, data: str) -> str:
        """Inject a button press on the bot's message ``message_id``; returns the query id."""
        query_id = f"Q{next(self._ids)}"
        original = self._messages.get((chat["id"], message_id))
        message = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": chat,
            "from": self._bot_user(),
            "text": original.text if original else "old message",
        }
        if original and original.thread_id:
            message["message_thread_id"] = original.thread_id
            message["is_topic_message"] = True
        self._push(
            {"callback_query": {"id": query_id, "from": user, "chat_instance": "ci", "data": data, "message": message}}
        )
        return query_id

    # -- observation ---------------------------------------------------------------------------
    async def wait_for(self, predicate: Any, within: float = 10.0) -> Any:
        """Wait until ``predicate(self)`` is truthy and return its value; TimeoutError otherwise."""
        async with asyncio.timeout(within):
            async with self._changed:
                while True:
                    value = predicate(self)
                    if value:
                        return value
                    await self._changed.wait()

    async def wait_sent(self, chat_id: int, count: int = 1, *, after: int = 0, within: float = 10.0) -> list[Sent]:
        """The first ``count`` messages sent to ``chat_id`` after index ``after`` of ``sent``."""

        def ready(fake: FakeTelegram) -> list[Sent] | None:
            items = [s for s in fake.sent[after:] if s.chat_id == chat_id]
            return items[:count] if len(items) >= count else None

        return await self.wait_for(ready, within)

    def message_by_id(self, chat_id: int, message_id: int) -> Sent | None:
        return self._messages.get((chat_id, message_id))

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    # -- the API -------------------------------------------------------------------------------
    def _bot_user(self) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "newsbot",
            "username": self.username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def _params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        if request.can_read_body:
            ctype = request.content_type
            if ctype == "application/json":
                params.update(await request.json())
            else:
                post = await request.post()
                for key, value in post.items():
                    params[key] = value
        return params

    @staticmethod
    def _json(value: Any) -> Any:
        if isinstance(value, str) and value[:1] in ("{", "["):
            return json.loads(value)
        return value

    def _error(self, method: str, code: int, description: str, parameters: dict[str, Any] | None = None) -> web.Response:
        self.errors.append((method, code, description))
        body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
        if parameters:
            body["parameters"] = parameters
        return web.json_response(body, status=code)

    async def _api(self, request: web.Request) -> web.Response:
        if self.outage == "5xx":
            self.outage_answers += 1
            return web.Response(status=502, text="<html><head><title>502 Bad Gateway</title></head>"
                                "<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>",
                                content_type="text/html")
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        method = request.match_info["method"]
        params = await self._params(request)
        self.calls.append(method)
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            return self._error(method, 404, "Not Found")
        if method in SEND_METHODS:
            refused = self._check_chat(method, params)
            if refused is not None:
                return refused
            delay = self.slow_chats.get(_int(params.get("chat_id")) or 0)
            if delay:
                await asyncio.sleep(delay)
            if self.rate_per_second:
                now = time.monotonic()
                while self._send_times and now - self._send_times[0] > 1.0:
                    self._send_times.popleft()
                if len(self._send_times) >= self.rate_per_second:
                    self.too_many += 1
                    return self._error(
                        method,
                        429,
                        f"Too Many Requests: retry after {self.retry_after}",
                        {"retry_after": self.retry_after},
                    )
                self._send_times.append(now)
        try:
            result = await handler(params)
        except ParseError as exc:
            return self._error(method, 400, f"Bad Request: {exc}")
        except _ApiError as exc:
            return self._error(method, exc.code, exc.description)
        await self._notify()
        return web.json_response({"ok": True, "result": result})

    def _check_chat(self, method: str, params: dict[str, Any]) -> web.Response | None:
        chat_id = _int(params.get("chat_id"))
        if chat_id in self.blocked:
            return self._error(method, 403, self.blocked[chat_id])
        if chat_id in self.migrated:
            return self._error(
                method,
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": self.migrated[chat_id]},
            )
        if chat_id not in self.chats:
            return self._error(method, 400, "Bad Request: chat not found")
        return None

    async def _file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return web.Response(status=401)
        path = request.match_info["path"]
        for stored_path, data in self.files.values():
            if stored_path == path:
                return web.Response(body=data)
        return web.Response(status=404)

    async def _m_getMe(self, params: dict[str, Any]) -> Any:
        return self._bot_user()

    async def _m_deleteWebhook(self, params: dict[str, Any]) -> Any:
        self.webhook = {}
        return True

    async def _m_setWebhook(self, params: dict[str, Any]) -> Any:
        self.webhook = {"url": params.get("url"), "secret_token": params.get("secret_token")}
        return True

    async def _m_getUpdates(self, params: dict[str, Any]) -> Any:
        offset = _int(params.get("offset")) or 0
        limit = _int(params.get("limit")) or 100
        timeout = float(params.get("timeout") or 0)
        if offset and not self.lose_confirmations:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        if offset:
            self.confirmed = max(self.confirmed, offset - 1)

        def visible() -> list[dict[str, Any]]:
            return [u for u in self._updates if u["update_id"] >= offset]

        if not visible() and timeout > 0:
            self._new_update.clear()
            try:
                async with asyncio.timeout(min(timeout, 0.5)):  # short polls keep test shutdown quick
                    await self._new_update.wait()
            except TimeoutError:
                pass
        batch = visible()[:limit]
        self.delivered.extend(u["update_id"] for u in batch)
        return batch

    async def _m_setMyCommands(self, params: dict[str, Any]) -> Any:
        commands = self._json(params.get("commands"))
        for c in commands:
            if not re.match(r"^[a-z0-9_]{1,32}$", c["command"]):
                raise _ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(c["description"]) <= 256:
                raise _ApiError(400, "Bad Request: command description is invalid")
        scope = self._json(params.get("scope")) or {"type": "default"}
        key = (scope["type"], _int(scope.get("chat_id")), params.get("language_code") or "")
        self.commands[key] = commands
        return True

    async def _m_getChatMember(self, params: dict[str, Any]) -> Any:
        self.chat_member_calls += 1
        chat_id, user_id = _int(params.get("chat_id")), _int(params.get("user_id"))
        if chat_id not in self.chats:
            raise _ApiError(400, "Bad Request: chat not found")
        user = self.user(user_id or 0)
        if (chat_id, user_id) in self.chat_admins:
            return {"status": "administrator", "user": user, "can_be_edited": False, "is_anonymous": False,
                    "can_manage_chat": True, "can_delete_messages": True, "can_manage_video_chats": True,
                    "can_restrict_members": True, "can_promote_members": False, "can_change_info": True,
                    "can_invite_users": True, "can_post_stories": False, "can_edit_stories": False,
                    "can_delete_stories": False}
        return {"status": "member", "user": user}

    async def _m_answerCallbackQuery(self, params: dict[str, Any]) -> Any:
        self.callback_answers[str(params.get("callback_query_id"))] = {
            "text": params.get("text"),
            "show_alert": str(params.get("show_alert")).lower() == "true",
        }
        return True

    def _message_result(self, sent: Sent) -> dict[str, Any]:
        result: dict[str, Any] = {
            "message_id": sent.message_id,
            "date": int(time.time()),
            "chat": self.chats[sent.chat_id],
            "from": self._bot_user(),
        }
        if sent.document:
            result["document"] = {"file_id": f"D{sent.message_id}", "file_unique_id": f"D{sent.message_id}",
                                  "file_name": sent.document[0], "file_size": len(sent.document[1])}
            if sent.document_type:
                result["document"]["mime_type"] = sent.document_type
            if sent.text:
                result["caption"] = sent.text
        else:
            result["text"] = sent.text
        if sent.reply_markup:
            result["reply_markup"] = sent.reply_markup
        if sent.thread_id:
            result["message_thread_id"] = sent.thread_id
            result["is_topic_message"] = True
        return result

    def _parse_text(self, params: dict[str, Any], key: str = "text") -> tuple[str, str]:
        raw = str(params.get(key) or "")
        plain = parse_html(raw) if str(params.get("parse_mode") or "").upper() == "HTML" else raw
        plain = plain.strip()
        if key == "text" and not plain:
            raise _ApiError(400, "Bad Request: message text is empty")
        limit = 4096 if key == "text" else 1024
        if utf16_len(plain) > limit:
            raise _ApiError(400, "Bad Request: message is too long" if key == "text" else "Bad Request: message caption is too long")
        return raw, plain

    async def _m_sendMessage(self, params: dict[str, Any]) -> Any:
        raw, plain = self._parse_text(params)
        chat_id = _int(params["chat_id"])
        assert chat_id is not None
        thread = _int(params.get("message_thread_id"))
        if thread and not self.chats[chat_id].get("is_forum"):
            raise _ApiError(400, "Bad Request: message thread not found")
        sent = Sent(
            "sendMessage",
            chat_id,
            plain,
            raw,
            next(self._message_ids),
            params.get("parse_mode"),
            self._json(params.get("reply_markup")),
            thread,
        )
        self.sent.append(sent)
        self._messages[(chat_id, sent.message_id)] = sent
        return self._message_result(sent)

    async def _m_editMessageText(self, params: dict[str, Any]) -> Any:
        raw, plain = self._parse_text(params)
        chat_id, message_id = _int(params.get("chat_id")), _int(params.get("message_id"))
        old = self._messages.get((chat_id or 0, message_id or 0))
        if old is None:
            raise _ApiError(400, "Bad Request: message to edit not found")
        markup = self._json(params.get("reply_markup"))
        if old.text == plain and old.reply_markup == markup:
            raise _ApiError(400, "Bad Request: message is not modified")
        sent = Sent("editMessageText", old.chat_id, plain, raw, old.message_id, params.get("parse_mode"), markup, old.thread_id)
        self.sent.append(sent)
        self._messages[(old.chat_id, old.message_id)] = sent
        return self._message_result(sent)

    async def _m_getFile(self, params: dict[str, Any]) -> Any:
        file_id = str(params.get("file_id"))
        if file_id not in self.files:
            raise _ApiError(400, "Bad Request: invalid file_id")
        path, data = self.files[file_id]
        return {"file_id": file_id, "file_unique_id": "U" + file_id, "file_size": len(data), "file_path": path}

    async def _m_sendDocument(self, params: dict[str, Any]) -> Any:
        chat_id = _int(params["chat_id"])
        assert chat_id is not None
        doc = params.get("document")
        mime = None
        if hasattr(doc, "file"):  # a multipart upload
            name, data, mime = doc.filename, doc.file.read(), doc.content_type
        elif isinstance(doc, str) and doc.startswith("attach://"):
            part = params.get(doc[len("attach://"):])
            if not hasattr(part, "file"):
                raise _ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
            name, data, mime = part.filename, part.file.read(), part.content_type
        else:
            raise _ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        if not data:
            raise _ApiError(400, "Bad Request: file must be non-empty")
        if len(data) > UPLOAD_MAX:
            raise _ApiError(413, "Request Entity Too Large")
        thread = _int(params.get("message_thread_id"))
        if thread and not self.chats[chat_id].get("is_forum"):
            raise _ApiError(400, "Bad Request: message thread not found")
        caption = ""
        if params.get("caption"):
            _, caption = self._parse_text(params, "caption")
        sent = Sent("sendDocument", chat_id, caption, str(params.get("caption") or ""), next(self._message_ids),
                    params.get("parse_mode"), self._json(params.get("reply_markup")), thread, (name, data), mime)
        self.sent.append(sent)
        self._messages[(chat_id, sent.message_id)] = sent
        return self._message_result(sent)

    def documents(self, chat_id: int) -> list[Sent]:
        """Every document sent to ``chat_id``, oldest first."""
        return [s for s in self.sent if s.chat_id == chat_id and s.document is not None]


class _ApiError(Exception):
    def __init__(self, code: int, description: str) -> None:
        super().__init__(description)
        self.code = code
        self.description = description


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# -- a running bot against the fake ------------------------------------------------------------
ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent.parent


@contextlib.asynccontextmanager
async def running_bot(
    tmp_path: Any, *, env: dict[str, str] | None = None, config: str = "", fake: FakeTelegram | None = None
) -> AsyncIterator[tuple[FakeTelegram, Any]]:
    """Start the fake API and the real adapter (``bot.telegram.serve``) on a temporary database.

    Yields ``(fake, app)``; on exit the bot is stopped (bounded in time) and everything closed.
    """
    from bot.app import create_app
    from bot.settings import load_settings
    from bot.telegram import serve

    fake = fake or FakeTelegram()
    await fake.start()
    tmp_path.mkdir(parents=True, exist_ok=True)
    config_file = tmp_path / "newsbot-test.toml"
    config_file.write_text("[telegram]\ngroup_messages_per_minute = 6000\n" + config, encoding="utf-8")
    environ = {
        "NEWSBOT_DATABASE": str(tmp_path / "newsbot.db"),
        "NEWSBOT_SEEDS_DIR": str(ROOT / "seeds"),
        "NEWSBOT_CONFIG": str(config_file),
        "TELEGRAM_BOT_TOKEN": fake.token,
        "TELEGRAM_API_BASE_URL": fake.root,
        "NEWSBOT_ADMINS": "telegram:42",
    }
    environ.update(env or {})
    app = await create_app(load_settings(environ))
    app.registry.limiter.per_minute = 0
    stop = asyncio.Event()
    task = asyncio.create_task(serve(app, stop))
    try:
        async with asyncio.timeout(15):
            while "telegram" not in app.services.get("senders", {}):
                if task.done():
                    task.result()  # raises the adapter's start-up error
                    raise RuntimeError("the adapter stopped during start-up")
                await asyncio.sleep(0.02)
        yield fake, app
    finally:
        stop.set()
        try:
            async with asyncio.timeout(15):
                await task
        finally:
            if not task.done():
                task.cancel()
            await app.close()
            await fake.close()
