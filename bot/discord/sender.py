"""The Sender for platform "discord": a Reply into a channel, a thread, or a new forum post.

``chat_id`` is the channel; ``thread_id``, when given, is the thread inside it (Discord threads are
channels of their own). A forum channel cannot hold plain messages, so each reply sent to one
becomes a new post (a thread named after the reply's first title). A missing channel or a lost
permission (404 / 403) raises ``ChatGone`` so the subscription goes inactive; anything else
(including rate limits discord.py gave up waiting on, and network errors) raises ``SendFailed``,
marked ``unreachable`` for network errors and HTTP 5xx (Discord down, not the channel), and for a
client that is not connected (not READY yet, or closed under the send).
discord.py already waits out 429 answers and the ``X-RateLimit`` buckets before giving up.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import aiohttp
import discord

from bot.discord.client import discord_file
from bot.discord.render import post_title, render
from bot.senders import ChatGone, SendFailed
from handlers.core import Reply

if TYPE_CHECKING:
    from bot.discord.client import NewsClient

log = logging.getLogger(__name__)


class DiscordSender:
    def __init__(self, client: NewsClient) -> None:
        self.client = client

    async def __call__(self, chat_id: str, thread_id: str | None, reply: Reply) -> None:
        try:
            target = int(thread_id or chat_id)
        except (TypeError, ValueError):
            raise ChatGone(f"not a Discord channel id: {thread_id or chat_id!r}") from None
        if self.client.is_closed() or not self.client.is_ready():
            raise SendFailed("discord: not connected", unreachable=True)
        try:
            channel = self.client.get_channel(target) or await self.client.fetch_channel(target)
            messages = render(reply)
            if isinstance(channel, discord.ForumChannel):
                first = messages[0]
                upload = discord_file(reply.attachment) if len(messages) == 1 else None
                post = await channel.create_thread(
                    name=post_title(reply), content=first.content, embeds=first.embeds,
                    allowed_mentions=discord.AllowedMentions.none(), **({"file": upload} if upload else {}),
                )
                if len(messages) > 1:
                    await self.client.send_messages(post.thread, reply, messages[1:])
                return
            if not isinstance(channel, discord.abc.Messageable):
                raise ChatGone(f"channel {target} cannot hold messages")
            await self.client.send_messages(channel, reply, messages)
        except (discord.NotFound, discord.Forbidden) as exc:
            raise ChatGone(f"discord channel {target}: {exc.status} {exc.text}") from None
        except discord.RateLimited as exc:
            raise SendFailed(f"discord channel {target}: rate limited", retry_after=exc.retry_after) from None
        except discord.HTTPException as exc:
            retry = exc.response.headers.get("Retry-After") if exc.response is not None else None
            raise SendFailed(
                f"discord channel {target}: {exc.status} {exc.text}", retry_after=float(retry) if retry else None,
                unreachable=isinstance(exc, discord.DiscordServerError),
            ) from None
        except (TimeoutError, aiohttp.ClientError, OSError) as exc:
            raise SendFailed(f"discord channel {target}: {type(exc).__name__}", unreachable=True) from None
        except Exception as exc:
            if self.client.is_closed():  # the connection was closed under the send (an outage, a reconnect)
                raise SendFailed(f"discord channel {target}: the connection closed ({type(exc).__name__})",
                                 unreachable=True) from None
            raise
