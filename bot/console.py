"""The console chat: commands typed (or piped) in a terminal, answered as plain text.

Interactive when stdin is a terminal (with readline history); otherwise it reads line by line
and exits at end of input, so it can be scripted. In ``--admin`` mode, lines that are not
commands are collected as an article (first line = headline) until a blank line, a command or
the end of input, then loaded. A reply's file (``/feeds export``) is written into the data
folder's ``exports/`` (``bot.files``) and its path printed.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from pathlib import Path
from typing import TextIO

from bot.app import App
from bot.commandline import parse_command
from bot.files import save_attachment
from bot.render_text import render_text
from handlers.core import Reply, Request

log = logging.getLogger(__name__)
HISTORY = Path.home() / ".newsbot_history"


class ConsoleChat:
    def __init__(self, app: App, *, admin: bool = False, out: TextIO | None = None) -> None:
        self.app = app
        self.admin = admin
        self.out = out or sys.stdout
        self.pending: list[str] = []

    def _request(self, **kw: object) -> Request:
        return Request(
            platform="console",
            chat_id="console",
            user_id="console",
            is_admin=self.admin,
            chat_is_admin=True,
            chat_type="private",
            **kw,  # type: ignore[arg-type]
        )

    def _print(self, text: str) -> None:
        self.out.write(text.rstrip() + "\n\n")
        self.out.flush()

    def _show(self, reply: Reply) -> None:
        """Print the reply; its file (if any) goes into the data folder and the path is printed."""
        text = render_text(reply)
        file = reply.attachment
        if file is not None:
            catalog = self.app.catalog
            try:
                path = save_attachment(self.app.settings, file)
                note = catalog.get(reply.locale, "files.saved", filename=path.name, path=str(path))
            except OSError as exc:
                log.warning("could not save %s: %s", file.safe_name, exc)
                note = catalog.get(reply.locale, "files.save_failed", filename=file.safe_name, error=exc.strerror or str(exc))
            text = f"{text.rstrip()}\n{note}"
        self._print(text)

    async def flush_article(self) -> None:
        if not self.pending:
            return
        text = "\n".join(self.pending)
        self.pending = []
        reply = await self.app.handle(self._request(text=text))
        self._show(reply)

    async def line(self, line: str) -> None:
        """Take one line of input."""
        parsed = parse_command(line)
        if parsed is None:
            if not line.strip():
                await self.flush_article()
                return
            if self.admin:
                self.pending.append(line)
                return
            reply = await self.app.handle(self._request(text=line))
            self._show(reply)
            return
        await self.flush_article()
        command, args, rest = parsed
        reply = await self.app.handle(self._request(command=command, args=args, text=rest))
        self._show(reply)

    async def run_stream(self, stream: TextIO) -> None:
        """Read lines until end of input (scripted use)."""
        while True:
            line = await asyncio.to_thread(stream.readline)
            if not line:
                break
            await self.line(line.rstrip("\n"))
        await self.flush_article()

    async def run_interactive(self) -> None:
        try:
            import readline

            try:
                readline.read_history_file(HISTORY)
            except OSError:
                pass
        except ImportError:  # pragma: no cover - readline is missing on some platforms
            readline = None  # type: ignore[assignment]
        greeting = await self.app.handle(self._request(command="start"))
        self._show(greeting)
        prompt = "newsbot> " if not self.admin else "newsbot(admin)> "
        try:
            while True:
                try:
                    line = await asyncio.to_thread(input, prompt)
                except EOFError:
                    break
                if line.strip() in ("/quit", "/exit"):
                    break
                await self.line(line)
            await self.flush_article()
        except KeyboardInterrupt:
            pass
        finally:
            if readline is not None:
                try:
                    readline.write_history_file(HISTORY)
                except OSError:
                    pass


async def run_console(app: App, *, admin: bool = False, stdin: TextIO | None = None) -> None:
    if stdin is None:
        stdin = sys.stdin
        if hasattr(stdin, "reconfigure"):
            stdin.reconfigure(errors="replace")  # undecodable bytes become U+FFFD, never a crash
    chat = ConsoleChat(app, admin=admin)
    if stdin.isatty():
        await chat.run_interactive()
    else:
        await chat.run_stream(stdin)
