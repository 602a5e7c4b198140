"""The command registry and the core reading commands, through the real dispatch path."""

from __future__ import annotations

from handlers import build_registry
from handlers.core import Reply, Request
from tests.conftest import ask


async def test_help_lists_every_registered_visible_command(app):
    reply = await ask(app, "/help")
    text = reply.plain_text()
    for command in app.registry.visible(admin=False):
        assert f"/{command.name}" in text
    admin_only = [c for c in app.registry.commands.values() if c.admin_only]
    assert admin_only, "the admin commands are registered"
    for command in admin_only:
        assert f"/{command.name} " not in text + " "
    admin_text = (await ask(app, "/help", admin=True)).plain_text()
    for command in admin_only:
        assert f"/{command.name}" in admin_text


async def test_every_command_has_help_in_both_languages(app):
    for command in app.registry.commands.values():
        for lang in ("ar", "en"):
            assert app.catalog.has(command.help_key), command.name
            assert app.catalog.get(lang, command.help_key) != command.help_key
        for arg in command.args:
            assert app.catalog.has(arg.description_key), (command.name, arg.name)


async def test_every_admin_command_refuses_a_non_admin(app):
    for command in app.registry.commands.values():
        if not command.admin_only:
            continue
        for platform in ("console", "telegram", "discord"):
            reply = await ask(app, f"/{command.name} 1", platform=platform)
            assert reply.error and "للمشرفين فقط" in reply.plain_text(), command.name
    assert await app.store.count_articles() == 1  # nothing deleted


async def test_unknown_command_suggests_only_visible_commands(app):
    reply = await ask(app, "/delet")
    assert reply.error
    assert "/delete" not in reply.plain_text()
    reply = await ask(app, "/latst")
    assert "/latest" in reply.plain_text()


async def test_latest_article_and_cards_of_the_seed(app):
    latest = await ask(app, "/latest")
    assert "يتطلع بوتين" in latest.plain_text()
    assert latest.buttons and latest.buttons[0][0].command == "article"
    article = await ask(app, "/article 1")
    text = article.plain_text()
    assert "رويترز" in text and "31 أكتوبر 2022" in text


async def test_lang_is_stored_per_chat(app):
    assert "أحدث" in (await ask(app, "/latest", chat_id="a")).plain_text()
    assert (await ask(app, "/lang en", chat_id="a")).plain_text() == "I will answer in English here."
    assert "Newest" in (await ask(app, "/latest", chat_id="a")).plain_text()
    assert "31 October 2022" in (await ask(app, "/latest", chat_id="a")).plain_text()
    assert "أحدث" in (await ask(app, "/latest", chat_id="b")).plain_text()  # another chat keeps Arabic


async def test_lang_in_a_group_needs_a_chat_admin(app):
    reply = await ask(app, "/lang en", chat_id="g", chat_type="group")
    assert reply.error
    ok = await ask(app, "/lang en", chat_id="g", chat_type="group", chat_is_admin=True)
    assert not ok.error


async def test_user_language_hint_is_used_until_the_chat_chooses(app):
    req = Request(platform="telegram", chat_id="x", user_id="y", command="latest", user_language="en-GB")
    reply = await app.handle(req)
    assert "Newest" in reply.plain_text()


async def test_search_pages_and_highlights(app):
    reply = await ask(app, "/search للسلام")
    assert "#1" in reply.plain_text()
    assert "\ue000" in reply.sections[0].text  # emphasis marks reach the renderer


async def test_a_failing_handler_answers_politely(app):
    async def broken(req, ctx):
        raise RuntimeError("boom")

    from handlers.registry import Command

    app.registry.add(Command("broken", broken, "core.help.help"))
    reply = await ask(app, "/broken", locale="en")
    assert reply.error and "Sorry" in reply.plain_text() and "boom" not in reply.plain_text()


async def test_rate_limit_per_user(app):
    app.registry.limiter.per_minute = 3
    replies = [await ask(app, "/start", user_id="flood") for _ in range(5)]
    assert [r.error for r in replies] == [False, False, False, True, True]
    other = await ask(app, "/start", user_id="calm")
    assert not other.error


def test_registry_refuses_duplicate_names():
    registry = build_registry()
    command = next(iter(registry.commands.values()))
    try:
        registry.add(command)
    except ValueError as exc:
        assert command.name in str(exc)
    else:
        raise AssertionError("duplicate accepted")


def test_reply_plain_text_drops_marks():
    assert Reply.message("\ue000x\ue001").plain_text() == "x"


async def test_unicode_digits_that_are_not_numbers_are_refused(app):
    for text in ("/article ²", "/latest ³", "/search x p²", "/article ١", "/latest ٣"):
        reply = await ask(app, text)
        assert "Sorry" not in reply.plain_text() and "عذرًا، حدث خطأ" not in reply.plain_text(), text
    assert "#1" in (await ask(app, "/article ١")).plain_text()  # Arabic-Indic digits are numbers
