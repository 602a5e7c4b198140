"""The SQLite store: migrations, WAL, whole-article transactions, dedup, Arabic full-text search."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from digests.analysis import analyse
from digests.ingest import IngestError, article_from_text, ingest_article, load_seeds
from digests.model import Article
from digests.store import Store, StoreError, _migrations, latest_schema_version
from digests.store import search as search_rows

ROOT = Path(__file__).resolve().parent.parent


def article(title: str = "عنوان الخبر", body: str = "نص أول عن السلام.\nنص ثان للسلام والأمن.", **kw) -> Article:
    return Article(title=title, paragraphs=body.split("\n"), published=datetime(2024, 5, 1, tzinfo=UTC), **kw)


async def test_fresh_database_is_migrated_in_wal_mode(tmp_path):
    store = await Store.open(tmp_path / "a.db")
    try:
        assert await store.schema_version() == latest_schema_version()
        mode = await store.fetchone("PRAGMA journal_mode")
        assert mode[0] == "wal"
        fk = await store.fetchone("PRAGMA foreign_keys")
        assert fk[0] == 1
        tables = {r[0] for r in await store.fetchall("SELECT name FROM sqlite_master WHERE type='table'")}
        for t in ("feeds", "articles", "cards", "actors", "actor_mentions", "events", "figures",
                  "subscriptions", "deliveries", "audit_log", "chats", "article_fts"):
            assert t in tables
    finally:
        await store.close()


@pytest.mark.parametrize("start", [v for v, _, _ in _migrations()])
async def test_migrates_from_every_previous_version(tmp_path, start):
    path = tmp_path / "m.db"
    store = await Store.open(path, migrate=False)
    await store.migrate(target=start)
    assert await store.schema_version() == start
    await store.close()
    store = await Store.open(path)
    try:
        assert await store.schema_version() == latest_schema_version()
        assert await store.integrity_ok()
    finally:
        await store.close()


async def test_newer_database_is_refused_untouched(tmp_path):
    path = tmp_path / "new.db"
    store = await Store.open(path)
    await store.db.execute("INSERT INTO schema_version(version) VALUES (9999)")
    await store.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer than this newsbot"):
        await Store.open(path)
    assert path.read_bytes() == before


async def test_corrupt_database_is_a_clear_error_and_left_alone(tmp_path):
    path = tmp_path / "corrupt.db"
    junk = b"this is not a database" * 200
    path.write_bytes(junk)
    with pytest.raises(StoreError, match="corrupt"):
        await Store.open(path)
    assert path.read_bytes() == junk


async def test_unwritable_database_folder_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot"):
        await Store.open(blocker / "sub" / "db.sqlite")


async def test_article_is_stored_whole_or_not_at_all(tmp_path, monkeypatch):
    store = await Store.open(tmp_path / "t.db")
    try:
        from digests.store import timeline as timeline_rows

        async def explode(*args, **kwargs):
            raise sqlite3.OperationalError("disk I/O error (simulated)")

        monkeypatch.setattr(timeline_rows, "save", explode)
        a = article()
        with pytest.raises(sqlite3.OperationalError):
            await store.save_article(a, analyse(a))
        for table in ("articles", "cards", "actor_mentions", "events", "article_fts"):
            row = await store.fetchone(f"SELECT count(*) FROM {table}")
            assert row[0] == 0, table
        monkeypatch.undo()
        saved = await store.save_article(a, analyse(a))
        assert not saved.duplicate
        assert await store.count_articles() == 1
    finally:
        await store.close()


async def test_duplicates_by_guid_url_and_content(tmp_path):
    store = await Store.open(tmp_path / "d.db")
    try:
        first = await ingest_article(store, article(guid="g1", url="https://example.org/a"))
        assert not first.duplicate
        same_guid = await ingest_article(store, article(title="آخر", body="نص مختلف تماما.", guid="g1"))
        same_url = await ingest_article(store, article(title="ثالث", body="نص ثالث.", url="https://example.org/a"))
        # same story with other diacritics, spacing and hamza forms: same normalised content
        same_text = await ingest_article(store, article(title="عُنوان الخبر", body="نص أول عن السلام.\nنص ثانٍ للسلام والأمن."))
        assert same_guid.duplicate and same_url.duplicate and same_text.duplicate
        assert {same_guid.article_id, same_url.article_id, same_text.article_id} == {first.article_id}
        assert await store.count_articles() == 1
    finally:
        await store.close()


async def test_seeds_load_once(tmp_path):
    store = await Store.open(tmp_path / "s.db")
    try:
        assert await load_seeds(store, ROOT / "seeds") == 1
        assert await load_seeds(store, ROOT / "seeds") == 0
        row = (await store.latest_articles(1))[0]
        assert row["published"].startswith("2022-10-31")
        assert row["language"] == "ar"
    finally:
        await store.close()


@pytest.mark.parametrize("query", ["السلام", "سلام", "للسلام", "والسلام"])
async def test_search_finds_arabic_variants(tmp_path, query):
    store = await Store.open(tmp_path / "f.db")
    try:
        await ingest_article(store, article(title="خبر أول", body="دعوات لإحلال السلام في المنطقة."))
        await ingest_article(store, article(title="خبر ثان", body="الاقتصاد ينمو ببطء."))
        hits = await search_rows.search(store.db, query)
        assert [h.title for h in hits] == ["خبر أول"]
        assert search_rows.HIGHLIGHT_START + "السلام" in hits[0].snippet
    finally:
        await store.close()


@pytest.mark.parametrize("query", ['"', "*", "AND", "(", 'سلام" OR "x', "NEAR(a b)", "title:x", "') DROP TABLE articles; --"])
async def test_search_treats_fts_syntax_as_text(tmp_path, query):
    store = await Store.open(tmp_path / "q.db")
    try:
        await ingest_article(store, article())
        await search_rows.search(store.db, query)  # must not raise
        assert await store.count_articles() == 1
    finally:
        await store.close()


async def test_deleting_an_article_removes_its_rows_and_index(tmp_path):
    store = await Store.open(tmp_path / "del.db")
    try:
        res = await ingest_article(store, article())
        assert await store.delete_article(res.article_id)
        assert await search_rows.search(store.db, "السلام") == []
        row = await store.fetchone("SELECT count(*) FROM cards")
        assert row[0] == 0
    finally:
        await store.close()


def test_text_articles_are_checked():
    with pytest.raises(IngestError) as err:
        article_from_text("   \n\n ")
    assert err.value.key == "ingest.empty"
    with pytest.raises(IngestError) as err:
        article_from_text("عنوان فقط")
    assert err.value.key == "ingest.no_body"
    with pytest.raises(IngestError) as err:
        article_from_text("عنوان\n" + "كلمة " * 50_000, max_bytes=200 * 1024)
    assert err.value.key == "ingest.too_large"
    a = article_from_text("العنوان\nفقرة أولى.\nفقرة ثانية.")
    assert a.title == "العنوان" and a.paragraphs == ["فقرة أولى.", "فقرة ثانية."]
