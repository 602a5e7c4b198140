"""/actors and /actor against a real temporary SQLite store, and cross-article actor merging."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.app import App
from digests.actors import extract
from digests.model import Analysis, Article
from digests.store import actors as actor_rows
from digests.text import prepare
from tests.conftest import ask

DATA = Path(__file__).parent / "data" / "actors"


async def store_article(app: App, title: str, paragraphs: list[str], published: datetime) -> int:
    """Save an article with its actors (cards and timeline left empty: this tests actors only)."""
    article = Article(title=title, paragraphs=paragraphs, published=published, source="test")
    doc = prepare(article)
    analysis = Analysis(
        language=doc.language, title=doc.title, published=doc.published, paragraphs=doc.paragraphs,
        dateline=doc.dateline, actors=extract(doc),
    )
    result = await app.store.save_article(article, analysis)
    return result.article_id


def seed_lines() -> tuple[str, list[str]]:
    lines = [ln for ln in (DATA / "seed_sochi_ar.txt").read_text(encoding="utf-8").splitlines() if ln.strip()]
    return lines[0], lines[1:]


@pytest.fixture
def actors_app(empty_app: App) -> App:
    """An app on an empty temporary store (tests/conftest.py)."""
    return empty_app


@pytest.fixture
async def filled(actors_app: App) -> dict[str, int]:
    title, paras = seed_lines()
    ids = {"seed": await store_article(actors_app, title, paras, datetime(2022, 10, 31, tzinfo=UTC))}
    ids["later"] = await store_article(
        actors_app,
        "بوتين يلتقي أردوغان",
        ["قال الرئيس بوتين إن المحادثات مع تركيا كانت مثمرة.", "وقال بوتين: \"نحن مستعدون للحوار\"."],
        datetime(2022, 11, 5, tzinfo=UTC),
    )
    ids["english"] = await store_article(
        actors_app,
        "Putin and Erdogan meet",
        ["Russian President Vladimir Putin met Turkish President Tayyip Erdogan in Sochi on Friday.",
         "\"We discussed grain exports,\" Putin told reporters, adding that Russia was ready to help."],
        datetime(2022, 11, 6, tzinfo=UTC),
    )
    ids["old"] = await store_article(
        actors_app,
        "زيارة قديمة",
        ["استقبل الرئيس الكيني ويليام روتو وفدا من رجال الأعمال في نيروبي."],
        datetime(2022, 6, 1, tzinfo=UTC),
    )
    return ids


async def test_actors_of_one_article_people_first(actors_app: App, filled: dict[str, int]) -> None:
    reply = await ask(actors_app, f"/actors {filled['seed']}", locale="ar")
    text = reply.plain_text()
    assert not reply.error
    titles = [s.title for s in reply.sections]
    assert titles.index("الأشخاص") < titles.index("الدول والمنظمات") < titles.index("الأماكن")
    assert "فلاديمير بوتين — الرئيس الروسي" in text
    assert "نيكول باشينيان — رئيس الوزراء الأرميني" in text
    assert "«الأهم هو ضمان السلام وتهيئة الظروف للتنمية»" in text
    assert "روسيا" in text and "سوتشي" in text
    assert "رويترز" not in text.split("\n", 1)[1]


async def test_actors_in_english_use_english_names(actors_app: App, filled: dict[str, int]) -> None:
    text = (await ask(actors_app, f"/actors {filled['seed']}", locale="en")).plain_text()
    assert "Russia · mentioned 19 times" in text
    assert "Countries and organisations" in text


async def test_actors_all_articles_ranked_in_window_up_to_newest(actors_app: App, filled: dict[str, int]) -> None:
    text = (await ask(actors_app, "/actors", locale="ar")).plain_text()
    assert "أبرز الفاعلين في آخر 30 يومًا" in text
    assert "ويليام روتو" not in text  # older than 30 days before the newest article
    people_part = text.split("الأشخاص", 1)[1].split("الدول والمنظمات", 1)[0]
    assert people_part.index("نيكول باشينيان") < people_part.index("تشارلز ميشيل")


async def test_actor_merged_across_articles_and_found_fuzzily(actors_app: App, filled: dict[str, int]) -> None:
    for query in ("بوتين", "فلاديمير بوتين", "لبوتين", "وبوتين"):
        reply = await ask(actors_app, f"/actor {query}", locale="ar")
        text = reply.plain_text()
        assert not reply.error, query
        assert text.startswith("فلاديمير بوتين"), (query, text)
        assert f"#{filled['later']}" in text and f"#{filled['seed']}" in text
        assert text.index(f"#{filled['later']}") < text.index(f"#{filled['seed']}")  # newest first
        assert "الرئيس الروسي" in text
        assert "«نحن مستعدون للحوار»" in text


async def test_actor_in_english(actors_app: App, filled: dict[str, int]) -> None:
    text = (await ask(actors_app, "/actor Putin", locale="en")).plain_text()
    assert "Vladimir Putin" in text and "Russian President" in text
    assert "We discussed grain exports" in text
    text = (await ask(actors_app, "/actor russia", locale="en")).plain_text()
    assert text.startswith("Russia (روسيا)")
    # the country is one actor across Arabic and English articles
    for key in ("seed", "english"):
        assert f"#{filled[key]}" in text


async def test_actor_clitic_and_spelling_variants(actors_app: App, filled: dict[str, int]) -> None:
    text = (await ask(actors_app, "/actor لباشينيان", locale="ar")).plain_text()
    assert text.startswith("نيكول باشينيان")
    assert "«أشكركم على الجهود التي تبذلونها لإحلال السلام والاستقرار والأمن»" in text
    text = (await ask(actors_app, "/actor ناغورنو كاراباخ", locale="ar")).plain_text()
    assert text.startswith("ناغورني كاراباخ")


async def test_actor_no_match_suggests_closest(actors_app: App, filled: dict[str, int]) -> None:
    reply = await ask(actors_app, "/actor باشينيا", locale="ar")
    assert reply.error
    text = reply.plain_text()
    assert "لا يوجد فاعل باسم «باشينيا»" in text
    assert "نيكول باشينيان" in text
    assert any(b.command == "actor" for row in reply.buttons for b in row)


async def test_actor_no_match_offers_no_unrelated_names(actors_app: App, filled: dict[str, int]) -> None:
    reply = await ask(actors_app, "/actor Guterres", locale="en")
    assert reply.error
    assert "Did you mean" not in reply.plain_text()  # Russia or Geneva are no typo of Guterres
    assert not reply.buttons


async def test_actor_usage_and_bad_article(actors_app: App, filled: dict[str, int]) -> None:
    assert (await ask(actors_app, "/actor", locale="en")).error
    reply = await ask(actors_app, "/actors 9999", locale="en")
    assert reply.error


async def test_actor_card_lists_timeline_events(actors_app: App, filled: dict[str, int]) -> None:
    async with actors_app.store.transaction() as db:
        await db.execute(
            "INSERT INTO events (article_id, start, end, precision, text, event, paragraphs, actors) "
            "VALUES (?, '2022-10-31', '2022-10-31', 'day', 'يوم الاثنين', ?, '[0]', ?)",
            (filled["seed"], "بوتين يستضيف محادثات في سوتشي", json.dumps(["فلاديمير بوتين", "سوتشي"], ensure_ascii=False)),
        )
        await db.execute(
            "INSERT INTO events (article_id, start, end, precision, text, event, paragraphs, actors) "
            "VALUES (?, '2020', '2020', 'year', 'عام 2020', ?, '[2]', ?)",
            (filled["seed"], "حرب بين أرمينيا وأذربيجان", json.dumps(["أرمينيا", "أذربيجان"], ensure_ascii=False)),
        )
    text = (await ask(actors_app, "/actor بوتين", locale="ar")).plain_text()
    assert "بوتين يستضيف محادثات في سوتشي" in text
    assert "حرب بين أرمينيا وأذربيجان" not in text


async def test_empty_store_answers_politely(actors_app: App) -> None:
    reply = await ask(actors_app, "/actors", locale="en")
    assert "No actors are stored yet." in reply.plain_text()


async def test_store_merges_surname_only_person_into_full_name(actors_app: App, filled: dict[str, int]) -> None:
    rows = await actors_app.store.fetchall("SELECT id, name FROM actors WHERE kind = 'person'")
    names = [r["name"] for r in rows]
    assert names.count("فلاديمير بوتين") == 1
    assert "بوتين" not in names
    putin = await actor_rows.find(actors_app.store.db, "بوتين")
    mentions = await actors_app.store.fetchall("SELECT article_id FROM actor_mentions WHERE actor_id = ?", (putin,))
    assert {r["article_id"] for r in mentions} == {filled["seed"], filled["later"]}
