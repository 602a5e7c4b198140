"""python-telegram-bot handlers: Updates in, ``Request``s to the app, ``Reply``s back as HTML messages.

One ``TelegramBridge`` per running bot holds what the handlers share: the app, the callback codec,
a short cache of "is this user an admin of this chat", and the set of chats already reported gone
(so a blocked chat is logged once). It also provides the platform's ``Sender`` for digests and
/publish.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from telegram import (
    Chat,
    InputFile,
    LinkPreviewOptions,
    Message,
    Update,
)
from telegram.constants import ChatMemberStatus, ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import ContextTypes

from bot.app import App
from bot.commandline import parse_command
from bot.senders import ChatGone, SendFailed
from bot.telegram.callbacks import CallbackCodec, StaleButton
from bot.telegram.render import render_html, render_plain
from handlers.core import Attachment, Reply, Request

log = logging.getLogger(__name__)

PLATFORM = "telegram"
# Commands that act on the whole chat: in groups and channels they need the user to manage the chat.
CHAT_ADMIN_COMMANDS = frozenset({"lang", "subscribe", "unsubscribe"})
MEMBER_CACHE_SECONDS = 60.0
MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # the Bot API's download limit
# Telegram descriptions of a chat the bot can no longer write to.
_GONE_MARKERS = (
    "chat not found",
    "bot was blocked",
    "bot was kicked",
    "user is deactivated",
    "not a member",
    "have no rights",
    "not enough rights",
    "chat_write_forbidden",
    "need administrator rights",
    "group chat was deactivated",
    "peer_id_invalid",
)
_ANONYMOUS_ADMIN = 1087968824  # GroupAnonymousBot: messages of anonymous group admins


def chat_type(chat: Chat) -> str:
    if chat.type == Chat.PRIVATE:
        return "private"
    if chat.type == Chat.CHANNEL:
        return "channel"
    return "group"


def is_unreachable(error: BaseException) -> bool:
    """Connection refused or reset, timeout, HTTP 5xx: Telegram, not the request, is the problem."""
    if isinstance(error, NetworkError):  # BadRequest (and ChatMigrated's kin) subclass NetworkError in PTB
        return not isinstance(error, BadRequest)
    return isinstance(error, OSError | TimeoutError)


def is_gone(error: TelegramError) -> bool:
    if isinstance(error, Forbidden):
        return True
    text = str(error).lower()
    return isinstance(error, BadRequest) and any(m in text for m in _GONE_MARKERS)


class TelegramBridge:
    def __init__(self, app: App, codec: CallbackCodec) -> None:
        self.app = app
        self.codec = codec
        self.bot: Any = None  # telegram.Bot, set when the application is initialised
        self.username: str | None = None
        self._members: dict[tuple[int, int], tuple[float, bool]] = {}
        self._gone_logged: set[int] = set()
        self.poll_failures = 0  # getUpdates failures in a row (Telegram unreachable)
        self._down_since: float | None = None

    # -- reachability --------------------------------------------------------------------------
    def polling_failed(self, error: TelegramError) -> None:
        """python-telegram-bot's polling error callback: one line per failed ``getUpdates`` (it
        waits 1 s, growing to 30 s, between tries); never a traceback for a network problem."""
        self.poll_failures += 1
        if self._down_since is None:
            self._down_since = time.monotonic()
        if is_unreachable(error):
            log.warning("telegram: getUpdates failed %d time(s) in a row (%s: %.200s); retrying with backoff",
                        self.poll_failures, type(error).__name__, error)
        else:
            log.error("telegram: getUpdates failed: %s: %s", type(error).__name__, error)

    def reachable(self) -> None:
        """Telegram answered: log the recovery once after an outage."""
        if self._down_since is not None:
            log.warning("telegram: reachable again after %.1f s (%d failed polls)",
                        time.monotonic() - self._down_since, self.poll_failures)
            self._down_since = None
            self.poll_failures = 0

    # -- requests ------------------------------------------------------------------------------
    def _base_request(self, chat: Chat, message: Message | None, user: Any) -> Request:
        kind = chat_type(chat)
        sender_chat = message.sender_chat if message is not None else None
        if user is not None and user.id != _ANONYMOUS_ADMIN:
            user_id = str(user.id)
        else:
            user_id = str(sender_chat.id if sender_chat else chat.id)
        thread = message.message_thread_id if message is not None and message.is_topic_message else None
        req = Request(
            platform=PLATFORM,
            chat_id=str(chat.id),
            user_id=user_id,
            chat_type=kind,
            user_language=getattr(user, "language_code", None),
            thread_id=str(thread) if thread else None,
            user_name=(user.full_name if user is not None and user.id != _ANONYMOUS_ADMIN else chat.title),
        )
        # bot admins are admins in their private chat with the bot only: nothing typed in a group
        # or channel is taken as admin input
        req.is_admin = kind == "private" and user is not None and self.app.settings.is_admin(PLATFORM, user.id)
        # a channel's posts come from the channel itself; anonymous admins post as their group
        if kind == "channel" or (sender_chat is not None and sender_chat.id == chat.id):
            req.chat_is_admin = True
        elif kind == "private":
            req.chat_is_admin = True
        elif user is not None and self.app.settings.is_admin(PLATFORM, user.id):
            req.chat_is_admin = True
        return req

    async def _chat_admin(self, chat_id: int, user_id: int) -> bool:
        now = time.monotonic()
        cached = self._members.get((chat_id, user_id))
        if cached and cached[0] > now:
            return cached[1]
        try:
            member = await self.bot.get_chat_member(chat_id, user_id)
            allowed = member.status in (ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR)
        except TelegramError as exc:
            log.warning("cannot check chat membership in %s: %s", chat_id, exc)
            return False
        if len(self._members) > 5000:
            self._members = {k: v for k, v in self._members.items() if v[0] > now}
        self._members[(chat_id, user_id)] = (now + MEMBER_CACHE_SECONDS, allowed)
        return allowed

    async def _fill_chat_admin(self, req: Request, chat: Chat, user: Any) -> None:
        command = self.app.registry.get(req.command)  # aliases too
        if command is not None and command.name in CHAT_ADMIN_COMMANDS and not req.chat_is_admin and user is not None:
            req.chat_is_admin = await self._chat_admin(chat.id, user.id)

    async def request_for_message(self, message: Message, user: Any) -> Request | None:
        """The Request a message stands for, or None when the bot should stay silent."""
        chat = message.chat
        req = self._base_request(chat, message, user)
        text = message.text or message.caption or ""
        parsed = parse_command(text, self.username) if text.startswith("/") else None
        if parsed is not None:
            req.command, req.args, req.text = parsed
            addressed = "@" in text.split(maxsplit=1)[0]
            if not req.is_private and not addressed and self.app.registry.get(req.command) is None:
                return None  # an unknown command in a group may be for another bot
            await self._fill_chat_admin(req, chat, user)
            return req
        if text.startswith("/") and not req.is_private:
            return None  # /command@otherbot
        if not req.is_private:
            return None  # groups and channels: only commands
        req.text = text
        origin = message.forward_origin
        if origin is not None:
            source = getattr(getattr(origin, "chat", None), "title", None) or getattr(origin, "sender_user_name", None)
            if source:
                req.source = source
        if message.document is not None:
            attachment = await self._download(message)
            if attachment is None:
                return req
            req.attachments.append(attachment)
        if not req.text and not req.attachments:
            return None  # stickers, photos without captions, service messages
        return req

    async def _download(self, message: Message) -> Attachment | None:
        doc = message.document
        assert doc is not None
        limit = min(MAX_UPLOAD_BYTES, int(self.app.settings.get("feeds", "max_bytes")))
        name = doc.file_name or "document"
        if doc.file_size and doc.file_size > limit:
            return Attachment(name, b"", doc.mime_type)  # the reader reports it as too large/empty
        file = await doc.get_file()
        data = bytes(await file.download_as_bytearray())
        return Attachment(name, data[: limit + 1], doc.mime_type)

    # -- PTB handlers --------------------------------------------------------------------------
    async def on_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is None:
            return
        self.reachable()
        if message.migrate_to_chat_id:
            await self.migrate(message.chat.id, message.migrate_to_chat_id)
            return
        if message.migrate_from_chat_id:
            await self.migrate(message.migrate_from_chat_id, message.chat.id)
            return
        req = await self.request_for_message(message, update.effective_user)
        if req is None:
            return
        reply = await self.app.handle(req)
        await self.send_reply(message.chat.id, _thread(req), reply, origin=req.command or None)

    async def on_callback(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None:
            return
        self.reachable()
        message = query.message
        if message is None:  # a button on an inline message: nothing to answer in
            await query.answer()
            return
        chat = message.chat
        accessible = message if isinstance(message, Message) else None
        req = self._base_request(chat, accessible, query.from_user)
        try:
            action = self.codec.decode(query.data)
        except StaleButton as exc:
            log.info("stale or forged button in chat %s: %s", chat.id, exc)
            req.locale = await self.app.registry.resolve_locale(req, self.app.context)
            await query.answer(self.app.context.t(req, "core.stale_button"), show_alert=True)
            return
        await query.answer()
        req.command, req.args, req.text = action.command, list(action.args), " ".join(action.args)
        await self._fill_chat_admin(req, chat, query.from_user)
        reply = await self.app.handle(req)
        edit = message.message_id if action.edit and accessible is not None else None
        await self.send_reply(chat.id, _thread(req), reply, origin=action.command, edit_message_id=edit)

    async def on_my_chat_member(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        change = update.my_chat_member
        if change is None:
            return
        if change.new_chat_member.status in (ChatMemberStatus.BANNED, ChatMemberStatus.LEFT):
            await self.chat_gone(change.chat.id, f"bot is {change.new_chat_member.status}")

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log the traceback with the update id; tell the user, briefly, in their language."""
        update_id = getattr(update, "update_id", None)
        if context.error is not None and is_unreachable(context.error):
            # the answer could not go out because Telegram is unreachable: one line, and no apology
            # (it could not go out either)
            log.warning("telegram: could not answer update %s, Telegram unreachable (%s: %s)",
                        update_id, type(context.error).__name__, context.error)
            return
        log.error("error while handling telegram update %s", update_id, exc_info=context.error)
        if not isinstance(update, Update) or update.effective_chat is None or isinstance(context.error, Forbidden):
            return
        chat = update.effective_chat
        message = update.effective_message if isinstance(update.effective_message, Message) else None
        try:
            req = self._base_request(chat, message, update.effective_user)
            req.locale = await self.app.registry.resolve_locale(req, self.app.context)
            if update.callback_query is not None:
                await update.callback_query.answer()
            await self.bot.send_message(
                chat.id, self.app.context.t(req, "core.internal_error"), message_thread_id=_thread(req)
            )
        except Exception as exc:  # the apology is best effort
            log.warning("could not send the apology for update %s: %s", update_id, exc)

    # -- sending -------------------------------------------------------------------------------
    async def send_reply(
        self,
        chat_id: int,
        thread_id: int | None,
        reply: Reply,
        *,
        origin: str | None = None,
        edit_message_id: int | None = None,
    ) -> None:
        """Send (or edit into place) a reply; the keyboard goes on the last message, the reply's
        file (if any) follows as a document."""
        try:
            await self._send_text(chat_id, thread_id, reply, origin=origin, edit_message_id=edit_message_id)
        except ChatMigrated as exc:
            await self.migrate(chat_id, exc.new_chat_id)
            chat_id = exc.new_chat_id
            await self._send_text(chat_id, thread_id, reply, origin=origin)
        if reply.attachment is not None:
            await self._send_document(chat_id, thread_id, reply.attachment)

    async def _send_text(
        self,
        chat_id: int,
        thread_id: int | None,
        reply: Reply,
        *,
        origin: str | None = None,
        edit_message_id: int | None = None,
    ) -> None:
        texts = render_html(reply)
        markup = self.codec.keyboard(reply.buttons, origin=origin)
        if edit_message_id is not None and len(texts) == 1:
            try:
                await self.bot.edit_message_text(
                    texts[0],
                    chat_id=chat_id,
                    message_id=edit_message_id,
                    parse_mode=ParseMode.HTML,
                    reply_markup=markup,
                    link_preview_options=LinkPreviewOptions(is_disabled=True),
                )
                return
            except BadRequest as exc:
                if "not modified" in str(exc).lower():
                    return
                log.info("could not edit message %s in %s (%s); sending a new one", edit_message_id, chat_id, exc)
        try:
            await self._send_texts(chat_id, thread_id, texts, markup, ParseMode.HTML)
        except BadRequest as exc:
            if "can't parse entities" not in str(exc).lower():
                raise
            log.error("Telegram refused our HTML (%s); sending plain text", exc)
            await self._send_texts(chat_id, thread_id, render_plain(reply), markup, None)

    async def _send_texts(
        self, chat_id: int, thread_id: int | None, texts: list[str], markup: Any, parse_mode: str | None
    ) -> None:
        for i, text in enumerate(texts):
            await self.bot.send_message(
                chat_id,
                text,
                parse_mode=parse_mode,
                reply_markup=markup if i == len(texts) - 1 else None,
                message_thread_id=thread_id,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )

    async def _send_document(self, chat_id: int, thread_id: int | None, attachment: Attachment) -> None:
        """The reply's file as a Telegram document (multipart upload), under a safe file name."""
        await self.bot.send_document(
            chat_id,
            InputFile(attachment.data, filename=attachment.safe_name),
            message_thread_id=thread_id,
            disable_content_type_detection=True,
        )

    async def send(self, chat_id: str, thread_id: str | None, reply: Reply) -> None:
        """The ``Sender`` for digests and /publish: ChatGone for dead chats, SendFailed otherwise."""
        try:
            await self.send_reply(int(chat_id), int(thread_id) if thread_id else None, reply)
        except RetryAfter as exc:
            wait = exc.retry_after
            seconds = wait.total_seconds() if hasattr(wait, "total_seconds") else float(wait)
            raise SendFailed(f"flood control: {exc}", retry_after=seconds) from exc
        except TelegramError as exc:
            if is_gone(exc):
                await self.chat_gone(int(chat_id), str(exc))
                raise ChatGone(str(exc)) from exc
            raise SendFailed(f"{type(exc).__name__}: {exc}", unreachable=is_unreachable(exc)) from exc
        except (OSError, TimeoutError) as exc:
            raise SendFailed(f"{type(exc).__name__}: {exc}", unreachable=True) from exc
        except ValueError as exc:
            raise ChatGone(f"not a Telegram chat id: {chat_id!r}") from exc
        self.reachable()

    # -- chat bookkeeping ----------------------------------------------------------------------
    async def chat_gone(self, chat_id: int, reason: str) -> None:
        """Mark the chat's subscriptions inactive; log the first time only."""
        async with self.app.store.transaction() as db:
            cur = await db.execute(
                "UPDATE subscriptions SET active = 0 WHERE platform = ? AND chat_id = ? AND active = 1",
                (PLATFORM, str(chat_id)),
            )
            changed = cur.rowcount
        if chat_id not in self._gone_logged or changed:
            self._gone_logged.add(chat_id)
            log.warning("telegram chat %s is gone (%s); %d subscription(s) deactivated", chat_id, reason, changed)

    async def migrate(self, old: int, new: int) -> None:
        """A group became a supergroup: its language and subscriptions move to the new id."""
        async with self.app.store.transaction() as db:
            for table in ("chats", "subscriptions"):  # constant table names
                await db.execute(
                    f"UPDATE OR IGNORE {table} SET chat_id = ? WHERE platform = ? AND chat_id = ?",
                    (str(new), PLATFORM, str(old)),
                )
                await db.execute(f"DELETE FROM {table} WHERE platform = ? AND chat_id = ?", (PLATFORM, str(old)))
        log.info("telegram chat %s migrated to %s", old, new)


def _thread(req: Request) -> int | None:
    return int(req.thread_id) if req.thread_id else None
