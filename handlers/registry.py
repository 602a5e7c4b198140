"""The command registry: names, arguments, help texts and admin flags, and the one dispatch path.

Adapters register every command from here (Telegram's setMyCommands, Discord's slash commands,
the console), and every request goes through ``dispatch``: locale, authorisation, rate limit,
the handler, and a polite answer instead of a traceback.
"""

from __future__ import annotations

import difflib
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from digests.store import StoreError
from digests.store import chats as chat_rows
from handlers.core import Context, Reply, Request

log = logging.getLogger(__name__)

Handler = Callable[[Request, Context], Awaitable[Reply]]


@dataclass
class Argument:
    """One argument of a command, for help texts and Discord options."""

    name: str
    description_key: str
    required: bool = False
    kind: str = "string"  # string | integer
    autocomplete: str | None = None  # "actor" | "article" | None


@dataclass
class Command:
    name: str
    handler: Handler
    help_key: str  # catalogue key of the one-line description
    args: list[Argument] = field(default_factory=list)
    admin_only: bool = False
    private_only: bool = False
    hidden: bool = False  # not listed in /help or platform menus (e.g. button-only commands)
    aliases: tuple[str, ...] = ()
    group: str = "general"

    def usage(self) -> str:
        parts = [f"/{self.name}"]
        for a in self.args:
            parts.append(f"<{a.name}>" if a.required else f"[{a.name}]")
        return " ".join(parts)


class RateLimiter:
    """Sliding-window limit of commands per user, so one user cannot starve the others."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._seen: dict[str, deque[float]] = {}

    def allow(self, key: str, now: float | None = None) -> bool:
        if self.per_minute <= 0:
            return True
        now = time.monotonic() if now is None else now
        window = self._seen.setdefault(key, deque())
        while window and now - window[0] > 60:
            window.popleft()
        if len(window) >= self.per_minute:
            return False
        window.append(now)
        if len(self._seen) > 10000:  # forget idle users
            for k in [k for k, v in self._seen.items() if not v or now - v[-1] > 60]:
                del self._seen[k]
        return True


class CommandRegistry:
    """All commands by name; ``text_handler`` takes admins' plain text in private chats."""

    def __init__(self) -> None:
        self.commands: dict[str, Command] = {}
        self._aliases: dict[str, str] = {}
        self.text_handler: Handler | None = None
        self.limiter = RateLimiter(0)

    def add(self, command: Command) -> Command:
        if command.name in self.commands or command.name in self._aliases:
            raise ValueError(f"command /{command.name} registered twice")
        self.commands[command.name] = command
        for alias in command.aliases:
            self._aliases[alias] = command.name
        return command

    def command(self, name: str, help_key: str, **options: object) -> Callable[[Handler], Handler]:
        """Decorator form of ``add``."""

        def wrap(fn: Handler) -> Handler:
            self.add(Command(name=name, handler=fn, help_key=help_key, **options))  # type: ignore[arg-type]
            return fn

        return wrap

    def get(self, name: str) -> Command | None:
        name = name.lower()
        return self.commands.get(name) or self.commands.get(self._aliases.get(name, ""))

    def visible(self, *, admin: bool) -> list[Command]:
        return [c for c in self.commands.values() if not c.hidden and (admin or not c.admin_only)]

    def closest(self, name: str, *, admin: bool = False, n: int = 3) -> list[str]:
        """Names of visible commands that look like ``name`` (for "did you mean")."""
        names = [c.name for c in self.visible(admin=admin)]
        return difflib.get_close_matches(name.lower(), names, n=n, cutoff=0.5)

    async def resolve_locale(self, req: Request, ctx: Context) -> str:
        if req.locale:
            return req.locale
        try:
            stored = await chat_rows.get_language(ctx.store.db, req.platform, req.chat_id)
        except Exception:  # a broken store must not stop the answer
            log.exception("cannot read the chat language")
            stored = None
        if stored:
            return stored
        hint = (req.user_language or "").split("-")[0].lower()
        if hint in ("ar", "en"):
            return hint
        return ctx.settings.default_language

    async def dispatch(self, req: Request, ctx: Context) -> Reply:
        """Run the request's command (or the text handler) and always return a Reply."""
        req.locale = await self.resolve_locale(req, ctx)
        if not self.limiter.allow(f"{req.platform}:{req.user_id}"):
            return Reply.message(ctx.t(req, "core.rate_limited"), locale=req.locale, error=True)
        if not req.command:
            if self.text_handler and req.is_private:
                return await self._run(self.text_handler, req, ctx)
            return Reply.message(ctx.t(req, "core.not_a_command"), locale=req.locale, error=True)
        command = self.get(req.command)
        if command is None:
            suggestions = self.closest(req.command, admin=req.is_admin)
            key = "core.unknown_with_suggestion" if suggestions else "core.unknown"
            hint = ("، " if req.locale == "ar" else ", ").join(f"/{s}" for s in suggestions)
            return Reply.message(ctx.t(req, key, command=req.command[:40], suggestions=hint), locale=req.locale, error=True)
        if command.admin_only and not req.is_admin:
            log.info("refused /%s to non-admin %s:%s", command.name, req.platform, req.user_id)
            return Reply.message(ctx.t(req, "core.admin_only"), locale=req.locale, error=True)
        if command.private_only and not req.is_private:
            return Reply.message(ctx.t(req, "core.private_only"), locale=req.locale, error=True)
        return await self._run(command.handler, req, ctx)

    async def _run(self, handler: Handler, req: Request, ctx: Context) -> Reply:
        try:
            reply = await handler(req, ctx)
        except StoreError as exc:
            log.error("store error in /%s: %s", req.command, exc)
            # Admins learn what is wrong (disk full, read-only); everyone else gets the polite version.
            key = getattr(exc, "key", None) if req.is_admin else None
            return Reply.message(ctx.t(req, key or "core.store_error"), locale=req.locale, error=True)
        except Exception:
            log.exception("handler for /%s failed (platform %s, chat %s)", req.command, req.platform, req.chat_id)
            return Reply.message(ctx.t(req, "core.internal_error"), locale=req.locale, error=True)
        reply.locale = req.locale
        return reply
