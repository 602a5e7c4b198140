"""Digest composition, subscription filters and the subscription commands."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from digests import filters as filter_mod
from digests.digest import compose, preview
from digests.ingest import ingest_article
from digests.model import Article
from digests.store import subscriptions as sub_rows
from tests.conftest import ask

T0 = datetime(2024, 3, 5, 6, 0, tzinfo=UTC)

OIL = Article(
    title="ارتفاع أسعار النفط بعد قرار أوبك",
    paragraphs=[
        "ارتفعت أسعار النفط يوم الثلاثاء بعد أن قررت منظمة أوبك خفض الإنتاج بمقدار مليون برميل يوميًا.",
        "وقال محللون إن القرار سيؤثر على أسعار الوقود في الأسواق العالمية خلال الأشهر المقبلة.",
    ],
    source="وكالة الاختبار",
    url="https://t.example/oil",
)
FOOTBALL = Article(
    title="المنتخب يفوز في مباراة كرة القدم",
    paragraphs=[
        "فاز المنتخب الوطني لكرة القدم على ضيفه بهدفين مقابل هدف في المباراة التي أقيمت مساء الاثنين.",
        "وقال المدرب إن الفريق قدم أداء جيدًا رغم غياب عدد من اللاعبين بسبب الإصابة.",
    ],
    source="وكالة الرياضة",
    url="https://t.example/football",
)
TRAM = Article(
    title="City opens new tram line",
    paragraphs=["The city opened a twelve-kilometre tram line on Monday linking the airport with the old town."],
    source="RDF Bulletin",
    url="https://t.example/tram",
)


async def _store_at(app, article, when):
    with time_machine.travel(when, tick=False):
        article = Article(**{**article.__dict__, "flags": [], "id": None})
        return (await ingest_article(app.store, article)).article_id


@pytest.fixture
async def loaded(empty_app):
    ids = {
        "oil": await _store_at(empty_app, OIL, T0 - timedelta(hours=5)),
        "football": await _store_at(empty_app, FOOTBALL, T0 - timedelta(hours=3)),
        "tram": await _store_at(empty_app, TRAM, T0 - timedelta(hours=30)),  # older than 24 h
    }
    return empty_app, ids


def test_filter_parsing():
    f = filter_mod.parse(["actor:بوتين", "-keyword:رياضة", "feed:#3", "كلمة:نفط", "keyword:oil_price"])
    assert f.include == {"actor": ["بوتين"], "feed": ["3"], "keyword": ["نفط", "oil price"]}
    assert f.exclude == {"keyword": ["رياضة"]}
    assert f.describe() == ["actor:بوتين", "feed:3", "keyword:نفط", "keyword:oil price", "-keyword:رياضة"]
    assert filter_mod.Filters.from_json(f.to_json()) == f
    for bad in (["nope:x"], ["keyword:"], ["feed:abc"], ["topic:no-such-topic"], ["keyword:" + "x" * 100]):
        with pytest.raises(filter_mod.FilterError):
            filter_mod.parse(bad)


def test_regex_metacharacters_are_plain_text():
    """No user text becomes a regular expression: a catastrophic pattern is just words."""
    f = filter_mod.parse(["keyword:(a+)+$"])
    assert f.include == {"keyword": ["(a+)+$"]}
    facts = filter_mod.ArticleFacts(1, None, set(), set(), ["a" * 5000 + "b"])
    assert filter_mod.Matcher(f)(facts) is False  # the word «a» is not in the text
    assert filter_mod.Matcher(f)(filter_mod.ArticleFacts(1, None, set(), set(), ["x", "a", "y"])) is True


async def test_keyword_filters_are_clitic_aware(loaded):
    app, ids = loaded
    all_ids = [ids["oil"], ids["football"], ids["tram"]]
    # «النفط» in the text, «نفط» in the filter
    assert await filter_mod.select(app.store, filter_mod.parse(["keyword:نفط"]), all_ids) == [ids["oil"]]
    # exclusion with a clitic: «بالمباراة»-style forms meet «مباراة»
    assert await filter_mod.select(app.store, filter_mod.parse(["-keyword:مباراة"]), all_ids) == [ids["oil"], ids["tram"]]
    assert await filter_mod.select(app.store, filter_mod.parse(["keyword:tram"]), all_ids) == [ids["tram"]]
    assert await filter_mod.select(app.store, filter_mod.parse(["keyword:نفط", "keyword:tram"]), all_ids) == [ids["oil"], ids["tram"]]
    # two kinds must both match
    assert await filter_mod.select(app.store, filter_mod.parse(["keyword:نفط", "feed:9"]), all_ids) == []


async def test_actor_filter(loaded):
    app, ids = loaded
    row = await app.store.fetchone(
        "SELECT a.name FROM actor_mentions m JOIN actors a ON a.id = m.actor_id WHERE m.article_id = ? LIMIT 1", (ids["oil"],)
    )
    assert row is not None, "the analyser found no actor in the oil story"
    got = await filter_mod.select(app.store, filter_mod.parse([f"actor:{row['name'].replace(' ', '_')}"]), list(ids.values()))
    assert ids["oil"] in got and ids["tram"] not in got


async def test_compose_window_layout_and_empty(loaded):
    app, ids = loaded
    await sub_rows.subscribe(app.store, "console", "c1", time="06:00", timezone="UTC")
    sub = await sub_rows.get(app.store, "console", "c1")
    reply = await compose(app.store, app.catalog, sub, since=T0 - timedelta(hours=24), cutoff=T0, locale="ar")
    assert reply is not None
    text = reply.plain_text()
    assert reply.data["article_ids"] == [ids["football"], ids["oil"]]  # newest first; the 30 h old one is out
    assert f"#{ids['oil']} ارتفاع أسعار النفط بعد قرار أوبك" in text
    assert "وكالة الاختبار" in text and "City opens" not in text
    assert "مقالان جديدان" in text
    assert f"/cards {ids['football']}" in text  # the closing line
    oil = next(s for s in reply.sections if s.title and s.title.startswith(f"#{ids['oil']}"))
    assert oil.text.count("\n") + 1 >= 1 and oil.footer and "2024" in oil.footer
    # nothing stored in the window: no message, unless configured
    empty = await compose(app.store, app.catalog, sub, since=T0, cutoff=T0 + timedelta(hours=1), locale="en")
    assert empty is None
    short = await compose(app.store, app.catalog, sub, since=T0, cutoff=T0 + timedelta(hours=1), locale="en", send_when_empty=True)
    assert "Nothing new today." in short.plain_text()


async def test_compose_applies_subscription_filters(loaded):
    app, ids = loaded
    await sub_rows.subscribe(
        app.store, "console", "c1", time="06:00", timezone="UTC", filters=filter_mod.parse(["-keyword:كرة_القدم"]).to_json()
    )
    sub = await sub_rows.get(app.store, "console", "c1")
    reply = await compose(app.store, app.catalog, sub, since=T0 - timedelta(hours=24), cutoff=T0, locale="en")
    assert reply.data["article_ids"] == [ids["oil"]]
    assert "1 new article" in reply.plain_text()


async def test_preview_uses_last_digest(loaded):
    app, ids = loaded
    await sub_rows.subscribe(app.store, "console", "c1", time="06:00", timezone="UTC")
    async with app.store.transaction() as db:
        await db.execute("UPDATE subscriptions SET last_digest = ?", ((T0 - timedelta(hours=4)).isoformat(),))
    reply = await preview(app.store, app.catalog, app.settings, "console", "c1", None, T0)
    assert reply.data["article_ids"] == [ids["football"]]


# ---------------------------------------------------------------- commands


async def test_subscribe_private_chat_with_time_timezone_filters(empty_app):
    app = empty_app
    reply = await ask(app, "/subscribe 07:30 Asia/Baku actor:بوتين -keyword:رياضة", locale="en")
    assert not reply.error, reply.plain_text()
    assert "07:30 (Asia/Baku)" in reply.plain_text()
    sub = await sub_rows.get(app.store, "console", "c1")
    assert (sub["time"], sub["timezone"], sub["active"]) == ("07:30", "Asia/Baku", 1)
    shown = (await ask(app, "/subscription", locale="en")).plain_text()
    assert "actor:بوتين -keyword:رياضة" in shown and "Asia/Baku" in shown
    # changing only the time keeps the filters
    await ask(app, "/subscribe ٠٩:١٥", locale="en")
    sub = await sub_rows.get(app.store, "console", "c1")
    assert sub["time"] == "09:15" and "بوتين" in sub["filters"]
    assert "stopped" in (await ask(app, "/unsubscribe", locale="en")).plain_text()
    assert not (await sub_rows.get(app.store, "console", "c1"))["active"]
    assert "no digest subscription" in (await ask(app, "/subscription", locale="en")).plain_text()


async def test_subscribe_defaults(empty_app):
    await ask(empty_app, "/subscribe")
    sub = await sub_rows.get(empty_app.store, "console", "c1")
    assert (sub["time"], sub["timezone"]) == ("08:00", "UTC")


@pytest.mark.parametrize(
    ("command", "key_text"),
    [
        ("/subscribe 25:00", "Not a valid time"),
        ("/subscribe Mars/Olympus", "Unknown timezone"),
        ("/subscribe ../../etc/passwd", "Unknown timezone"),
        ("/subscribe colour:red", "Unknown timezone"),
        ("/subscribe topic:nonsense", "Unknown topic"),
    ],
)
async def test_subscribe_validation(empty_app, command, key_text):
    reply = await ask(empty_app, command, locale="en")
    assert reply.error and key_text in reply.plain_text()
    assert await sub_rows.get(empty_app.store, "console", "c1") is None


async def test_group_needs_chat_admin(empty_app):
    refused = await ask(empty_app, "/subscribe", chat_type="group", chat_id="-100", locale="en")
    assert refused.error and "Only the admins" in refused.plain_text()
    assert await sub_rows.get(empty_app.store, "console", "-100") is None
    ok = await ask(empty_app, "/subscribe 06:00", chat_type="group", chat_id="-100", chat_is_admin=True, locale="en")
    assert not ok.error
    refused = await ask(empty_app, "/unsubscribe", chat_type="channel", chat_id="-100", locale="en")
    assert refused.error
    bot_admin = await ask(empty_app, "/unsubscribe", chat_type="channel", chat_id="-100", admin=True, locale="en")
    assert not bot_admin.error


async def test_digest_command_honours_filters(loaded):
    app, _ = loaded
    before = (await ask(app, "/digest", locale="en")).plain_text()
    assert "كرة القدم" in before
    await ask(app, "/subscribe -keyword:كرة_القدم", locale="en")
    after = (await ask(app, "/digest", locale="en")).plain_text()
    assert "كرة القدم" not in after and "النفط" in after


async def test_schedule_hook_called_on_change(empty_app):
    calls = []

    async def hook():
        calls.append(1)

    empty_app.services["schedule_changed"] = hook
    await ask(empty_app, "/subscribe 05:00")
    await ask(empty_app, "/unsubscribe")
    assert len(calls) == 2


async def test_static_subscriptions_from_config(empty_app, tmp_path):
    path = tmp_path / "subscriptions.toml"
    path.write_text(
        '[[subscription]]\nplatform = "telegram"\nchat_id = "-100123"\ntimezone = "Asia/Riyadh"\n'
        'filters = { exclude = { keyword = ["رياضة"] } }\n'
    )
    assert await sub_rows.sync_static(empty_app.store, "08:00", "UTC", path) == 1
    assert await sub_rows.sync_static(empty_app.store, "08:00", "UTC", path) == 0
    sub = await sub_rows.get(empty_app.store, "telegram", "-100123")
    assert (sub["time"], sub["timezone"], sub["created_by"]) == ("08:00", "Asia/Riyadh", "config")
    assert filter_mod.Filters.from_json(sub_rows.filters_of(sub)).exclude == {"keyword": ["رياضة"]}


async def test_digest_command_previews_the_next_digest_of_a_subscribed_chat(empty_app):
    from digests.ingest import article_from_text, ingest_article

    app = empty_app
    await ask(app, "/subscribe 07:30 UTC", locale="en")
    text = "Harbour reopens after storm\nThe port reopened on Tuesday after a two-day closure caused by the storm."
    await ingest_article(app.store, article_from_text(text))
    upcoming = (await ask(app, "/digest", locale="en")).plain_text()
    assert "Digest for" in upcoming and "1 new article" in upcoming and "Harbour reopens" in upcoming
    # once that digest has gone out, nothing is new: /digest shows the newest articles instead
    await app.store.db.execute("UPDATE subscriptions SET last_digest = ?", ("2999-01-01T00:00:00+00:00",))
    newest = (await ask(app, "/digest", locale="en")).plain_text()
    assert "Digest for" not in newest and "Harbour reopens" in newest
    # a chat without a subscription always gets the newest articles
    other = (await ask(app, "/digest", locale="en", chat_id="elsewhere")).plain_text()
    assert "Digest for" not in other and "Harbour reopens" in other
