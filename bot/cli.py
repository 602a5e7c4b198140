"""The command line: ``python -m bot run | console | analyze | ingest`` (also the ``newsbot`` script)."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import logging
import sys
from collections.abc import Sequence

from bot.settings import SettingsError, load_settings
from digests.store import StoreError

log = logging.getLogger(__name__)


def setup_logging(level: str) -> None:
    logging.basicConfig(
        level=getattr(logging, level.upper(), logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    # Libraries that log request URLs (which contain the Telegram token) stay at WARNING.
    for noisy in ("httpx", "httpcore", "telegram.ext.Updater", "apscheduler.executors.default", "discord.gateway"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


async def _console(args: argparse.Namespace) -> int:
    from bot.app import create_app
    from bot.console import run_console

    app = await create_app(load_settings())
    try:
        await run_console(app, admin=args.admin)
    finally:
        await app.close()
    return 0


async def _run(args: argparse.Namespace) -> int:
    from bot.runner import run_bot

    return await run_bot(load_settings())


async def _ingest(args: argparse.Namespace) -> int:
    from bot.ingest_cmd import run_ingest

    return await run_ingest(load_settings(), args.source)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsbot", description="Arabic-first news-digest bot.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log at DEBUG level")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="start every adapter that has a token; with none, the console chat")
    console = sub.add_parser("console", help="chat with the bot in the terminal")
    console.add_argument("--admin", action="store_true", help="act as an admin (load articles by pasting them)")
    ingest = sub.add_parser("ingest", help="load an article file, a URL or a feed into the store")
    ingest.add_argument("source", help="a file (.txt .md .html .xml), an article URL or a feed URL")
    commands = sub.add_parser("commands", help="print the command table (Markdown) from the registry")
    commands.add_argument("--update-readme", action="store_true", help="rewrite the table in README.md")
    try:
        importlib.import_module("bot.analyze_cmd").add_parser(sub)
    except ModuleNotFoundError:
        pass
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    command = args.command or "run"
    if command == "commands":
        from bot.commands_doc import main as commands_main
        from bot.commands_doc import update_readme

        if args.update_readme:
            print("README.md updated" if update_readme() else "README.md already up to date")
            return 0
        return commands_main()
    if command == "analyze":
        setup_logging("WARNING")
        return int(args.func(args))
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"newsbot: configuration error: {exc}", file=sys.stderr)
        return 2
    level = "DEBUG" if args.verbose else settings.get("bot", "log_level")
    if command == "console" and not args.verbose:
        level = "WARNING"  # keep the chat readable
    setup_logging(level)
    runner = {"run": _run, "console": _console, "ingest": _ingest}[command]
    try:
        return asyncio.run(runner(args))
    except (SettingsError, StoreError) as exc:
        print(f"newsbot: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
