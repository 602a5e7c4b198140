"""The Discord Sender end to end: channels, threads, forum posts, gone chats, failures, and 429 bursts."""

from __future__ import annotations

import asyncio
import time

import pytest

from bot.senders import ChatGone, SendFailed
from handlers.core import Button, Field, Reply, Section
from tests.fakes.discord_api import (
    FORUM_CHANNEL,
    HIDDEN_CHANNEL,
    TEXT_CHANNEL,
    THREAD_CHANNEL,
    FakeDiscord,
    RunningBot,
    embed_size,
)


def digest(n: int) -> Reply:
    return Reply(
        sections=[Section(title=f"Digest {n}", emoji="📰", text=f"Item number {n}", color="digest",
                          fields=[Field("Source", "Wire", inline=True)])],
        buttons=[[Button("Cards", "cards", ("1",))]],
    )


@pytest.fixture
async def bot(tmp_path):
    async with RunningBot(str(tmp_path / "db.sqlite")) as harness:
        yield harness


async def test_sender_registered_and_sends_to_channel_and_thread(bot):
    send = bot.app.services["senders"]["discord"]
    await send(str(TEXT_CHANNEL), None, digest(1))
    await send(str(TEXT_CHANNEL), str(THREAD_CHANNEL), digest(2))
    (in_channel,) = bot.fake.messages[TEXT_CHANNEL]
    (in_thread,) = bot.fake.messages[THREAD_CHANNEL]
    assert in_channel["embeds"][0]["title"] == "📰 Digest 1"
    assert in_thread["embeds"][0]["title"] == "📰 Digest 2"
    assert in_channel["components"][0]["components"][0]["custom_id"] == "nb1|00|cards|1"


async def test_forum_channel_gets_a_new_post_per_digest(bot):
    send = bot.app.services["senders"]["discord"]
    await send(str(FORUM_CHANNEL), None, digest(1))
    await send(str(FORUM_CHANNEL), None, digest(2))
    posts = bot.fake.threads_created
    assert [p["forum"] for p in posts] == [FORUM_CHANNEL, FORUM_CHANNEL]
    assert [p["thread"]["name"] for p in posts] == ["📰 Digest 1", "📰 Digest 2"]
    assert posts[0]["message"]["embeds"][0]["description"] == "Item number 1"


async def test_long_reply_to_a_forum_continues_inside_the_post(bot):
    send = bot.app.services["senders"]["discord"]
    reply = Reply(sections=[Section(title=f"Part {i}", text="word " * 900) for i in range(6)])
    await send(str(FORUM_CHANNEL), None, reply)
    (post,) = bot.fake.threads_created
    inside = bot.fake.messages[int(post["thread"]["id"])]
    assert len(inside) >= 2  # the first message opened the post, the rest followed inside it
    for message in inside:
        assert sum(embed_size(e) for e in message["embeds"]) <= 6000
    assert bot.fake.invalid_bodies == []


async def test_missing_channel_and_lost_permission_are_chat_gone(bot):
    send = bot.app.services["senders"]["discord"]
    with pytest.raises(ChatGone):
        await send("123456789012345678", None, digest(1))  # unknown channel: 404
    with pytest.raises(ChatGone):
        await send(str(HIDDEN_CHANNEL), None, digest(1))  # permission lost: 403
    with pytest.raises(ChatGone):
        await send("not-a-channel", None, digest(1))


async def test_other_failures_are_send_failed(bot):
    send = bot.app.services["senders"]["discord"]
    bot.fake.fail[TEXT_CHANNEL] = (400, 50006, "Cannot send an empty message")
    with pytest.raises(SendFailed):
        await send(str(TEXT_CHANNEL), None, digest(1))


async def test_burst_meets_429s_and_is_delivered_completely(tmp_path):
    fake = FakeDiscord(rate_limit=(5, 0.5), advertise_limits=False)
    async with RunningBot(str(tmp_path / "db.sqlite"), fake=fake) as h:
        send = h.app.services["senders"]["discord"]
        started = time.monotonic()
        await asyncio.wait_for(asyncio.gather(*(send(str(TEXT_CHANNEL), None, digest(n)) for n in range(30))), 60)
        elapsed = time.monotonic() - started
        got = sorted(m["embeds"][0]["description"] for m in h.fake.messages[TEXT_CHANNEL])
        assert got == sorted(f"Item number {n}" for n in range(30))
        assert h.fake.rate_limited > 0  # the burst did meet 429s ...
        assert elapsed >= 0.5 * (30 / 5 - 1) * 0.9  # ... and waited them out instead of dropping messages


async def test_advertised_buckets_are_respected_without_losing_messages(tmp_path):
    fake = FakeDiscord(rate_limit=(5, 0.5), advertise_limits=True)
    async with RunningBot(str(tmp_path / "db.sqlite"), fake=fake) as h:
        send = h.app.services["senders"]["discord"]
        for n in range(12):
            await send(str(TEXT_CHANNEL), None, digest(n))
        assert len(h.fake.messages[TEXT_CHANNEL]) == 12


async def test_a_client_not_connected_is_unreachable_not_a_crash():
    """Before READY a client has no HTTP session, and a closed one has none left: either is an
    outage (the broadcaster holds the platform back), never a traceback and a used-up attempt."""
    import discord

    from bot.discord.sender import DiscordSender

    client = discord.Client(intents=discord.Intents.none())
    send = DiscordSender(client)
    with pytest.raises(SendFailed) as never_started:
        await send(str(TEXT_CHANNEL), None, digest(1))
    assert never_started.value.unreachable
    await client.close()
    with pytest.raises(SendFailed) as closed:
        await send(str(TEXT_CHANNEL), None, digest(2))
    assert closed.value.unreachable
