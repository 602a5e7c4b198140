"""Build the python-telegram-bot Application: API root, flood control, per-chat ordering, handlers.

- ``TELEGRAM_API_BASE_URL`` (settings ``telegram.api_base_url``) is the server's root; the bot talks
  to ``{root}/bot<token>/...`` and downloads from ``{root}/file/bot<token>/...``.
- Flood control is ``AIORateLimiter`` with retries: a 429 is waited out (``retry_after``) and the
  request sent again, up to ``telegram.flood_retries`` times, so bursts are delayed, not dropped.
- Updates are processed concurrently across chats but in order within one chat, so a slow article
  load in one chat does not hold up everyone else and one user's replies never overtake each other.
- An update a chat already had handled (given again after a restart, before Telegram learnt it
  was received) is skipped: see ``bot.telegram.journal``.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import re
from collections.abc import Awaitable
from typing import Any

from telegram import BotCommand, BotCommandScopeChat, Update
from telegram.error import TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    BaseUpdateProcessor,
    CallbackQueryHandler,
    ChatMemberHandler,
    MessageHandler,
    filters,
)

from bot.app import App
from bot.telegram.callbacks import CallbackCodec
from bot.telegram.handlers import PLATFORM, TelegramBridge
from bot.telegram.journal import UpdateJournal

log = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "channel_post", "callback_query", "my_chat_member"]
_COMMAND_NAME = re.compile(r"^[a-z0-9_]{1,32}$")


class ChatOrderedProcessor(BaseUpdateProcessor):
    """Up to ``max_concurrent_updates`` updates at once, but one at a time per chat, in arrival order;
    with a ``journal``, updates the chat already had handled are skipped and handled ones recorded."""

    def __init__(self, max_concurrent_updates: int, journal: UpdateJournal | None = None) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, tuple[asyncio.Lock, int]] = {}
        self.journal = journal
        self.skipped = 0

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            await coroutine
            return
        lock, users = self._locks.get(chat.id, (asyncio.Lock(), 0))
        self._locks[chat.id] = (lock, users + 1)
        try:
            async with lock:
                await self._process_once(update, chat.id, coroutine)  # type: ignore[arg-type]
        finally:
            lock, users = self._locks[chat.id]
            if users <= 1:
                del self._locks[chat.id]
            else:
                self._locks[chat.id] = (lock, users - 1)

    async def _process_once(self, update: Update, chat_id: int, coroutine: Awaitable[Any]) -> None:
        journal = self.journal
        if journal is not None and await journal.handled(chat_id, update.update_id):
            self.skipped += 1
            log.info("telegram: update %s in chat %s was handled before a restart; not answering it again",
                     update.update_id, chat_id)
            if inspect.iscoroutine(coroutine):
                coroutine.close()
            return
        await coroutine
        if journal is not None:
            await journal.done(chat_id, update.update_id)

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass


def build_application(app: App) -> tuple[Application, TelegramBridge]:
    settings = app.settings
    token = settings.telegram_token.reveal()
    if not token:
        raise RuntimeError("TELEGRAM_BOT_TOKEN is not set")
    root = str(settings.get("telegram", "api_base_url")).rstrip("/")
    tg = settings.raw["telegram"]
    limiter = AIORateLimiter(
        overall_max_rate=float(tg.get("messages_per_second", 30)),
        overall_time_period=1,
        group_max_rate=float(tg.get("group_messages_per_minute", 20)),
        group_time_period=60,
        max_retries=max(1, int(tg.get("flood_retries", 20))),
    )
    codec = CallbackCodec(token.encode())
    bridge = TelegramBridge(app, codec)
    journal = UpdateJournal(app.store)
    application = (
        ApplicationBuilder()
        .token(token)
        .base_url(f"{root}/bot")
        .base_file_url(f"{root}/file/bot")
        .rate_limiter(limiter)
        .concurrent_updates(ChatOrderedProcessor(16, journal))
        .job_queue(None)
        .build()
    )
    application.add_handler(MessageHandler(filters.UpdateType.MESSAGE | filters.UpdateType.CHANNEL_POST, bridge.on_message))
    application.add_handler(CallbackQueryHandler(bridge.on_callback))
    application.add_handler(ChatMemberHandler(bridge.on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER))
    application.add_error_handler(bridge.on_error)
    return application, bridge


async def prepare(application: Application, bridge: TelegramBridge) -> None:
    """After ``initialize()``: give the bridge the bot, and register the command menus."""
    bridge.bot = application.bot
    bridge.username = application.bot.username
    processor = application.update_processor
    if isinstance(processor, ChatOrderedProcessor) and processor.journal is not None:
        processor.journal.bot_id = application.bot.id
    await register_commands(application, bridge.app)


def bot_commands(app: App, lang: str, *, admin: bool) -> list[BotCommand]:
    commands = []
    for command in app.registry.visible(admin=admin):
        if not _COMMAND_NAME.match(command.name):
            continue
        description = app.catalog.get(lang, command.help_key).strip()[:256] or command.name
        commands.append(BotCommand(command.name, description))
    return commands[:100]


async def register_commands(application: Application, app: App) -> None:
    """setMyCommands: Arabic and English menus (language scoped), the default language unscoped,
    and the admin commands in each admin's private chat."""
    bot = application.bot
    try:
        for lang in ("ar", "en"):
            await bot.set_my_commands(bot_commands(app, lang, admin=False), language_code=lang)
        await bot.set_my_commands(bot_commands(app, app.settings.default_language, admin=False))
    except TelegramError as exc:
        log.error("could not register the command menu: %s", exc)
    for entry in sorted(app.settings.admins):
        platform, _, user_id = entry.partition(":")
        if platform != PLATFORM:
            continue
        try:
            for lang in ("ar", "en"):
                await bot.set_my_commands(
                    bot_commands(app, lang, admin=True), scope=BotCommandScopeChat(int(user_id)), language_code=lang
                )
        except TelegramError as exc:  # the admin has not started a chat with the bot yet
            log.info("no admin command menu for telegram:%s (%s)", user_id, exc)
