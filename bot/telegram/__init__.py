"""The Telegram adapter: ``serve(app, stop)`` runs the bot until ``stop`` is set.

Long polling by default; a webhook when ``TELEGRAM_WEBHOOK_URL`` is set (PTB's own web server on
``telegram.webhook_listen``:``telegram.webhook_port``, the URL's path as route, and every update
checked against ``TELEGRAM_WEBHOOK_SECRET`` — a random secret per run when none is configured).
While it runs, ``app.services["senders"]["telegram"]`` sends digests and published articles.

Telegram unreachable (connection refused, timeouts, HTTP 5xx): at start, ``serve`` tries again with
``bot.Backoff`` (``bot.reconnect_base_seconds`` doubling up to ``bot.reconnect_max_seconds``), one log
line per try, until it connects or ``stop`` is set; a wrong token (401/404) is logged once and this
adapter gives up without stopping the others. While polling, python-telegram-bot retries
``getUpdates`` itself (1 s growing to 30 s); ``TelegramBridge.polling_failed`` turns each failure
into one log line instead of a traceback.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Callable
from urllib.parse import urlparse

from telegram.error import InvalidToken, RetryAfter

from bot.app import App
from bot.backoff import Backoff, wait_or_stop
from bot.telegram.application import ALLOWED_UPDATES, build_application, prepare
from bot.telegram.handlers import is_unreachable

log = logging.getLogger(__name__)

__all__ = ["serve"]

# Loggers that may write the bot's URL (which holds the token): python-telegram-bot logs it at
# DEBUG when the bot is created; httpx logs request URLs at INFO (the CLI keeps it at WARNING).
TOKEN_LOGGERS = ("bot.telegram", "bot.telegram.handlers", "telegram.Bot", "telegram.ext.ExtBot", "telegram.ext.Updater",
                 "telegram.ext.Application",
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


class NonJsonAnswer(logging.Filter):
    """python-telegram-bot logs a traceback for every answer that is not JSON — what Telegram's
    front end sends while Telegram is down (an HTML "502 Bad Gateway" page). The same error reaches
    the bot as a NetworkError, logged there in one line, so this record is kept at DEBUG without
    its traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.ERROR and str(record.msg).startswith("Can not load invalid JSON data"):
            record.exc_info = None
            record.exc_text = None
            record.levelno, record.levelname = logging.DEBUG, "DEBUG"
            return logging.getLogger(record.name).isEnabledFor(logging.DEBUG)
        return True


REQUEST_LOGGER = "telegram.request.BaseRequest"


async def serve(app: App, stop: asyncio.Event) -> None:
    redactor = TokenRedactor(app.settings.telegram_token.reveal())
    quiet = NonJsonAnswer()
    for name in TOKEN_LOGGERS:
        logging.getLogger(name).addFilter(redactor)
    logging.getLogger(REQUEST_LOGGER).addFilter(quiet)
    try:
        await _serve_until_stopped(app, stop)
    finally:
        for name in TOKEN_LOGGERS:
            logging.getLogger(name).removeFilter(redactor)
        logging.getLogger(REQUEST_LOGGER).removeFilter(quiet)


async def _serve_until_stopped(app: App, stop: asyncio.Event) -> None:
    """Connect, and connect again with backoff while Telegram cannot be reached at start."""
    backoff = Backoff.from_settings(app.settings)
    while not stop.is_set():
        try:
            await _serve(app, stop, connected=backoff.reset)
            return
        except InvalidToken as exc:
            log.error("telegram: the Bot API refused the token (%s); the Telegram adapter stays off", exc)
            return
        except RetryAfter as exc:
            wait = exc.retry_after
            delay = max(backoff.next(), wait.total_seconds() if hasattr(wait, "total_seconds") else float(wait))
            log.warning("telegram: flood control at start; trying again in %.1f s", delay)
        except Exception as exc:
            if not is_unreachable(exc):
                raise
            delay = backoff.next()
            log.warning("telegram: cannot reach the Bot API (%s: %s); try %d again in %.1f s",
                        type(exc).__name__, exc, backoff.failures, delay)
        if await wait_or_stop(stop, delay):
            return


async def _serve(app: App, stop: asyncio.Event, *, connected: Callable[[], None] | None = None) -> None:
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
                await updater.start_polling(allowed_updates=ALLOWED_UPDATES, timeout=10, error_callback=bridge.polling_failed)
                log.info("telegram: polling as @%s", bridge.username)
            senders["telegram"] = bridge.send
            if connected is not None:
                connected()
            await stop.wait()
        finally:
            if senders.get("telegram") == bridge.send:
                del senders["telegram"]
            if application.updater is not None and application.updater.running:
                await application.updater.stop()
            if application.running:
                await application.stop()
