"""The discord.py client: slash commands, autocomplete, buttons and admin DMs, all through ``app.handle``.

Only the default intents are used (the privileged message-content intent is not needed: Discord
delivers the content of direct messages to the bot anyway). Interactions are answered at once when
the handler finishes within ``defer_after`` seconds, otherwise deferred first (Discord drops an
interaction not acknowledged within 3 seconds) and completed with follow-ups.

``DISCORD_API_BASE_URL``: ``configure_api`` sets ``discord.http.Route.BASE`` to ``{root}/api/v10``.
discord.py's plain ``Client`` always opens ``DiscordWebSocket.DEFAULT_GATEWAY``
(wss://gateway.discord.gg); it only asks ``GET /gateway/bot`` in ``AutoShardedClient``, and even
there falls back to ``DEFAULT_GATEWAY`` after an invalidated session. So when the root is not
Discord's own, ``setup_hook`` (which runs after login and before the websocket is opened) asks
that API's ``GET /gateway/bot`` through discord.py's own ``HTTPClient.get_bot_gateway`` and sets
``DiscordWebSocket.DEFAULT_GATEWAY`` to the answer: one documented class attribute, which every
connect and reconnect path reads. Both values are process-wide; ``restore_api`` puts them back.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
from collections.abc import Callable
from typing import Any

import aiohttp
import discord
import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

from bot.commandline import MAX_ARGS, parse_command
from bot.discord import autocomplete, commands, views
from bot.discord.render import Message, render
from handlers.core import Attachment, Reply, Request

log = logging.getLogger(__name__)

DISCORD_ROOT = "https://discord.com"
API_VERSION = 10
VIEW_TIMEOUT = 600.0  # below the 15 minutes an interaction token lives, so timed-out buttons can be removed
DEFER_AFTER = 2.0
ATTACHMENT_MAX_FACTOR = 4  # files up to 4× the article limit are fetched (HTML is larger than its text)
NO_MENTIONS = discord.AllowedMentions.none()

_ORIGINAL = {"base": Route.BASE, "gateway": DiscordWebSocket.DEFAULT_GATEWAY}


def configure_api(root: str) -> bool:
    """Point discord.py's REST routes at ``root``; True when it is not Discord's own address."""
    root = root.rstrip("/")
    Route.BASE = f"{root}/api/v{API_VERSION}"
    return root != DISCORD_ROOT


def restore_api() -> None:
    Route.BASE = _ORIGINAL["base"]
    DiscordWebSocket.DEFAULT_GATEWAY = _ORIGINAL["gateway"]


class NewsClient(discord.Client):
    """One bot connection serving the app's command registry."""

    def __init__(
        self, app: Any, *, view_timeout: float = VIEW_TIMEOUT, defer_after: float = DEFER_AFTER, **client_options: Any
    ) -> None:
        super().__init__(intents=discord.Intents.default(), **client_options)
        self.app = app
        self.view_timeout = view_timeout
        self.defer_after = defer_after
        self.custom_gateway = configure_api(app.settings.get("discord", "api_base_url"))
        self.synced: list[dict[str, Any]] = []
        self._views: dict[int, views.ReplyView] = {}
        self._tasks: set[asyncio.Task[Any]] = set()
        self.was_ready = False  # set once the gateway said READY (for the reconnect backoff)
        self.on_ready_hooks: list[Callable[[], None]] = []  # called on each READY (the adapter registers its sender)

    # ------------------------------------------------------------ start-up

    async def setup_hook(self) -> None:
        if self.custom_gateway:
            _, url, _ = await self.http.get_bot_gateway()
            DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(url)
            log.info("gateway from %s/gateway/bot: %s", Route.BASE, url)
        await self.sync_commands()

    async def sync_commands(self) -> None:
        """Replace the application's commands with those generated from the registry (once per process
        and body: a client started again after an outage does not upload the same commands again)."""
        body = commands.build_commands(self.app.registry, self.app.catalog)
        app_id = self.application_id
        assert app_id is not None
        guild = str(self.app.settings.get("discord", "guild_id") or "").strip()
        key = (app_id, guild, json.dumps(body, sort_keys=True, ensure_ascii=False))
        if self.app.services.get("discord_commands_synced") == key and self.app.services.get("discord_synced"):
            self.synced = self.app.services["discord_synced"]
            log.info("slash commands unchanged since the last sync; not uploading them again")
            return
        if guild:
            self.synced = await self.http.bulk_upsert_guild_commands(app_id, int(guild), body)
            log.info("synced %d slash commands to guild %s", len(self.synced), guild)
        else:
            self.synced = await self.http.bulk_upsert_global_commands(app_id, body)
            log.info("synced %d slash commands globally", len(self.synced))
        self.app.services["discord_commands_synced"] = key
        self.app.services["discord_synced"] = self.synced

    async def on_ready(self) -> None:
        self.was_ready = True
        log.info("connected to Discord as %s (%d servers)", self.user, len(self.guilds))
        for hook in self.on_ready_hooks:
            hook()

    async def close(self) -> None:
        for view in list(self._views.values()):
            view.stop()
        self._views.clear()
        await super().close()

    # ------------------------------------------------------------ requests

    def _request(self, interaction: discord.Interaction, **fields: Any) -> Request:
        user = interaction.user
        private = interaction.guild_id is None
        chat_id, thread_id = self._chat_of(interaction.channel, interaction.channel_id)
        perms = interaction.permissions
        return Request(
            platform="discord",
            chat_id=chat_id,
            user_id=str(user.id),
            is_admin=self.app.settings.is_admin("discord", user.id),
            chat_type="private" if private else "group",
            thread_id=thread_id,
            user_name=getattr(user, "display_name", None) or user.name,
            chat_is_admin=private or bool(perms.manage_channels or perms.administrator),
            **fields,
        )

    def _chat_of(self, channel: Any, channel_id: int | None) -> tuple[str, str | None]:
        """(chat_id, thread_id): a thread in a text channel is the parent plus the thread; a forum post is
        the forum itself (digests to a forum are new posts)."""
        if isinstance(channel, discord.Thread) and channel.parent_id:
            parent = channel.parent
            if isinstance(parent, discord.ForumChannel) or getattr(parent, "type", None) == discord.ChannelType.forum:
                return str(channel.parent_id), None
            return str(channel.parent_id), str(channel.id)
        return str(channel_id or getattr(channel, "id", "")), None

    # ------------------------------------------------------------ interactions

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        try:
            if interaction.type == discord.InteractionType.application_command:
                await self._slash(interaction)
            elif interaction.type == discord.InteractionType.autocomplete:
                await self._autocomplete(interaction)
            elif interaction.type == discord.InteractionType.component:
                custom_id = (interaction.data or {}).get("custom_id", "")
                message_id = interaction.message.id if interaction.message else None
                view = self._views.get(message_id) if message_id else None
                if views.is_ours(custom_id) and (view is None or view.is_finished()):
                    await self.press(interaction, custom_id)  # a button from before a restart
        except Exception:
            log.exception("interaction %s failed", interaction.id)

    async def _slash(self, interaction: discord.Interaction) -> None:
        name, options = commands.flatten(interaction.data or {})
        if name == commands.INGEST:
            await self._ingest(interaction, options)
            return
        command = self.app.registry.get(name)
        text = commands.argument_text(command, options) if command else ""
        req = self._request(interaction, command=name, args=text.split()[:MAX_ARGS], text=text)
        private = bool(command and command.admin_only)
        await self.answer(interaction, self.app.handle(req), ephemeral=private, source=command.name if command else None)

    async def press(self, interaction: discord.Interaction, custom_id: str) -> None:
        """A button: run its command. Navigation (the command that made the message again, or a page
        marker ``pN``) replaces the message; other buttons answer below it."""
        try:
            command, args = views.decode(custom_id)
        except views.BadCustomId:
            req = self._request(interaction)
            req.locale = await self.app.registry.resolve_locale(req, self.app.context)
            await self.answer(interaction, _ready(Reply.message(self.app.context.t(req, "core.stale_button"), error=True)),
                              ephemeral=True)
            return
        req = self._request(interaction, command=command, args=args, text=" ".join(args))
        view = self._views.get(interaction.message.id) if interaction.message else None
        paging = bool(args) and args[-1][:1] == "p" and args[-1][1:].isdigit()
        navigation = paging or (view is not None and view.source == command)
        ephemeral = bool(interaction.message and interaction.message.flags.ephemeral)
        await self.answer(interaction, self.app.handle(req), edit=navigation, ephemeral=ephemeral, source=command)

    async def _autocomplete(self, interaction: discord.Interaction) -> None:
        name, options = commands.flatten(interaction.data or {})
        command = self.app.registry.get(name)
        option = commands.focused(options)
        found: list[autocomplete.Choice] = []
        if command and option:
            arg = next((a for a in command.args if commands.option_name(a.name) == option.get("name")), None)
            if arg and arg.autocomplete and (not command.admin_only or self.app.settings.is_admin("discord", interaction.user.id)):
                req = self._request(interaction)
                locale = await self.app.registry.resolve_locale(req, self.app.context)
                found = await autocomplete.choices(
                    self.app.store, arg.autocomplete, str(option.get("value") or ""), integer=arg.kind == "integer",
                    english=locale == "en",
                )
        await interaction.response.autocomplete(
            [discord.app_commands.Choice(name=c.name, value=c.value) for c in found[: autocomplete.CHOICES_MAX]]
        )

    async def _ingest(self, interaction: discord.Interaction, options: list[dict[str, Any]]) -> None:
        """``/ingest text|url|file``: the admin text path (preview, publish, discard), answered privately."""
        values = {o["name"]: o.get("value") for o in options}
        req = self._request(interaction)
        if not req.is_admin:
            log.info("refused /ingest to non-admin discord:%s", req.user_id)
            req.locale = await self.app.registry.resolve_locale(req, self.app.context)
            reply = Reply.message(self.app.context.t(req, "core.admin_only"), error=True)
            await self.answer(interaction, _ready(reply), ephemeral=True)
            return
        # The preview is ephemeral: a private conversation inside the channel, so the text path applies.
        req.chat_type = "private"
        req.text = str(values.get("text") or values.get("url") or "").strip()
        file_id = values.get("file")
        resolved = ((interaction.data or {}).get("resolved") or {}).get("attachments") or {}

        async def work() -> Reply:
            if file_id is not None and str(file_id) in resolved:
                item = resolved[str(file_id)]
                attachment, problem = await self._download(
                    item.get("filename") or "file", int(item.get("size") or 0), item.get("content_type"), item.get("url") or "", req
                )
                if problem is not None:
                    return problem
                req.attachments.append(attachment)  # type: ignore[arg-type]
            if not req.text and not req.attachments:
                req.locale = await self.app.registry.resolve_locale(req, self.app.context)
                return Reply.message(self.app.context.t(req, "discord.ingest_usage"), error=True)
            return await self.app.handle(req)

        await self.answer(interaction, work(), ephemeral=True)

    async def _download(
        self, filename: str, size: int, content_type: str | None, url: str, req: Request
    ) -> tuple[Attachment | None, Reply | None]:
        """An attachment's bytes (through discord.py's HTTP session), or a Reply saying why not."""
        limit = self.app.settings.max_article_bytes * ATTACHMENT_MAX_FACTOR
        if size > limit:
            req.locale = await self.app.registry.resolve_locale(req, self.app.context)
            text = self.app.context.t(req, "ingest.too_large", size_kb=size // 1024, limit_kb=limit // 1024)
            return None, Reply.message(text, error=True)
        try:
            data = await self.http.get_from_cdn(url)
        except (TimeoutError, discord.HTTPException, aiohttp.ClientError, ValueError) as exc:
            log.warning("could not download attachment %s: %s", filename, exc)
            req.locale = await self.app.registry.resolve_locale(req, self.app.context)
            return None, Reply.message(self.app.context.t(req, "discord.download_failed"), error=True)
        if len(data) > limit:
            req.locale = await self.app.registry.resolve_locale(req, self.app.context)
            text = self.app.context.t(req, "ingest.too_large", size_kb=len(data) // 1024, limit_kb=limit // 1024)
            return None, Reply.message(text, error=True)
        return Attachment(filename=filename, data=data, mime_type=content_type), None

    # ------------------------------------------------------------ answering

    async def answer(
        self, interaction: discord.Interaction, work: Any, *, edit: bool = False, ephemeral: bool = False,
        source: str | None = None,
    ) -> None:
        """Run ``work`` (a coroutine giving a Reply); defer if it is slow; send or edit the result."""
        task = asyncio.ensure_future(work)
        done, _ = await asyncio.wait({task}, timeout=self.defer_after)
        deferred = False
        if not done:
            deferred = True
            if edit:
                await interaction.response.defer()
            else:
                await interaction.response.defer(thinking=True, ephemeral=ephemeral)
        reply: Reply = await task
        ephemeral = ephemeral or reply.ephemeral or (reply.error and interaction.guild_id is not None and not deferred)
        await self._deliver(interaction, reply, edit=edit, deferred=deferred, ephemeral=ephemeral, source=source)

    def _view(self, reply: Reply, source: str | None = None) -> views.ReplyView | None:
        if not any(reply.buttons):
            return None
        view = views.ReplyView(reply.buttons, self.press, timeout=self.view_timeout)
        view.on_gone = self._forget
        view.source = source
        return view

    def _forget(self, view: views.ReplyView) -> None:
        if view.message_id is not None and self._views.get(view.message_id) is view:
            del self._views[view.message_id]

    def _track(self, view: views.ReplyView | None, message_id: int | None, remove: Any) -> None:
        if view is None:
            return
        old = self._views.pop(message_id, None) if message_id else None
        if old is not None and old is not view:
            old.stop()
        view.attach(message_id, remove)
        if message_id is not None:
            self._views[message_id] = view

    async def _deliver(
        self, interaction: discord.Interaction, reply: Reply, *, edit: bool, deferred: bool, ephemeral: bool,
        source: str | None,
    ) -> None:
        messages = render(reply)
        view = self._view(reply, source)
        for i, message in enumerate(messages):
            last = i == len(messages) - 1
            v = view if last else None
            kw: dict[str, Any] = {"embeds": message.embeds, "content": message.content, "allowed_mentions": NO_MENTIONS}
            upload = discord_file(reply.attachment) if last else None
            if i == 0 and edit:
                target = interaction.message.id if interaction.message else None
                if upload is not None:
                    kw["attachments"] = [upload]
                if deferred:
                    await interaction.edit_original_response(**kw, view=v)
                else:
                    await interaction.response.edit_message(**kw, view=v)
                self._track(v, target, lambda: interaction.edit_original_response(view=None))
            elif i == 0 and not deferred:
                extra: dict[str, Any] = {"view": v} if v else {}
                if upload is not None:
                    extra["file"] = upload
                sent = await interaction.response.send_message(**kw, ephemeral=ephemeral, **extra)
                self._track(v, getattr(sent, "message_id", None), lambda: interaction.edit_original_response(view=None))
            else:
                extra = {"view": v} if v else {}
                if upload is not None:
                    extra["file"] = upload
                followup = await interaction.followup.send(
                    **{k: val for k, val in kw.items() if val is not None}, ephemeral=ephemeral, wait=True, **extra,
                )
                self._track(v, followup.id, lambda m=followup: m.edit(view=None))

    async def send_messages(self, destination: discord.abc.Messageable, reply: Reply, messages: list[Message] | None = None) -> None:
        """Send ``reply`` to a channel or thread (buttons and the reply's file on the last message)."""
        messages = render(reply) if messages is None else messages
        view = self._view(reply)
        for i, message in enumerate(messages):
            last = i == len(messages) - 1
            v = view if last else None
            extra: dict[str, Any] = {"view": v} if v else {}
            upload = discord_file(reply.attachment) if last else None
            if upload is not None:
                extra["file"] = upload
            sent = await destination.send(
                content=message.content, embeds=message.embeds, allowed_mentions=NO_MENTIONS, **extra
            )
            self._track(v, sent.id, lambda m=sent: m.edit(view=None))

    # ------------------------------------------------------------ direct messages

    async def on_message(self, message: discord.Message) -> None:
        """Direct messages: commands typed as text, and admins' articles (text or files)."""
        if message.guild is not None or message.author.bot or (self.user and message.author.id == self.user.id):
            return
        try:
            req = Request(
                platform="discord", chat_id=str(message.channel.id), user_id=str(message.author.id),
                is_admin=self.app.settings.is_admin("discord", message.author.id), chat_type="private",
                user_name=message.author.display_name, chat_is_admin=True,
            )
            parsed = parse_command(message.content or "")
            if parsed:
                req.command, req.args, req.text = parsed
            else:
                req.text = message.content or ""
                if req.is_admin:
                    for item in message.attachments[:5]:
                        attachment, problem = await self._download(
                            item.filename, item.size, item.content_type, item.url, req
                        )
                        if problem is not None:
                            await self.send_messages(message.channel, problem)
                            return
                        req.attachments.append(attachment)  # type: ignore[arg-type]
            if not req.command and not req.text.strip() and not req.attachments:
                return
            reply = await self.app.handle(req)
            await self.send_messages(message.channel, reply)
        except discord.HTTPException as exc:
            log.warning("could not answer a direct message: %s", exc)
        except Exception:
            log.exception("direct message from discord:%s failed", message.author.id)


async def _ready(reply: Reply) -> Reply:
    return reply


def discord_file(attachment: Attachment | None) -> discord.File | None:
    """A reply's file as a discord.py upload (multipart), under a safe file name; None without one."""
    if attachment is None:
        return None
    return discord.File(io.BytesIO(attachment.data), filename=attachment.safe_name)
