"""Feed polling against feeds served from 127.0.0.1: formats, encodings, 304, errors, backoff, dedup, OPML."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from digests import feeds
from digests.store import Store, parse_dt
from tests.feedserver import DATA, make_settings


@pytest.fixture
def settings(tmp_path):
    return make_settings(tmp_path)


async def _poll(store, settings, url, **kw):
    feed_id, _ = await feeds.add_feed(store, url)
    row = await feeds.feed_by_id(store, feed_id)
    return feed_id, await feeds.poll_feed(store, settings, row, **kw)


async def _titles(store):
    return [r["title"] for r in await store.fetchall("SELECT title FROM articles ORDER BY id")]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("rss2.xml", ["Port workers end strike after wage deal", "Central bank holds rates steady", "Heavy rain closes mountain roads"]),
        ("atom.xml", ["Telescope spots distant comet", "Researchers map coral reef recovery"]),
        ("rss1.xml", ["City opens new tram line", "Library extends opening hours"]),
        ("arabic.xml", ["افتتاح معرض الكتاب بمشاركة 500 دار نشر", "ارتفاع صادرات التمور إلى مستوى قياسي"]),
    ],
)
async def test_formats_are_polled_and_stored(server, store, settings, name, expected):
    server.file("/feed", name)
    feed_id, outcome = await _poll(store, settings, server.url("/feed"))
    assert outcome.status == "new" and outcome.new == len(expected)
    assert await _titles(store) == expected
    rows = await store.fetchall("SELECT feed_id, source, language FROM articles")
    assert {r["feed_id"] for r in rows} == {feed_id}
    row = await feeds.feed_by_id(store, feed_id)
    assert row["title"] and row["failures"] == 0 and row["last_error"] is None
    if name == "arabic.xml":
        assert {r["language"] for r in rows} == {"ar"}
    if name == "atom.xml":
        assert row["title"] == "Science Desk"  # HTML stripped from the feed title


async def test_wrong_declared_encoding_arabic_feed(server, store, settings):
    server.file("/feed", "arabic_cp1256.xml")
    _, outcome = await _poll(store, settings, server.url("/feed"))
    assert outcome.new == 2
    assert "افتتاح معرض الكتاب بمشاركة 600 دار نشر" in await _titles(store)


async def test_malformed_feed_still_yields_entries(server, store, settings):
    server.file("/feed", "malformed.xml")
    _, outcome = await _poll(store, settings, server.url("/feed"))
    assert outcome.status == "new"
    titles = await _titles(store)
    assert "Bakery wins national bread prize" in titles
    assert any(t.startswith("Ferry service resumes") for t in titles)


async def test_missing_and_future_dates_and_duplicate_guids(server, store, settings):
    server.file("/feed", "dates.xml")
    with time_machine.travel(datetime(2024, 3, 10, 12, 0, tzinfo=UTC), tick=False):
        await _poll(store, settings, server.url("/feed"))
    rows = await store.fetchall("SELECT title, published, flags FROM articles ORDER BY id")
    assert len(rows) == 2  # the repeated guid is stored once
    undated, future = rows
    assert "date-missing" in json.loads(undated["flags"])
    assert parse_dt(undated["published"]) == datetime(2024, 3, 10, 12, 0, tzinfo=UTC)
    assert "date-in-future" in json.loads(future["flags"])
    assert parse_dt(future["published"]) == datetime(2024, 3, 10, 12, 0, tzinfo=UTC)


async def test_etag_304_and_dedup_across_polls(server, store, settings):
    body = (DATA / "rss2.xml").read_bytes()
    server.with_etag("/feed", body, '"v1"')
    feed_id, first = await _poll(store, settings, server.url("/feed"))
    assert first.new == 3
    row = await feeds.feed_by_id(store, feed_id)
    assert row["etag"] == '"v1"'
    second = await feeds.poll_feed(store, settings, row)
    assert second.status == "not_modified" and second.results == []
    assert server.headers["/feed"][-1]["If-None-Match"] == '"v1"'
    # the server forgets its ETag: the same entries come again and are skipped
    server.static("/feed", body)
    third = await feeds.poll_feed(store, settings, await feeds.feed_by_id(store, feed_id))
    assert third.status == "new" and third.new == 0 and len(third.results) == 3
    assert await store.count_articles() == 3


async def test_same_story_in_two_feeds_is_stored_once(server, store, settings):
    server.file("/a", "rss2.xml")
    text = (DATA / "rss2.xml").read_text().replace("wire.example", "mirror.example").replace("wire-", "mirror-")
    server.static("/b", text)
    await _poll(store, settings, server.url("/a"))
    _, outcome = await _poll(store, settings, server.url("/b"))
    assert outcome.new == 0  # same normalised content hash
    assert await store.count_articles() == 3


async def test_500_then_recovery_with_backoff_and_one_alert(server, store, tmp_path):
    settings = make_settings(tmp_path, NEWSBOT_CONFIG="")
    settings.raw["feeds"]["failures_before_alert"] = 3
    server.status("/feed", 500)
    alerts = []

    async def notify(row, error):
        alerts.append((row["id"], error.key))

    feed_id, _ = await feeds.add_feed(store, server.url("/feed"))
    start = datetime(2024, 3, 1, 0, 0, tzinfo=UTC)
    waits = []
    for i in range(5):
        with time_machine.travel(start + timedelta(days=i), tick=False):
            outcome = await feeds.poll_feed(store, settings, await feeds.feed_by_id(store, feed_id), notify=notify)
            row = await feeds.feed_by_id(store, feed_id)
            waits.append(parse_dt(row["next_poll"]) - parse_dt(row["last_polled"]))
        assert outcome.status == "error" and outcome.error.key == "fetch.http_status"
    assert row["failures"] == 5
    assert feeds.last_error(row) == ("fetch.http_status", {"code": "500"})
    assert waits == [timedelta(minutes=15 * 2**n) for n in range(1, 6)]  # exponential
    assert alerts == [(feed_id, "fetch.http_status")]  # once, at the third failure
    server.file("/feed", "rss2.xml")
    outcome = await feeds.poll_feed(store, settings, row, notify=notify)
    assert outcome.status == "new" and outcome.new == 3
    row = await feeds.feed_by_id(store, feed_id)
    assert row["failures"] == 0 and row["last_error"] is None and row["alerted"] == 0


async def test_retry_after_is_respected(server, store, settings):
    server.status("/feed", 503, **{"Retry-After": "7200"})
    feed_id, _ = await _poll(store, settings, server.url("/feed"))
    row = await feeds.feed_by_id(store, feed_id)
    assert parse_dt(row["next_poll"]) - parse_dt(row["last_polled"]) == timedelta(hours=2)


async def test_cache_control_delays_next_poll(server, store, settings):
    server.static("/feed", (DATA / "rss2.xml").read_bytes(), **{"Cache-Control": "max-age=3600"})
    feed_id, _ = await _poll(store, settings, server.url("/feed"))
    row = await feeds.feed_by_id(store, feed_id)
    assert parse_dt(row["next_poll"]) - parse_dt(row["last_polled"]) == timedelta(hours=1)


async def test_permanent_redirect_updates_stored_url(server, store, settings):
    server.redirect("/old", "/new", 301)
    server.file("/new", "atom.xml")
    feed_id, outcome = await _poll(store, settings, server.url("/old"))
    assert outcome.url_changed_to == server.url("/new")
    assert (await feeds.feed_by_id(store, feed_id))["url"] == server.url("/new")


async def test_temporary_redirect_keeps_url(server, store, settings):
    server.redirect("/old", "/new", 302)
    server.file("/new", "atom.xml")
    feed_id, outcome = await _poll(store, settings, server.url("/old"))
    assert outcome.new == 2
    assert (await feeds.feed_by_id(store, feed_id))["url"] == server.url("/old")


async def test_oversized_feed_is_an_error(server, store, tmp_path):
    settings = make_settings(tmp_path)
    settings.raw["feeds"]["max_bytes"] = 10_000
    server.streamed("/feed", b"<item>" + b"x" * 1000 + b"</item>", 100, "application/rss+xml")
    feed_id, outcome = await _poll(store, settings, server.url("/feed"))
    assert outcome.error.key == "fetch.too_large"
    assert feeds.last_error(await feeds.feed_by_id(store, feed_id))[0] == "fetch.too_large"


async def test_html_page_is_not_a_feed(server, store, settings):
    server.file("/feed", "statues.html", "text/html")
    _, outcome = await _poll(store, settings, server.url("/feed"))
    assert outcome.error.key == "feeds.not_a_feed"


async def test_summary_only_entries_fetched_in_full(server, store, settings):
    server.static("/feed", (DATA / "summary.xml").read_text().replace("{base}", server.url("")))
    server.file("/pages/statues.html", "statues.html", "text/html")
    _, outcome = await _poll(store, settings, server.url("/feed"))
    assert outcome.new == 2
    rows = {r["title"]: r for r in await store.fetchall("SELECT * FROM articles")}
    full = rows["Museum returns looted statues"]
    assert len(json.loads(full["paragraphs"])) == 3
    assert "full-text" in json.loads(full["flags"]) and "summary-only" not in json.loads(full["flags"])
    fallback = rows["Orchestra cancels tour"]  # its page is a 404: the summary is kept, flagged
    assert json.loads(fallback["paragraphs"]) == ["The national orchestra cancelled its spring tour because of funding cuts."]
    assert {"summary-only", "full-text-failed"} <= set(json.loads(fallback["flags"]))
    # a second poll does not fetch the pages again
    hits = server.hits["/pages/statues.html"]
    await feeds.poll_feed(store, settings, await feeds.feed_by_url(store, server.url("/feed")))
    assert server.hits["/pages/statues.html"] == hits


async def test_summary_only_full_text_obeys_url_rules(server, store, settings):
    """The entry's link is fetched with the same URL rules as admin loading: file:// is refused."""
    server.static("/feed", (DATA / "summary.xml").read_text().replace("{base}", "file:///etc"))
    await _poll(store, settings, server.url("/feed"))
    rows = await store.fetchall("SELECT flags, paragraphs FROM articles")
    assert len(rows) == 2 and all("full-text-failed" in json.loads(r["flags"]) for r in rows)
    assert not any("root:" in r["paragraphs"] for r in rows)


async def test_poll_due_polls_only_due_feeds_concurrently(server, store, settings):
    for i in range(6):
        text = (DATA / "rss2.xml").read_text().replace("wire-", f"w{i}-").replace("wire.example", f"w{i}.example")
        text = text.replace("Dock workers", f"Dock workers (site {i})").replace("central bank", f"central bank ({i})")
        text = text.replace("Heavy rain closed", f"Heavy rain ({i}) closed")
        server.static(f"/f{i}", text)
        await feeds.add_feed(store, server.url(f"/f{i}"))
    outcomes = await feeds.poll_due(store, settings)
    assert len(outcomes) == 6 and all(o.status == "new" for o in outcomes)
    assert await store.count_articles() == 18
    assert await feeds.poll_due(store, settings) == []  # none due any more
    with time_machine.travel(datetime.now(UTC) + timedelta(minutes=16)):
        assert len(await feeds.poll_due(store, settings)) == 6


async def test_opml_round_trip(store, tmp_path):
    await feeds.add_feed(store, "https://one.example/rss", title="One & Co")
    await feeds.add_feed(store, "https://two.example/atom.xml")
    exported = feeds.opml_export(await feeds.list_feeds(store))
    assert 'xmlUrl="https://one.example/rss"' in exported and "One &amp; Co" in exported
    other = await Store.open(tmp_path / "other.db")
    try:
        result = await feeds.opml_import(other, exported.encode())
        assert len(result.added) == 2 and result.existing == 0
        urls = [r["url"] for r in await feeds.list_feeds(other)]
        assert urls == ["https://one.example/rss", "https://two.example/atom.xml"]
        again = await feeds.opml_import(other, exported.encode())
        assert again.added == [] and again.existing == 2
    finally:
        await other.close()


async def test_opml_nested_invalid_and_entities(store):
    data = b"""<?xml version="1.0"?>
<opml version="1.0"><body>
<outline text="News"><outline text="A" xmlUrl="https://a.example/feed"/></outline>
<outline text="bad" xmlUrl="ftp://b.example/feed"/>
</body></opml>"""
    result = await feeds.opml_import(store, data)
    assert len(result.added) == 1 and result.invalid == ["ftp://b.example/feed"]
    entities = b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x "https://evil.example/">]><opml><body><outline xmlUrl="&x;"/></body></opml>'
    with pytest.raises(feeds.IngestError):
        await feeds.opml_import(store, entities)
    assert [r["url"] for r in await feeds.list_feeds(store)] == ["https://a.example/feed"]
    with pytest.raises(feeds.IngestError):
        feeds.opml_parse(b"<html>not opml</html>")
    with pytest.raises(feeds.IngestError):
        feeds.opml_parse(b"<opml><unclosed")


async def test_static_feeds_from_config(store, tmp_path):
    path = tmp_path / "feeds.toml"
    path.write_text('[[feed]]\nurl = "https://static.example/rss"\ninterval_min = 60\n[[feed]]\nurl = "nope"\n')
    assert await feeds.sync_static_feeds(store, path) == 1
    assert await feeds.sync_static_feeds(store, path) == 0
    row = await feeds.feed_by_url(store, "https://static.example/rss")
    assert row["interval_min"] == 60 and row["added_by"] == "config"
