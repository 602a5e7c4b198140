"""/cards, /card and /digest through the real dispatch path, on a temporary SQLite store."""

from __future__ import annotations

from digests.ingest import article_from_text, ingest_article
from tests.conftest import ask


async def test_cards_lists_the_seed_cards(app):
    reply = await ask(app, "/cards")
    text = reply.plain_text()
    assert "1. 🤝 المحادثات" in text
    assert "قوات حفظ سلام روسية" in text
    assert "4 بطاقات" in text
    labels = [b.label for row in reply.buttons for b in row]
    assert labels == ["1. 🤝", "2. 📜", "3. 🕊️", "4. 🪖"]
    assert reply.buttons[0][0].command == "card" and reply.buttons[0][0].args == ("1", "1")


async def test_cards_in_english_use_english_titles(app):
    text = (await ask(app, "/cards 1", locale="en")).plain_text()
    assert "The talks" in text and "Background" in text and "4 cards" in text


async def test_card_shows_its_paragraphs_with_navigation(app):
    reply = await ask(app, "/card 2 1")
    text = reply.plain_text()
    assert "خاضت أرمينيا وأذربيجان حربين" in text  # paragraph 10
    assert "عندما انهار الاتحاد السوفيتي" in text  # paragraph 28 joins the same card
    assert "سوتشي" not in text.split("خاضت")[0]
    nav = reply.buttons[0]
    assert [(b.command, b.args) for b in nav] == [("card", ("1", "1")), ("card", ("3", "1"))]
    first = await ask(app, "/card 1")
    assert [b.args for b in first.buttons[0]] == [("2", "1")]  # no previous on the first card
    last = await ask(app, "/card 4")
    assert [b.args for b in last.buttons[0]] == [("3", "1")]


async def test_card_errors(app):
    assert (await ask(app, "/card")).error
    assert (await ask(app, "/card x")).error
    too_far = await ask(app, "/card 9", locale="en")
    assert too_far.error and "4 cards" in too_far.plain_text()
    assert (await ask(app, "/card 1 999")).error


async def test_digest_headline_and_one_line_per_card(app):
    story = article_from_text(
        "Strong earthquake hits coast\n"
        "A magnitude 6.8 earthquake struck the coast on Friday, toppling buildings, officials said.\n"
        "Rescue teams pulled survivors from the rubble and the death toll rose to 31.\n"
        "In 1999, a powerful quake in the same region killed more than 17,000 people.\n"
        "Officials said inspections of damaged buildings would begin next week."
    )
    await ingest_article(app.store, story)
    reply = await ask(app, "/digest", locale="en")
    text = reply.plain_text()
    assert "Strong earthquake hits coast" in text and "يتطلع بوتين" in text
    assert text.index("Strong earthquake") < text.index("يتطلع بوتين")  # newest first
    seed_part = text[text.index("يتطلع بوتين"):]
    assert sum(seed_part.count(e) for e in ("🤝", "📜", "🕊️", "🪖")) == 4


async def test_no_articles(empty_app):
    assert "no articles" in (await ask(empty_app, "/cards", locale="en")).plain_text().lower()
    assert (await ask(empty_app, "/digest", locale="en")).plain_text() == "There are no articles yet."


async def test_commands_are_registered_with_help(app):
    help_text = (await ask(app, "/help", locale="en")).plain_text()
    for name in ("/cards", "/card", "/digest"):
        assert name in help_text
