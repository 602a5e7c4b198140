"""digests.sources: a page URL becomes one article, a feed URL every entry, with the fetch rules."""

from __future__ import annotations

import pytest

from digests.fetch import FetchError
from digests.sources import article_from_url, ingest_url, normalise_encoding
from tests.feedserver import DATA, make_settings


async def test_article_from_url_extracts_title_date_and_paragraphs(server, tmp_path):
    server.file("/statues.html", "statues.html", "text/html; charset=utf-8")
    article = await article_from_url(server.url("/statues.html"), make_settings(tmp_path))
    assert article.title == "Museum returns looted statues"
    assert article.published is not None and article.published.date().isoformat() == "2024-03-05"
    assert len(article.paragraphs) == 3
    assert article.paragraphs[0].startswith("A national museum handed back fourteen bronze statues")
    assert not any("Copyright" in p or "Home" in p for p in article.paragraphs)
    assert article.url == server.url("/statues.html")


async def test_article_from_url_refuses_private_without_setting(server, tmp_path):
    server.file("/statues.html", "statues.html", "text/html")
    settings = make_settings(tmp_path, NEWSBOT_ALLOW_PRIVATE_URLS="false")
    with pytest.raises(FetchError) as err:
        await article_from_url(server.url("/statues.html"), settings)
    assert err.value.key == "fetch.private_address"
    assert server.hits["/statues.html"] == 0


async def test_ingest_url_page_stores_one_article(server, store, tmp_path):
    server.file("/statues.html", "statues.html", "text/html")
    results = await ingest_url(store, make_settings(tmp_path), server.url("/statues.html"))
    assert len(results) == 1 and not results[0].duplicate
    row = await store.get_article(results[0].article_id)
    assert row["title"] == "Museum returns looted statues"
    again = await ingest_url(store, make_settings(tmp_path), server.url("/statues.html"))
    assert again[0].duplicate and again[0].article_id == results[0].article_id


async def test_ingest_url_feed_stores_every_entry(server, store, tmp_path):
    server.file("/feed.xml", "rss2.xml", "application/rss+xml")
    results = await ingest_url(store, make_settings(tmp_path), server.url("/feed.xml"))
    assert [r.duplicate for r in results] == [False, False, False]
    titles = {r["title"] for r in await store.fetchall("SELECT title FROM articles")}
    assert "Central bank holds rates steady" in titles
    assert await store.count_articles() == 3


async def test_ingest_url_html_page_that_is_not_an_article(server, store, tmp_path):
    server.static("/empty.html", "<html><body><nav>menu</nav></body></html>", "text/html")
    with pytest.raises(FetchError) as err:
        await ingest_url(store, make_settings(tmp_path), server.url("/empty.html"))
    assert err.value.key == "fetch.not_article"


def test_wrong_declared_encoding_is_corrected():
    cp = (DATA / "arabic_cp1256.xml").read_bytes()
    fixed, ctype = normalise_encoding(cp, "application/rss+xml")
    assert "معرض الكتاب" in fixed.decode("utf-8")
    utf = (DATA / "arabic.xml").read_bytes()
    fixed, ctype = normalise_encoding(utf, "application/rss+xml; charset=iso-8859-1")
    assert fixed.lower() == utf.lower() and ctype == "application/rss+xml"
