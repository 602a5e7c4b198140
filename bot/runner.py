"""``python -m bot run``: every adapter that has a token, plus the scheduler; the console when none has."""

from __future__ import annotations

import asyncio
import importlib
import logging
import signal
import sys
from collections.abc import Callable

from bot.app import App, create_app
from bot.settings import Settings
from handlers.core import Reply

log = logging.getLogger(__name__)

# platform → (module, token attribute); each module has ``async def serve(app, stop: asyncio.Event)``.
ADAPTERS = {
    "telegram": ("bot.telegram", "telegram_token"),
    "discord": ("bot.discord", "discord_token"),
}


def _console_scheduler(app: App, stop: asyncio.Event) -> asyncio.Task[None] | None:
    """The scheduler beside the console chat; digests for console subscriptions print to stdout."""
    try:
        scheduler = importlib.import_module("digests.schedule")
    except ModuleNotFoundError:
        return None
    from bot.render_text import render_text

    async def console_sender(chat_id: str, thread_id: str | None, reply: Reply) -> None:
        print(render_text(reply), flush=True)

    app.services.setdefault("senders", {}).setdefault("console", console_sender)
    return asyncio.create_task(scheduler.serve(app, stop), name="scheduler")


def _adapter_ended(task: asyncio.Task[None]) -> None:
    """An adapter that ends before ``stop`` leaves the others running; say why, once."""
    if task.cancelled():
        return
    error = task.exception()
    if error is not None:
        log.error("the %s adapter stopped: %s: %s; the other adapters keep running", task.get_name(),
                  type(error).__name__, error, exc_info=error)


async def run_adapters(app: App, stop: asyncio.Event, platforms: list[str], *, ready: Callable[[], None] | None = None) -> None:
    """Every adapter in ``platforms`` and the scheduler, side by side, until ``stop`` is set.

    Each adapter reconnects by itself when its platform cannot be reached (``bot.Backoff``); one that
    ends anyway (a refused token, a bug) is logged and the others keep answering.
    """
    tasks = []
    for name in platforms:
        module = importlib.import_module(ADAPTERS[name][0])
        task = asyncio.create_task(module.serve(app, stop), name=name)
        task.add_done_callback(_adapter_ended)
        tasks.append(task)
        log.info("started the %s adapter", name)
    try:
        scheduler = importlib.import_module("digests.schedule")
    except ModuleNotFoundError:
        scheduler = None
    if scheduler is not None:
        tasks.append(asyncio.create_task(scheduler.serve(app, stop), name="scheduler"))
    if ready is not None:
        ready()
    try:
        await stop.wait()
    finally:
        stop.set()
        try:
            async with asyncio.timeout(30):
                await asyncio.gather(*tasks, return_exceptions=True)
        except TimeoutError:
            log.warning("adapters did not stop within 30 s; cancelling them")
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)


async def run_bot(settings: Settings) -> int:
    app = await create_app(settings)
    try:
        wanted = [name for name, (_, token) in ADAPTERS.items() if getattr(settings, token)]
        if not wanted:
            from bot.console import run_console

            log.info("no TELEGRAM_BOT_TOKEN or DISCORD_BOT_TOKEN: starting the console chat")
            if logging.getLogger().level > logging.DEBUG:
                logging.getLogger().setLevel(logging.WARNING)  # keep the chat readable (-v shows everything)
            scheduler_stop = asyncio.Event()
            scheduler_task = _console_scheduler(app, scheduler_stop)
            try:
                await run_console(app, admin=True)
            finally:
                scheduler_stop.set()
                if scheduler_task is not None:
                    await asyncio.gather(scheduler_task, return_exceptions=True)
            return 0
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            try:
                loop.add_signal_handler(sig, stop.set)
            except (NotImplementedError, RuntimeError):  # pragma: no cover
                pass
        await run_adapters(app, stop, wanted, ready=lambda: print("newsbot: ready", file=sys.stderr, flush=True))
        return 0
    finally:
        await app.close()
