"""People are found by a name in the other script: /actor Putin for «فلاديمير بوتين», and back."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bot.app import App
from digests.ingest import ingest_article
from digests.model import Article
from digests.store import Store
from digests.store import actors as actor_rows
from tests.conftest import ask

ENGLISH = Article(
    title="Macron meets Scholz in Paris",
    paragraphs=[
        "PARIS (Reuters) - French President Emmanuel Macron hosted German Chancellor Olaf Scholz on Tuesday.",
        '"We agree on the essentials," Macron told reporters after the talks.',
    ],
    published=datetime(2024, 5, 7, 12, tzinfo=UTC),
)
ARABIC = Article(
    title="بوتين يستقبل رئيس الوزراء",
    paragraphs=[
        "موسكو (رويترز) – استقبل الرئيس الروسي فلاديمير بوتين يوم الثلاثاء رئيس الوزراء الهندي ناريندرا مودي.",
        "وقال بوتين إن المحادثات كانت مثمرة.",
    ],
    published=datetime(2024, 7, 9, 12, tzinfo=UTC),
)


async def test_a_latin_query_finds_a_person_named_in_arabic_and_back(store: Store) -> None:
    await ingest_article(store, ENGLISH)
    await ingest_article(store, ARABIC)
    db = store.db
    putin = await actor_rows.find(db, "Putin")
    assert putin is not None
    card = await actor_rows.card(db, putin)
    assert card is not None and card.name == "فلاديمير بوتين"
    assert await actor_rows.find(db, "Vladimir Putin") == putin
    macron = await actor_rows.find(db, "ماكرون")
    assert macron is not None
    assert (await actor_rows.card(db, macron)).name == "Emmanuel Macron"  # type: ignore[union-attr]
    assert await actor_rows.find(db, "Zyxwvut Qrs") is None  # no sound-alike: nothing


async def test_same_script_names_are_not_matched_by_sound(store: Store) -> None:
    await ingest_article(store, ENGLISH)
    # "Makron" sounds like Macron but is written in the same script: only the spelling paths apply.
    assert await actor_rows.find_by_sound(store.db, "Makron") is None
    assert await actor_rows.find_by_sound(store.db, "ماكرون") is not None


async def test_upgrade_to_0075_gives_stored_people_their_keys(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    store = await Store.open(path, migrate=False)
    await store.migrate(target=74)
    async with store.transaction() as db:
        await db.executemany(
            "INSERT INTO actors (id, key, name, name_en, kind) VALUES (?, ?, ?, ?, ?)",
            [
                (1, "فلاديمير بوتين", "فلاديمير بوتين", None, "person"),
                (2, "روسيا", "روسيا", "Russia", "country"),
                (3, "emmanuel macron", "Emmanuel Macron", "Emmanuel Macron", "person"),
            ],
        )
    await store.close()
    store = await Store.open(path)
    try:
        rows = await store.fetchall("SELECT skeleton, actor_id FROM actor_skeletons ORDER BY actor_id, skeleton")
        assert [(r[0], r[1]) for r in rows] == [("BTN", 1), ("FLDMR BTN", 1), ("MKRN", 3), ("MNL MKRN", 3)]
        assert await actor_rows.find(store.db, "Putin") == 1
    finally:
        await store.close()


async def test_actor_and_timeline_commands_answer_a_name_in_the_other_script(app: App) -> None:
    actor = (await ask(app, "/actor Putin", locale="en")).plain_text()
    assert "فلاديمير بوتين" in actor
    timeline = (await ask(app, "/timeline Putin", locale="en")).plain_text()
    assert "31 October 2022" in timeline
    assert "No events" not in timeline
