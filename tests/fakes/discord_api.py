"""A small fake of Discord's REST API and websocket gateway, for end-to-end tests of bot.discord.

aiohttp on 127.0.0.1 (random port). It serves what discord.py needs to log in, connect and answer
interactions: ``/users/@me``, ``/oauth2/applications/@me``, ``/gateway/bot``, a v10 gateway
(HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeats and ACKs), ``PUT`` application commands
(global and per guild), the interaction callback and webhook (follow-up, edit) endpoints, channel
messages, forum posts and attachment downloads. Multipart uploads (``payload_json`` + ``files[n]``) are
accepted on every message endpoint, checked (declared in ``attachments``, at most 10 MB) and kept in
``uploads`` and in the message's ``attachments``, downloadable like a user's file. Every message body is checked against Discord's
limits and refused with its 400 "Invalid Form Body" (code 50035); channel sends answer 429 with
``retry_after`` and the ``X-RateLimit-*`` headers past a configurable rate. Tests inject
interactions and DMs with ``interact`` / ``dm_message`` and read what the bot sent.

Outages: ``go_down("refuse")`` closes the gateway (1001 going away) and stops listening, so every
connection is refused; ``go_down("5xx")`` closes the gateway and answers every request 503;
``come_back()`` serves again on the same port (state kept; ``ready`` is set again on the next
IDENTIFY). A RESUME is answered with INVALID_SESSION, so the client identifies afresh.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

BOT_ID = 900000000000000001
APP_ID = 900000000000000002
GUILD_ID = 900000000000000100
TEXT_CHANNEL = 900000000000000200
FORUM_CHANNEL = 900000000000000201
THREAD_CHANNEL = 900000000000000202
HIDDEN_CHANNEL = 900000000000000203  # exists, but the bot lost its permission: 403
FORUM_POST = 900000000000000204  # a post (thread) in the forum channel
ADMIN_USER = 900000000000000300
PLAIN_USER = 900000000000000301

MANAGE_CHANNELS = 1 << 4
ADMINISTRATOR = 1 << 3
SEND = (1 << 10) | (1 << 11) | (1 << 14) | (1 << 16)  # view, send, embed links, read history
_COMMAND_NAME = re.compile(r"^[-_\w]{1,32}$")
UPLOAD_MAX = 10 * 1024 * 1024  # a bot's upload limit in a server without boosts
UPLOADS_PER_MESSAGE = 10

LIMITS = {
    "content": 2000,
    "embeds": 10,
    "embed_title": 256,
    "embed_description": 4096,
    "fields": 25,
    "field_name": 256,
    "field_value": 1024,
    "footer": 2048,
    "author": 256,
    "embed_total": 6000,
    "rows": 5,
    "buttons_per_row": 5,
    "custom_id": 100,
    "label": 80,
}


def _json(data: Any, *, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    """JSON with exactly ``Content-Type: application/json``, as Discord sends it (discord.py checks it)."""
    return web.Response(body=json.dumps(data).encode(), status=status, headers={**(headers or {}), "Content-Type": "application/json"})


def _user(uid: int, name: str, bot: bool = False) -> dict[str, Any]:
    return {"id": str(uid), "username": name, "discriminator": "0", "global_name": name, "avatar": None, "bot": bot}


def embed_size(embed: dict[str, Any]) -> int:
    """Characters Discord counts toward the 6000 per message."""
    n = len(embed.get("title") or "") + len(embed.get("description") or "")
    n += len((embed.get("footer") or {}).get("text") or "") + len((embed.get("author") or {}).get("name") or "")
    for f in embed.get("fields") or []:
        n += len(f.get("name") or "") + len(f.get("value") or "")
    return n


def validate_message(body: dict[str, Any]) -> dict[str, Any]:
    """Discord's form errors for a message body (empty when it is valid)."""
    errors: dict[str, Any] = {}

    def err(path: str, msg: str) -> None:
        errors[path] = {"_errors": [{"code": "BASE_TYPE_MAX_LENGTH", "message": msg}]}

    content = body.get("content") or ""
    if len(content) > LIMITS["content"]:
        err("content", "Must be 2000 or fewer in length.")
    embeds = body.get("embeds") or []
    if len(embeds) > LIMITS["embeds"]:
        err("embeds", "Must be 10 or fewer in length.")
    total = 0
    for i, e in enumerate(embeds):
        size = embed_size(e)
        total += size
        if not size and not e.get("image") and not e.get("thumbnail"):
            err(f"embeds.{i}", "Embed is empty.")
        if len(e.get("title") or "") > LIMITS["embed_title"]:
            err(f"embeds.{i}.title", "Must be 256 or fewer in length.")
        if len(e.get("description") or "") > LIMITS["embed_description"]:
            err(f"embeds.{i}.description", "Must be 4096 or fewer in length.")
        if len((e.get("footer") or {}).get("text") or "") > LIMITS["footer"]:
            err(f"embeds.{i}.footer.text", "Must be 2048 or fewer in length.")
        fields = e.get("fields") or []
        if len(fields) > LIMITS["fields"]:
            err(f"embeds.{i}.fields", "Must be 25 or fewer in length.")
        for j, f in enumerate(fields):
            if not (f.get("name") or "").strip() or len(f["name"]) > LIMITS["field_name"]:
                err(f"embeds.{i}.fields.{j}.name", "Must be between 1 and 256 in length.")
            if not (f.get("value") or "").strip() or len(f["value"]) > LIMITS["field_value"]:
                err(f"embeds.{i}.fields.{j}.value", "Must be between 1 and 1024 in length.")
        url = e.get("url")
        if url and not re.match(r"^https?://", url):
            err(f"embeds.{i}.url", "Not a well formed URL.")
    if total > LIMITS["embed_total"]:
        err("embeds", "Embed size exceeds maximum size of 6000")
    rows = body.get("components") or []
    if len(rows) > LIMITS["rows"]:
        err("components", "Must be 5 or fewer in length.")
    seen: set[str] = set()
    for r, row in enumerate(rows):
        buttons = row.get("components") or []
        if not buttons or len(buttons) > LIMITS["buttons_per_row"]:
            err(f"components.{r}.components", "Must be between 1 and 5 in length.")
        for c, b in enumerate(buttons):
            cid = b.get("custom_id")
            if b.get("style") != 5 and (not cid or len(cid) > LIMITS["custom_id"]):
                err(f"components.{r}.components.{c}.custom_id", "Must be between 1 and 100 in length.")
            if cid in seen:
                err(f"components.{r}.components.{c}.custom_id", "Component custom id cannot be duplicated")
            seen.add(cid)
            if len(b.get("label") or "") > LIMITS["label"]:
                err(f"components.{r}.components.{c}.label", "Must be 80 or fewer in length.")
    if not content and not embeds and not body.get("components") and not body.get("attachments") and "flags" not in body:
        err("content", "Cannot send an empty message")
    return errors


def validate_commands(commands: list[dict[str, Any]]) -> dict[str, Any]:
    errors: dict[str, Any] = {}
    if len(commands) > 100:
        errors["_errors"] = [{"code": "MAX", "message": "Must be 100 or fewer in length."}]

    def check(path: str, item: dict[str, Any], depth: int) -> None:
        name = item.get("name") or ""
        if not _COMMAND_NAME.match(name) or name != name.lower():
            errors[f"{path}.name"] = {"_errors": [{"code": "APPLICATION_COMMAND_INVALID_NAME", "message": "Invalid name"}]}
        desc = item.get("description") or ""
        if not 1 <= len(desc) <= 100:
            errors[f"{path}.description"] = {"_errors": [{"code": "BASE_TYPE_BAD_LENGTH", "message": "Must be between 1 and 100 in length."}]}
        for loc in (item.get("description_localizations") or {}, item.get("name_localizations") or {}):
            if "ar" in loc:
                errors[f"{path}.localizations"] = {"_errors": [{"code": "LOCALE_INVALID", "message": "Invalid locale ar"}]}
        options = item.get("options") or []
        if len(options) > 25:
            errors[f"{path}.options"] = {"_errors": [{"code": "MAX", "message": "Must be 25 or fewer in length."}]}
        required_done = False
        for k, opt in enumerate(options):
            if opt.get("type") in (1, 2):
                if depth >= 2:
                    errors[f"{path}.options.{k}"] = {"_errors": [{"code": "DEPTH", "message": "Too deep"}]}
                check(f"{path}.options.{k}", opt, depth + 1)
                continue
            check(f"{path}.options.{k}", opt, 3)
            if opt.get("required"):
                if required_done:
                    errors[f"{path}.options.{k}.required"] = {"_errors": [{"code": "ORDER", "message": "Required options must be placed before non-required options"}]}
            else:
                required_done = True

    names: set[str] = set()
    for i, c in enumerate(commands):
        check(str(i), c, 1)
        if c.get("name") in names:
            errors[f"{i}.name"] = {"_errors": [{"code": "DUPLICATE", "message": "Application command names must be unique"}]}
        names.add(c.get("name"))
    return errors


@dataclass
class InteractionRecord:
    """One injected interaction and everything the bot answered to it."""

    id: int
    token: str
    payload: dict[str, Any]
    callbacks: list[dict[str, Any]] = field(default_factory=list)
    messages: list[dict[str, Any]] = field(default_factory=list)  # the response and follow-ups, as sent/edited
    edits: list[dict[str, Any]] = field(default_factory=list)
    answered_after: float | None = None  # seconds from injection to the first callback
    event: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def choices(self) -> list[dict[str, Any]]:
        for cb in self.callbacks:
            if cb["type"] == 8:
                return cb["data"]["choices"]
        return []


class FakeDiscord:
    """The fake server. ``await start()`` returns the root URL to put in DISCORD_API_BASE_URL."""

    def __init__(
        self,
        *,
        token: str = "fake-token",
        rate_limit: tuple[int, float] | None = None,
        advertise_limits: bool = True,
        heartbeat_interval: int = 45000,
    ) -> None:
        self.token = token
        self.rate_limit = rate_limit
        self.advertise_limits = advertise_limits
        self.heartbeat_interval = heartbeat_interval
        self._ids = itertools.count(910000000000000000)
        self.commands: dict[int | None, list[dict[str, Any]]] = {}
        self.command_puts: list[tuple[int | None, list[dict[str, Any]]]] = []
        self.channels: dict[int, dict[str, Any]] = {}
        self.forbidden: set[int] = {HIDDEN_CHANNEL}
        self.fail: dict[int, tuple[int, int, str]] = {}  # channel → (status, code, message) for every send
        self.messages: dict[int, list[dict[str, Any]]] = defaultdict(list)
        self.threads_created: list[dict[str, Any]] = []
        self.interactions: dict[int, InteractionRecord] = {}
        self._by_token: dict[str, InteractionRecord] = {}
        self.attachments: dict[int, tuple[str, bytes]] = {}
        self.invalid_bodies: list[dict[str, Any]] = []
        self.uploads: list[dict[str, Any]] = []  # every file the bot uploaded: channel, filename, data, content_type
        self.rate_limited = 0
        self.requests: list[tuple[str, str]] = []
        self.identify: dict[str, Any] | None = None
        self.heartbeats = 0
        self.ready = asyncio.Event()
        self.sent = asyncio.Condition()
        self._ws: web.WebSocketResponse | None = None
        self._seq = 0
        self._buckets: dict[str, deque[float]] = defaultdict(deque)
        self._runner: web.AppRunner | None = None
        self.root = ""
        self.outage: str | None = None  # "refuse" or "5xx" while down
        self.outage_answers = 0  # requests answered 503 while down
        self._add_channels()

    # ------------------------------------------------------------ setup

    def _add_channels(self) -> None:
        g = str(GUILD_ID)
        self.channels[TEXT_CHANNEL] = {"id": str(TEXT_CHANNEL), "type": 0, "guild_id": g, "name": "news", "position": 0}
        self.channels[FORUM_CHANNEL] = {
            "id": str(FORUM_CHANNEL), "type": 15, "guild_id": g, "name": "digests", "position": 1,
            "available_tags": [], "flags": 0,
        }
        self.channels[HIDDEN_CHANNEL] = {"id": str(HIDDEN_CHANNEL), "type": 0, "guild_id": g, "name": "secret", "position": 2}
        self.channels[THREAD_CHANNEL] = {
            "id": str(THREAD_CHANNEL), "type": 11, "guild_id": g, "name": "talk", "parent_id": str(TEXT_CHANNEL),
            "owner_id": str(PLAIN_USER), "thread_metadata": {"archived": False, "auto_archive_duration": 1440,
                                                            "archive_timestamp": "2026-01-01T00:00:00+00:00", "locked": False},
            "message_count": 0, "member_count": 1, "rate_limit_per_user": 0, "flags": 0,
        }

        self.channels[FORUM_POST] = {
            **self.channels[THREAD_CHANNEL], "id": str(FORUM_POST), "name": "a post", "parent_id": str(FORUM_CHANNEL),
        }

    def new_id(self) -> int:
        return next(self._ids)

    async def start(self) -> str:
        await self._listen(0)
        return self.root

    async def _listen(self, port: int) -> None:
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_get("/gateway", self._gateway)
        app.router.add_get("/attachments/{id}/{name}", self._attachment)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._api)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        port = self._runner.addresses[0][1]
        self.root = f"http://127.0.0.1:{port}"

    async def close(self) -> None:
        if self._ws is not None and not self._ws.closed:
            await self._ws.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def go_down(self, mode: str = "refuse") -> None:
        """Become unreachable: ``refuse`` connections, or answer ``5xx`` (503) to everything; the gateway closes."""
        assert mode in ("refuse", "5xx"), mode
        self.outage = mode
        self.ready.clear()
        if self._ws is not None and not self._ws.closed:
            await self._ws.close(code=1001, message=b"going away")
        if mode == "refuse" and self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def come_back(self) -> None:
        """Serve again (same port) after ``go_down``."""
        mode, self.outage = self.outage, None
        if mode == "refuse":
            await self._listen(int(self.root.rsplit(":", 1)[1]))

    # ------------------------------------------------------------ gateway

    async def _gateway(self, request: web.Request) -> web.StreamResponse:
        if self.outage == "5xx":
            self.outage_answers += 1
            return web.Response(status=503, text="upstream connect error")
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._ws = ws
        self._seq = 0
        await ws.send_json({"op": 10, "d": {"heartbeat_interval": self.heartbeat_interval}, "s": None, "t": None})
        async for msg in ws:
            if msg.type != WSMsgType.TEXT:
                continue
            data = json.loads(msg.data)
            op = data.get("op")
            if op == 1:
                self.heartbeats += 1
                await ws.send_json({"op": 11, "d": None, "s": None, "t": None})
            elif op == 6:  # RESUME: this fake keeps no sessions; the client must identify again
                await ws.send_json({"op": 9, "d": False, "s": None, "t": None})
            elif op == 2:
                self.identify = data["d"]
                if data["d"].get("token") != self.token:
                    await ws.close(code=4004, message=b"Authentication failed.")
                    break
                await self._dispatch("READY", {
                    "v": 10, "user": _user(BOT_ID, "newsbot", bot=True), "guilds": [{"id": str(GUILD_ID), "unavailable": True}],
                    "session_id": "fake-session", "resume_gateway_url": f"{self.root.replace('http', 'ws')}/gateway",
                    "application": {"id": str(APP_ID), "flags": 0}, "private_channels": [], "relationships": [],
                    "shard": [0, 1],
                })
                await self._dispatch("GUILD_CREATE", self._guild())
                self.ready.set()
        return ws

    def _guild(self) -> dict[str, Any]:
        everyone = {"id": str(GUILD_ID), "name": "@everyone", "permissions": str(SEND), "position": 0, "color": 0,
                    "hoist": False, "managed": False, "mentionable": False, "flags": 0}
        channels = [c for c in self.channels.values() if c["type"] != 11]
        threads = [c for c in self.channels.values() if c["type"] == 11]
        return {
            "id": str(GUILD_ID), "name": "Test server", "icon": None, "owner_id": str(ADMIN_USER), "roles": [everyone],
            "channels": channels, "threads": threads, "members": [], "member_count": 2, "emojis": [], "stickers": [],
            "features": [], "large": False, "unavailable": False, "verification_level": 0, "default_message_notifications": 0,
            "explicit_content_filter": 0, "mfa_level": 0, "nsfw_level": 0, "premium_tier": 0, "preferred_locale": "en-US",
            "system_channel_flags": 0, "joined_at": "2026-01-01T00:00:00+00:00", "voice_states": [], "presences": [],
            "stage_instances": [], "guild_scheduled_events": [], "soundboard_sounds": [],
        }

    async def _dispatch(self, event: str, data: dict[str, Any]) -> None:
        assert self._ws is not None, "the bot is not connected to the gateway"
        self._seq += 1
        await self._ws.send_json({"op": 0, "t": event, "s": self._seq, "d": data})

    # ------------------------------------------------------------ injection

    async def interact(
        self,
        kind: int,
        data: dict[str, Any],
        *,
        user: int = PLAIN_USER,
        channel: int | None = TEXT_CHANNEL,
        permissions: int = SEND,
        message: dict[str, Any] | None = None,
        locale: str = "en-US",
    ) -> InteractionRecord:
        """Send an INTERACTION_CREATE (2 command, 3 component, 4 autocomplete); channel None = the bot's DM."""
        iid = self.new_id()
        token = f"itok{iid}"
        payload: dict[str, Any] = {
            "id": str(iid), "application_id": str(APP_ID), "type": kind, "data": data, "token": token, "version": 1,
            "locale": locale, "app_permissions": str(SEND), "entitlements": [], "attachment_size_limit": 10 * 1024 * 1024, "authorizing_integration_owners": {"0": str(GUILD_ID)},
        }
        if channel is None:
            dm = self.dm_channel_id(user)
            payload["channel_id"] = str(dm)
            payload["channel"] = {"id": str(dm), "type": 1, "recipients": [_user(user, f"user{user}")]}
            payload["user"] = _user(user, f"user{user}")
            payload["context"] = 1
        else:
            ch = self.channels[channel]
            payload["guild_id"] = str(GUILD_ID)
            payload["guild_locale"] = "en-US"
            payload["channel_id"] = str(channel)
            payload["channel"] = dict(ch)
            payload["context"] = 0
            payload["member"] = {"user": _user(user, f"user{user}"), "roles": [], "joined_at": "2026-01-01T00:00:00+00:00",
                                 "deaf": False, "mute": False, "flags": 0, "permissions": str(permissions), "nick": None}
        if message is not None:
            payload["message"] = message
        record = InteractionRecord(iid, token, payload)
        record.payload["_sent_at"] = time.monotonic()
        self.interactions[iid] = record
        self._by_token[token] = record
        await self._dispatch("INTERACTION_CREATE", {k: v for k, v in payload.items() if not k.startswith("_")})
        return record

    async def slash(self, name: str, options: list[dict[str, Any]] | None = None, *, resolved: dict[str, Any] | None = None,
                    **kw: Any) -> InteractionRecord:
        scope = next(iter(self.commands.values()), [])
        cmd = next((c for c in scope if c["name"] == name), None)
        data: dict[str, Any] = {"id": str(cmd["id"]) if cmd else "1", "name": name, "type": 1, "options": options or []}
        if resolved:
            data["resolved"] = resolved
        return await self.interact(2, data, **kw)

    async def click(self, message: dict[str, Any], custom_id: str, **kw: Any) -> InteractionRecord:
        return await self.interact(3, {"custom_id": custom_id, "component_type": 2}, message=message, **kw)

    def add_attachment(self, filename: str, data: bytes, content_type: str = "text/plain") -> dict[str, Any]:
        aid = self.new_id()
        self.attachments[aid] = (filename, data)
        url = f"{self.root}/attachments/{aid}/{filename}"
        return {"id": str(aid), "filename": filename, "size": len(data), "url": url, "proxy_url": url,
                "content_type": content_type}

    def dm_channel_id(self, user: int) -> int:
        return user + 7

    async def dm_message(self, user: int, content: str, attachments: list[dict[str, Any]] | None = None) -> None:
        """A direct message from ``user`` to the bot (MESSAGE_CREATE without guild)."""
        dm = self.dm_channel_id(user)
        await self._dispatch("MESSAGE_CREATE", {
            "id": str(self.new_id()), "channel_id": str(dm), "author": _user(user, f"user{user}"), "content": content,
            "timestamp": "2026-01-01T00:00:00+00:00", "edited_timestamp": None, "tts": False, "mention_everyone": False,
            "mentions": [], "mention_roles": [], "attachments": attachments or [], "embeds": [], "pinned": False, "type": 0,
            "flags": 0, "components": [],
        })

    async def wait_for(self, predicate: Any, limit: float = 10.0) -> None:
        async with self.sent:
            await asyncio.wait_for(self.sent.wait_for(predicate), limit)

    async def wait_answer(self, record: InteractionRecord, n: int = 1, limit: float = 15.0) -> list[dict[str, Any]]:
        """The first ``n`` messages sent for ``record`` (waits until the defer has been filled in)."""
        def done() -> bool:
            msgs = record.messages
            return len(msgs) >= n and all(not m.get("_loading") for m in msgs[:n])
        await self.wait_for(done, limit)
        return record.messages[:n]

    async def _notify(self) -> None:
        async with self.sent:
            self.sent.notify_all()

    # ------------------------------------------------------------ REST

    def _message(self, channel_id: int, body: dict[str, Any], *, author: int = BOT_ID) -> dict[str, Any]:
        return {
            "id": str(self.new_id()), "channel_id": str(channel_id), "author": _user(author, "newsbot", bot=True),
            "content": body.get("content") or "", "embeds": body.get("embeds") or [], "components": body.get("components") or [],
            "attachments": self._store_uploads(channel_id, body.get("_files") or []), "mentions": [], "mention_roles": [],
            "mention_everyone": False, "pinned": False, "tts": False,
            "timestamp": "2026-01-01T00:00:00+00:00", "edited_timestamp": None, "type": 0, "flags": body.get("flags") or 0,
        }

    def _error(self, status: int, code: int, message: str, errors: dict[str, Any] | None = None) -> web.Response:
        body: dict[str, Any] = {"code": code, "message": message}
        if errors:
            body["errors"] = errors
        return _json(body, status=status)

    def _limit(self, bucket: str) -> tuple[web.Response | None, dict[str, str]]:
        """429 past ``rate_limit`` requests per window on ``bucket``; the X-RateLimit headers either way."""
        if self.rate_limit is None:
            return None, {}
        count, window = self.rate_limit
        now = time.monotonic()
        seen = self._buckets[bucket]
        while seen and now - seen[0] >= window:
            seen.popleft()
        reset_after = (window - (now - seen[0])) if seen else window
        if len(seen) >= count:
            self.rate_limited += 1
            headers = {
                "X-RateLimit-Limit": str(count), "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
                "X-RateLimit-Reset-After": f"{reset_after:.3f}", "X-RateLimit-Bucket": bucket, "X-RateLimit-Scope": "user",
                "Retry-After": str(max(1, round(reset_after))), "Via": "1.1 google",
            }
            body = {"message": "You are being rate limited.", "retry_after": round(reset_after, 3), "global": False}
            return _json(body, status=429, headers=headers), {}
        seen.append(now)
        if not self.advertise_limits:
            return None, {}
        return None, {
            "X-RateLimit-Limit": str(count), "X-RateLimit-Remaining": str(count - len(seen)),
            "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}", "X-RateLimit-Reset-After": f"{reset_after:.3f}",
            "X-RateLimit-Bucket": bucket,
        }

    async def _body(self, request: web.Request) -> dict[str, Any]:
        """The JSON body; for a multipart upload, ``payload_json`` plus the uploaded ``files[n]`` parts
        under ``"_files"`` as ``(index, filename, bytes, content type)``."""
        if request.content_type.startswith("multipart/"):
            form = await request.post()
            body = json.loads(form.get("payload_json") or "{}")  # type: ignore[arg-type]
            files = []
            for key, value in form.items():
                m = re.fullmatch(r"files\[(\d+)\]", key)
                if m and hasattr(value, "file"):
                    files.append((int(m.group(1)), value.filename, value.file.read(), value.content_type))
            if files:
                body["_files"] = sorted(files, key=lambda f: f[0])
            return body
        if request.can_read_body:
            return await request.json()
        return {}

    def _check_files(self, body: dict[str, Any]) -> web.Response | None:
        """Discord's answers to a bad upload: too large (40005), or parts the payload does not declare."""
        files = body.get("_files") or []
        if len(files) > UPLOADS_PER_MESSAGE:
            return self._error(400, 50035, "Invalid Form Body", {"files": {"_errors": [{"message": "Must be 10 or fewer in length."}]}})
        for _, name, data, _ in files:
            if len(data) > UPLOAD_MAX:
                return self._error(413, 40005, "Request entity too large")
            if not name:
                return self._error(400, 50035, "Invalid Form Body", {"files": {"_errors": [{"message": "A file needs a name."}]}})
        declared = {str(a.get("id")) for a in body.get("attachments") or [] if "id" in a}
        missing = [index for index, *_ in files if str(index) not in declared]
        if missing:
            return self._error(400, 50035, "Invalid Form Body",
                               {"attachments": {"_errors": [{"message": f"files[{missing[0]}] is not declared in attachments"}]}})
        return None

    def _store_uploads(self, channel_id: int, files: list[tuple[int, str, bytes, str]]) -> list[dict[str, Any]]:
        """Keep uploaded files (downloadable like any attachment) and return their attachment objects."""
        out = []
        for _, name, data, content_type in files:
            aid = self.new_id()
            self.attachments[aid] = (name, data)
            url = f"{self.root}/attachments/{aid}/{name}"
            out.append({"id": str(aid), "filename": name, "size": len(data), "url": url, "proxy_url": url,
                        "content_type": content_type})
            self.uploads.append({"channel": channel_id, "filename": name, "data": data, "content_type": content_type})
        return out

    async def _api(self, request: web.Request) -> web.StreamResponse:
        if self.outage == "5xx":
            self.outage_answers += 1
            return web.Response(status=503, text="upstream connect error or disconnect/reset before headers")
        path = "/" + request.match_info["tail"]
        method = request.method
        self.requests.append((method, path))
        parts = path.strip("/").split("/")
        webhook = parts[0] in ("interactions", "webhooks")
        if not webhook and request.headers.get("Authorization") != f"Bot {self.token}":
            return self._error(401, 0, "401: Unauthorized")
        try:
            response = await self._route(method, parts, request)
        finally:
            await self._notify()
        return response

    async def _route(self, method: str, parts: list[str], request: web.Request) -> web.StreamResponse:
        match (method, parts):
            case ("GET", ["users", "@me"]):
                return _json(_user(BOT_ID, "newsbot", bot=True))
            case ("GET", ["oauth2", "applications", "@me"]):
                return _json({
                    "id": str(APP_ID), "name": "newsbot", "icon": None, "description": "", "bot_public": True,
                    "bot_require_code_grant": False, "owner": _user(ADMIN_USER, "owner"), "verify_key": "00", "flags": 0,
                    "summary": "", "rpc_origins": [], "team": None,
                })
            case ("GET", ["gateway", "bot"]):
                ws = self.root.replace("http://", "ws://") + "/gateway"
                return _json({"url": ws, "shards": 1, "session_start_limit": {
                    "total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}})
            case ("PUT", ["applications", _, "commands"]):
                return await self._put_commands(None, request)
            case ("PUT", ["applications", _, "guilds", guild, "commands"]):
                return await self._put_commands(int(guild), request)
            case ("GET", ["applications", _, "commands"]):
                return _json(self.commands.get(None, []))
            case ("GET", ["applications", _, "guilds", guild, "commands"]):
                return _json(self.commands.get(int(guild), []))
            case ("POST", ["interactions", iid, token, "callback"]):
                return await self._callback(int(iid), token, request)
            case ("POST", ["webhooks", _, token]):
                return await self._followup(token, request)
            case ("PATCH", ["webhooks", _, token, "messages", mid]):
                return await self._edit(token, mid, request)
            case ("GET", ["webhooks", _, token, "messages", mid]):
                record = self._by_token.get(token)
                msg = self._find(record, mid) if record else None
                return _json(msg) if msg else self._error(404, 10008, "Unknown Message")
            case ("DELETE", ["webhooks", _, token, "messages", mid]):
                return web.Response(status=204)
            case ("GET", ["channels", cid]):
                return self._channel(int(cid))
            case ("POST", ["channels", cid, "messages"]):
                return await self._channel_message(int(cid), request)
            case ("PATCH", ["channels", cid, "messages", mid]):
                body = await self._body(request)
                for msg in self.messages.get(int(cid), []):
                    if msg["id"] == mid:
                        msg.update({k: v for k, v in body.items() if k in ("content", "embeds", "components")})
                        return _json(msg)
                return self._error(404, 10008, "Unknown Message")
            case ("POST", ["channels", cid, "threads"]):
                return await self._forum_post(int(cid), request)
            case ("POST", ["users", "@me", "channels"]):
                body = await self._body(request)
                uid = int(body["recipient_id"])
                return _json({"id": str(self.dm_channel_id(uid)), "type": 1, "recipients": [_user(uid, f"user{uid}")]})
        return self._error(404, 0, f"404: Not Found ({method} /{'/'.join(parts)})")

    async def _put_commands(self, guild: int | None, request: web.Request) -> web.Response:
        commands = await request.json()
        errors = validate_commands(commands)
        if errors:
            self.invalid_bodies.append({"commands": commands, "errors": errors})
            return self._error(400, 50035, "Invalid Form Body", errors)
        stored = []
        for c in commands:
            item = {**c, "id": str(self.new_id()), "application_id": str(APP_ID), "version": "1", "type": c.get("type", 1)}
            if guild is not None:
                item["guild_id"] = str(guild)
            stored.append(item)
        self.commands[guild] = stored
        self.command_puts.append((guild, stored))
        return _json(stored)

    async def _callback(self, iid: int, token: str, request: web.Request) -> web.Response:
        record = self.interactions.get(iid)
        if record is None or record.token != token:
            return self._error(404, 10062, "Unknown interaction")
        if record.callbacks:
            return self._error(400, 40060, "Interaction has already been acknowledged.")
        body = await self._body(request)
        kind = body.get("type")
        data = body.get("data") or {}
        if "_files" in body:  # the files of a multipart callback belong to its message
            data["_files"] = body.pop("_files")
        refused = self._check_files(data)
        if refused is not None:
            return refused
        if record.answered_after is None:
            record.answered_after = time.monotonic() - record.payload["_sent_at"]
        if record.answered_after > 3.0:
            return self._error(404, 10062, "Unknown interaction")
        if kind == 8 and len(data.get("choices") or []) > 25:
            return self._error(400, 50035, "Invalid Form Body", {"data.choices": {"_errors": [{"message": "Must be 25 or fewer"}]}})
        if kind in (4, 7):
            errors = validate_message(data)
            if errors:
                self.invalid_bodies.append({"body": data, "errors": errors})
                return self._error(400, 50035, "Invalid Form Body", {"data": errors})
        record.callbacks.append(body)
        response: dict[str, Any] = {"interaction": {"id": str(iid), "type": record.payload["type"]}}
        channel = int(record.payload["channel_id"])
        if kind == 4:
            msg = self._message(channel, data)
            msg["interaction_id"] = str(iid)
            record.messages.append(msg)
            response["interaction"]["response_message_id"] = msg["id"]
            response["resource"] = {"type": 4, "message": msg}
        elif kind == 5:
            msg = self._message(channel, {"flags": (data.get("flags") or 0) | 128})
            msg["_loading"] = True
            record.messages.append(msg)
            response["interaction"]["response_message_id"] = msg["id"]
            response["interaction"]["response_message_loading"] = True
            response["resource"] = {"type": 5, "message": msg}
        elif kind == 7:
            msg = dict(record.payload.get("message") or {})
            msg.update({k: v for k, v in data.items() if k in ("content", "embeds", "components")})
            if data.get("_files"):
                msg["attachments"] = self._store_uploads(channel, data["_files"])
            record.edits.append(msg)
            response["resource"] = {"type": 7, "message": msg}
        elif kind == 6:
            response["resource"] = {"type": 6}
        elif kind == 8:
            response["resource"] = {"type": 8}
        record.event.set()
        return _json(response)

    async def _followup(self, token: str, request: web.Request) -> web.Response:
        record = self._by_token.get(token)
        if record is None:
            return self._error(404, 10015, "Unknown Webhook")
        body = await self._body(request)
        refused = self._check_files(body)
        if refused is not None:
            return refused
        errors = validate_message(body)
        if errors:
            self.invalid_bodies.append({"body": body, "errors": errors})
            return self._error(400, 50035, "Invalid Form Body", errors)
        loading = next((m for m in record.messages if m.get("_loading")), None)
        if loading is not None:  # Discord fills the deferred "thinking" message with the first follow-up
            loading.pop("_loading")
            loading.update(self._message(int(record.payload["channel_id"]), body), id=loading["id"])
            return _json(loading)
        msg = self._message(int(record.payload["channel_id"]), body)
        record.messages.append(msg)
        return _json(msg)

    def _find(self, record: InteractionRecord, mid: str) -> dict[str, Any] | None:
        if mid == "@original":
            if record.messages:
                return record.messages[0]
            return record.edits[-1] if record.edits else record.payload.get("message")
        for m in record.messages:
            if m["id"] == mid:
                return m
        if record.payload.get("message", {}).get("id") == mid:
            return record.edits[-1] if record.edits else record.payload["message"]
        return None

    async def _edit(self, token: str, mid: str, request: web.Request) -> web.Response:
        record = self._by_token.get(token)
        msg = self._find(record, mid) if record else None
        if record is None or msg is None:
            return self._error(404, 10008, "Unknown Message")
        body = await self._body(request)
        refused = self._check_files(body)
        if refused is not None:
            return refused
        errors = validate_message({**{k: msg.get(k) for k in ("content", "embeds", "components")}, **body})
        if errors:
            self.invalid_bodies.append({"body": body, "errors": errors})
            return self._error(400, 50035, "Invalid Form Body", errors)
        msg.pop("_loading", None)
        msg.update({k: v for k, v in body.items() if k in ("content", "embeds", "components")})
        if body.get("_files"):
            msg["attachments"] = self._store_uploads(int(record.payload["channel_id"]), body["_files"])
        record.edits.append(msg)
        return _json(msg)

    def _channel(self, cid: int) -> web.Response:
        if cid in self.forbidden:
            return self._error(403, 50001, "Missing Access")
        ch = self.channels.get(cid)
        if ch is None:
            if cid in {self.dm_channel_id(u) for u in (ADMIN_USER, PLAIN_USER)}:
                return _json({"id": str(cid), "type": 1, "recipients": []})
            return self._error(404, 10003, "Unknown Channel")
        return _json(ch)

    async def _channel_message(self, cid: int, request: web.Request) -> web.Response:
        limited, headers = self._limit(f"messages:{cid}")
        if limited is not None:
            return limited
        if cid in self.forbidden:
            return self._error(403, 50013, "Missing Permissions")
        if cid in self.fail:
            return self._error(*self.fail[cid])
        known_dm = cid in {self.dm_channel_id(u) for u in (ADMIN_USER, PLAIN_USER)}
        ch = self.channels.get(cid)
        if ch is None and not known_dm:
            return self._error(404, 10003, "Unknown Channel")
        if ch is not None and ch["type"] == 15:
            return self._error(400, 220001, "Cannot send messages in a forum channel; create a post")
        body = await self._body(request)
        refused = self._check_files(body)
        if refused is not None:
            return refused
        errors = validate_message(body)
        if errors:
            self.invalid_bodies.append({"body": body, "errors": errors})
            return self._error(400, 50035, "Invalid Form Body", errors)
        msg = self._message(cid, body)
        self.messages[cid].append(msg)
        return _json(msg, headers=headers)

    async def _forum_post(self, cid: int, request: web.Request) -> web.Response:
        ch = self.channels.get(cid)
        if cid in self.forbidden:
            return self._error(403, 50013, "Missing Permissions")
        if ch is None:
            return self._error(404, 10003, "Unknown Channel")
        body = await self._body(request)
        name = body.get("name") or ""
        if not 1 <= len(name) <= 100:
            return self._error(400, 50035, "Invalid Form Body", {"name": {"_errors": [{"message": "Must be between 1 and 100 in length."}]}})
        message = body.get("message") or {}
        if "_files" in body:
            message["_files"] = body.pop("_files")
        refused = self._check_files(message)
        if refused is not None:
            return refused
        errors = validate_message(message)
        if errors:
            self.invalid_bodies.append({"body": message, "errors": errors})
            return self._error(400, 50035, "Invalid Form Body", {"message": errors})
        tid = self.new_id()
        thread = {
            "id": str(tid), "type": 11, "guild_id": str(GUILD_ID), "name": name, "parent_id": str(cid), "owner_id": str(BOT_ID),
            "thread_metadata": {"archived": False, "auto_archive_duration": 1440, "archive_timestamp": "2026-01-01T00:00:00+00:00",
                                "locked": False},
            "message_count": 1, "member_count": 1, "rate_limit_per_user": 0, "flags": 0,
        }
        self.channels[tid] = thread
        msg = self._message(tid, message)
        self.messages[tid].append(msg)
        self.threads_created.append({"forum": cid, "thread": thread, "message": msg})
        return _json({**thread, "message": msg})

    async def _attachment(self, request: web.Request) -> web.Response:
        item = self.attachments.get(int(request.match_info["id"]))
        if item is None:
            return web.Response(status=404)
        return web.Response(body=item[1], content_type="application/octet-stream")


# ------------------------------------------------------------------ running the real bot against the fake


@dataclass
class Harness:
    fake: FakeDiscord
    app: Any
    client: Any
    stop: asyncio.Event
    task: asyncio.Task[Any]


class RunningBot:
    """Start the fake, a real app on a temporary SQLite file and ``bot.discord.serve``; stop all on exit.

    ``before_serve(app)`` may register extra commands before the slash commands are synced.
    """

    def __init__(self, db_path: str, *, env: dict[str, str] | None = None, fake: FakeDiscord | None = None,
                 before_serve: Any = None, **options: Any) -> None:
        self.db_path = db_path
        self.env = env or {}
        self.fake = fake or FakeDiscord()
        self.before_serve = before_serve
        self.options = {"guild_ready_timeout": 0.05, **options}
        self.harness: Harness | None = None

    async def __aenter__(self) -> Harness:
        self.tasks_before = asyncio.all_tasks()
        from bot.app import create_app
        from bot.discord import serve
        from bot.settings import load_settings

        root = await self.fake.start()
        env = {"NEWSBOT_DATABASE": self.db_path, "DISCORD_BOT_TOKEN": self.fake.token, "DISCORD_API_BASE_URL": root,
               "NEWSBOT_ADMINS": f"discord:{ADMIN_USER}", **self.env}
        app = await create_app(load_settings(env))
        app.registry.limiter.per_minute = 0
        if self.before_serve is not None:
            self.before_serve(app)
        stop = asyncio.Event()
        task = asyncio.create_task(serve(app, stop, **self.options))
        ready = asyncio.ensure_future(self.fake.ready.wait())
        await asyncio.wait({task, ready}, timeout=15, return_when=asyncio.FIRST_COMPLETED)
        if task.done():
            ready.cancel()
            await self.fake.close()
            await app.close()
            task.result()
        assert ready.done(), "the bot did not connect to the fake gateway"
        client = app.services["discord_client"]
        await asyncio.wait_for(client.wait_until_ready(), 10)
        for _ in range(1000):  # on_ready (a task of its own) makes the client the sender
            if "discord" in app.services.get("senders", {}):
                break
            await asyncio.sleep(0.01)
        assert "discord" in app.services.get("senders", {}), "the ready client did not become the sender"
        self.harness = Harness(self.fake, app, client, stop, task)
        return self.harness

    async def __aexit__(self, *exc: object) -> None:
        h = self.harness
        assert h is not None
        h.stop.set()
        try:
            await asyncio.wait_for(h.task, 15)
        finally:
            await self.fake.close()
            await h.app.close()
        await asyncio.sleep(0)
        left = [t for t in asyncio.all_tasks() - self.tasks_before if t is not asyncio.current_task() and not t.done()]
        assert not left, f"tasks left running after serve() returned: {left}"
