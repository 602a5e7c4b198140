"""Roles shown in the reader's language when they are a title plus a nationality or a body."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.app import App
from digests.roles import role_in
from tests.conftest import ask


@pytest.mark.parametrize(
    ("arabic", "english"),
    [
        ("رئيس الوزراء الأرميني", "Armenian Prime Minister"),
        ("الرئيس الروسي", "Russian President"),
        ("رئيس الاتحاد الأوروبي", "European Union President"),
        ("الأمين العام للأمم المتحدة", "United Nations Secretary-General"),
        ("المتحدث باسم الكرملين", "Kremlin spokesperson"),
        ("وزير الخارجية الروسي السابق", "former Russian Foreign Minister"),
        ("رئيس فرنسا", "French President"),
    ],
)
def test_arabic_roles_in_english(arabic: str, english: str) -> None:
    assert role_in(arabic, "en") == english


@pytest.mark.parametrize(
    ("english", "arabic"),
    [
        ("Turkish President", "الرئيس التركي"),
        ("former British Prime Minister", "رئيس الوزراء البريطاني السابق"),
        ("Kremlin spokesman", "المتحدث باسم الكرملين"),
        ("Secretary-General of the United Nations", "الأمين العام للأمم المتحدة"),
        ("President of France", "الرئيس الفرنسي"),
        ("European Union President", "رئيس الاتحاد الأوروبي"),
        ("French Foreign Minister", "وزير الخارجية الفرنسي"),
    ],
)
def test_english_roles_in_arabic(english: str, arabic: str) -> None:
    assert role_in(english, "ar") == arabic


@pytest.mark.parametrize(
    ("role", "language"),
    [
        ("معلمة تبلغ من العمر 42 عاما", "en"),  # not a title: shown as written, never half-translated
        ("a mother of five", "ar"),
        ("U.N. special envoy for Sudan", "ar"),  # two bodies: too much to put together safely
        ("الرئيس الروسي", "ar"),  # already in the reader's language
        ("Turkish President", "en"),
    ],
)
def test_other_roles_are_shown_as_written(role: str, language: str) -> None:
    assert role_in(role, language) == role


@given(st.text(max_size=60), st.sampled_from(["ar", "en"]))
def test_any_role_gives_text(role: str, language: str) -> None:
    assert isinstance(role_in(role, language), str)


async def test_actors_list_and_card_show_roles_in_the_chat_language(app: App) -> None:
    listing = (await ask(app, "/actors", locale="en")).plain_text()
    assert "Armenian Prime Minister" in listing and "رئيس الوزراء الأرميني" not in listing
    card = (await ask(app, "/actor Putin", locale="en")).plain_text()
    assert "Russian President" in card
    arabic = (await ask(app, "/actors", locale="ar")).plain_text()
    assert "رئيس الوزراء الأرميني" in arabic
