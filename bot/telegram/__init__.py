"""The Telegram adapter: ``serve(app, stop)`` runs the bot until ``stop`` is set.

Long polling by default; a webhook when ``TELEGRAM_WEBHOOK_URL`` is set (PTB's own web server on
``telegram.webhook_listen``:``telegram.webhook_port``, the URL's path as route, and every update
checked against ``TELEGRAM_WEBHOOK_SECRET`` — a random secret per run when none is configured).
While it runs, ``app.services["senders"]["telegram"]`` sends digests and published articles.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from urllib.parse import urlparse

from bot.app import App
from bot.telegram.application import ALLOWED_UPDATES, build_application, prepare

log = logging.getLogger(__name__)

__all__ = ["serve"]

# Loggers that may write the bot's URL (which holds the token): python-telegram-bot logs it at
# DEBUG when the bot is created; httpx logs request URLs at INFO (the CLI keeps it at WARNING).
TOKEN_LOGGERS = ("telegram.Bot", "telegram.ext.ExtBot", "telegram.ext.Updater", "telegram.ext.Application",
                 "telegram.request", "httpx", "httpcore")


class TokenRedactor(logging.Filter):
    """Replace the token in a log record's message with ``<token>``."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        if self.token:
            message = record.getMessage()
            if self.token in message:
                record.msg = message.replace(self.token, "<token>")
                record.args = None
        return True


async def serve(app: App, stop: asyncio.Event) -> None:
    redactor = TokenRedactor(app.settings.telegram_token.reveal())
    for name in TOKEN_LOGGERS:
        logging.getLogger(name).addFilter(redactor)
    try:
        await _serve(app, stop)
    finally:
        for name in TOKEN_LOGGERS:
            logging.getLogger(name).removeFilter(redactor)


async def _serve(app: App, stop: asyncio.Event) -> None:
    application, bridge = build_application(app)
    settings = app.settings
    webhook_url = str(settings.get("telegram", "webhook_url") or "").strip()
    async with application:  # initialize() … shutdown()
        await prepare(application, bridge)
        senders = app.services.setdefault("senders", {})
        await application.start()
        try:
            updater = application.updater
            assert updater is not None
            if webhook_url:
                secret = settings.telegram_webhook_secret.reveal() or secrets.token_urlsafe(32)
                path = urlparse(webhook_url).path.strip("/") or "telegram"
                await updater.start_webhook(
                    listen=str(settings.get("telegram", "webhook_listen")),
                    port=int(settings.get("telegram", "webhook_port")),
                    url_path=path,
                    webhook_url=webhook_url,
                    secret_token=secret,
                    allowed_updates=ALLOWED_UPDATES,
                )
                log.info("telegram: webhook mode on /%s", path)
            else:
                await updater.start_polling(allowed_updates=ALLOWED_UPDATES, timeout=10)
                log.info("telegram: polling as @%s", bridge.username)
            senders["telegram"] = bridge.send
            await stop.wait()
        finally:
            if senders.get("telegram") == bridge.send:
                del senders["telegram"]
            if application.updater is not None and application.updater.running:
                await application.updater.stop()
            if application.running:
                await application.stop()
