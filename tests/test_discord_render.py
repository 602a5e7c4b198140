"""Reply → Discord embeds: every limit, nothing lost, emphasis as bold, Markdown escaped; custom ids; command JSON."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.discord import commands, views
from bot.discord.render import (
    DEFAULT_COLOR,
    color_for,
    escape,
    post_title,
    render,
    split_text,
)
from handlers import build_registry
from handlers.core import EM_END, EM_START, Button, Field, Reply, Section, em
from handlers.i18n import Catalog
from tests.fakes.discord_api import validate_commands, validate_message


def body_of(message) -> dict:
    return {"content": message.content, "embeds": [e.to_dict() for e in message.embeds]}


def assert_valid(messages) -> None:
    for m in messages:
        assert validate_message(body_of(m)) == {}, validate_message(body_of(m))
        for e in m.embeds:
            raw = str(e.to_dict())
            assert EM_START not in raw and EM_END not in raw


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text.replace("**", ""))


def test_forty_actor_fields_fit_and_nothing_is_lost():
    fields = [Field(f"Actor {i}", f"Role of actor {i} " * 20, inline=True) for i in range(40)]
    reply = Reply(sections=[Section(title="Actors", emoji="👥", fields=fields, color="main")])
    messages = render(reply)
    assert_valid(messages)
    shown = [f for m in messages for e in m.embeds for f in e.fields]
    assert [f.name for f in shown] == [f"Actor {i}" for i in range(40)]
    assert messages[0].embeds[0].title == "👥 Actors"
    assert all(e.colour.value == color_for("main") for m in messages for e in m.embeds)


def test_forty_actor_sections_are_split_over_messages():
    sections = [Section(title=f"Actor {i}", emoji="🧑", text="A statement. " * 60, fields=[Field("Mentions", str(i))])
                for i in range(40)]
    messages = render(Reply(sections=sections))
    assert_valid(messages)
    assert len(messages) >= 4  # at most 10 embeds per message
    titles = [e.title for m in messages for e in m.embeds if e.title]
    assert titles == [f"🧑 Actor {i}" for i in range(40)]


def test_long_text_continues_and_emphasis_stays_balanced():
    text = " ".join(em(f"bold{i}") if i % 7 == 0 else f"plain_{i}*" for i in range(3000))
    messages = render(Reply(sections=[Section(title="T" * 400, text=text, footer="f" * 3000)]))
    assert_valid(messages)
    descriptions = [e.description for m in messages for e in m.embeds if e.description]
    assert len(descriptions) >= 3
    for d in descriptions:
        assert d.count("**") % 2 == 0
    joined = " ".join(unescape(d) for d in descriptions)
    assert joined.split() == text.replace(EM_START, "").replace(EM_END, "").split()
    first = messages[0].embeds[0]
    assert 240 <= len(first.title) <= 256 and first.title.endswith("…")
    assert len(messages[-1].embeds[-1].footer.text) <= 2048


def test_bold_open_across_a_cut_is_closed_and_reopened():
    text = em("word " * 2000)
    chunks = split_text(text, 1024)
    assert len(chunks) > 5
    assert all(c.startswith("**") and c.endswith("**") and len(c) <= 1024 for c in chunks)


def test_markdown_is_escaped_and_emphasis_becomes_bold():
    section = Section(text=f"a_b *c* `d` ~~e~~ | {em('key')} https://x.org/a_b")
    (message,) = render(Reply(sections=[section]))
    desc = message.embeds[0].description
    assert r"a\_b" in desc and r"\*c\*" in desc and r"\`d\`" in desc and "**key**" in desc
    assert "https://x.org/a_b" in desc  # links keep their underscores
    assert escape("#12 and\n# heading") == "#12 and\n\\# heading"


def test_unbalanced_marks_never_leak():
    messages = render(Reply(sections=[Section(title=f"{EM_END}t{EM_START}", text=f"{EM_START}open {EM_END}{EM_END} x {EM_START}",
                                              fields=[Field(EM_START, EM_END)])]))
    assert_valid(messages)


def test_long_field_values_continue_in_blank_named_fields():
    reply = Reply(sections=[Section(fields=[Field("Quotes", "\n".join(f"line {i} " * 8 for i in range(100)))])])
    messages = render(reply)
    assert_valid(messages)
    fields = [f for m in messages for e in m.embeds for f in e.fields]
    assert fields[0].name == "Quotes" and len(fields) > 3 and all(f.name == "\u200b" for f in fields[1:])


def test_colours_errors_and_empty_replies():
    assert color_for(None) == DEFAULT_COLOR
    assert color_for("talks") == color_for("talks") and color_for("error") == color_for("x", error=True)
    (message,) = render(Reply.message("bad", error=True))
    assert message.embeds[0].colour.value == color_for(None, error=True)
    (empty,) = render(Reply())
    assert empty.content and not empty.embeds
    assert post_title(Reply(sections=[Section(title="x" * 300)])) == "x" * 99 + "…"


text_st = st.text(alphabet=st.sampled_from([*"ab *_~`|>#-\n حرف", EM_START, EM_END]), max_size=3000)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.one_of(st.none(), text_st.map(lambda s: s[:400])), text_st,
                          st.lists(st.tuples(text_st.map(lambda s: s[:300]), text_st), max_size=30)), max_size=14))
def test_any_reply_renders_within_every_limit(sections):
    reply = Reply(sections=[Section(title=t, text=x, fields=[Field(n, v) for n, v in fs]) for t, x, fs in sections])
    assert_valid(render(reply))


# ------------------------------------------------------------------ custom ids


def test_custom_id_round_trip_and_limits():
    cid = views.encode(Button("Next", "search", ("peace", "talks", "p2")), 0, 1)
    assert cid == "nb1|01|search|peace|talks|p2"
    assert views.decode(cid) == ("search", ["peace", "talks", "p2"])
    long = views.encode(Button("x", "search", ("سلام" * 40, "p2")))
    assert len(long) <= 100 and long.startswith("nb1~")
    assert views.decode(long) == ("search", ["سلام" * 40, "p2"])
    piped = views.encode(Button("x", "actor", ("a|b",)))
    assert views.decode(piped) == ("actor", ["a|b"])


@pytest.mark.parametrize("bad", ["", "nb0|00|help", "nb1|help", "nb1|0x|help", "nb1|00|Help!", "nb1|00|help||",
                                 "nb1~00~gone", "x" * 101, "nb1|00|a|" + "|".join("1" * 11)])
def test_bad_custom_ids_are_refused(bad):
    with pytest.raises(views.BadCustomId):
        views.decode(bad)


async def test_view_has_unique_ids_and_at_most_five_rows():
    async def press(interaction, custom_id):
        return None

    rows = [[Button(f"b{r}{c}", "help") for c in range(7)] for r in range(7)]
    view = views.ReplyView(rows, press, timeout=5)
    ids = [item.custom_id for item in view.children]
    assert len(ids) == 25 and len(set(ids)) == 25
    view.stop()


# ------------------------------------------------------------------ slash command JSON


def test_generated_commands_pass_discords_validation():
    registry = build_registry()
    catalog = Catalog.load()
    body = commands.build_commands(registry, catalog)
    assert validate_commands(body) == {}
    names = {c["name"] for c in body}
    for command in registry.commands.values():
        if not command.hidden and not command.admin_only:
            assert command.name in names
    admin = next(c for c in body if c["name"] == "admin")
    assert {o["name"] for o in admin["options"]} == {c.name for c in registry.commands.values() if c.admin_only}
    for c in body:
        assert "description_localizations" not in c  # Discord refuses "ar"


def test_description_carries_both_languages_within_100():
    catalog = Catalog({"k": {"en": "List the commands", "ar": "قائمة الأوامر"},
                       "long": {"en": "E" * 80, "ar": "ع" * 80}, "huge": {"en": "E" * 150, "ar": "ع"}})
    assert commands.describe(catalog, "k") == "List the commands · قائمة الأوامر"
    assert len(commands.describe(catalog, "long")) == 100 and "ع" in commands.describe(catalog, "long")
    assert len(commands.describe(catalog, "huge")) == 100


def test_argument_text_follows_the_command_order():
    registry = build_registry()
    card = registry.get("card")
    assert card is not None
    options = [{"name": "article", "value": 1}, {"name": "n", "value": 3}]
    assert commands.argument_text(card, options) == "3 1"
    data = {"name": "admin", "options": [{"type": 1, "name": "delete", "options": [{"name": "id", "value": 4}]}]}
    assert commands.flatten(data) == ("delete", [{"name": "id", "value": 4}])


def test_api_base_url_sets_the_routes_and_is_restored():
    from discord.gateway import DiscordWebSocket
    from discord.http import Route

    from bot.discord.client import configure_api, restore_api

    before = (Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY)
    try:
        assert configure_api("https://discord.com") is False  # Discord's own: its default gateway stays
        assert Route.BASE == "https://discord.com/api/v10"
        assert configure_api("http://127.0.0.1:9/") is True  # elsewhere: the gateway comes from /gateway/bot
        assert Route.BASE == "http://127.0.0.1:9/api/v10"
    finally:
        restore_api()
    assert (Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY) == before
