"""digests.fetch against a local server: schemes, private addresses, redirects, caps, gzip bombs, 304."""

from __future__ import annotations

import asyncio
import gzip
import ipaddress
from datetime import UTC, datetime

import pytest
from aiohttp import web

from digests.fetch import FetchError, FetchOptions, address_allowed, fetch, parse_max_age, parse_retry_after
from digests.ingest import IngestError

OPEN = FetchOptions(timeout=2, max_bytes=100_000, max_redirects=3, allow_private=True)
CLOSED = FetchOptions(timeout=2, max_bytes=100_000, max_redirects=3, allow_private=False)


async def test_plain_get_returns_body_and_validators(server):
    server.static("/a", "<rss/>", "application/rss+xml", ETag='"v1"', **{"Last-Modified": "Mon, 01 Jan 2024 00:00:00 GMT"})
    result = await fetch(server.url("/a"), options=OPEN)
    assert result.status == 200
    assert result.content == b"<rss/>"
    assert result.etag == '"v1"'
    assert result.last_modified == "Mon, 01 Jan 2024 00:00:00 GMT"
    assert result.content_type == "application/rss+xml"
    assert result.redirects == [] and result.permanent_url is None


@pytest.mark.parametrize("url", ["ftp://example.com/x", "file:///etc/passwd", "gopher://h/", "javascript:alert(1)"])
async def test_only_http_and_https(url):
    with pytest.raises(FetchError) as err:
        await fetch(url, options=OPEN)
    assert err.value.key in ("fetch.bad_scheme", "fetch.bad_url")


async def test_fetch_error_is_an_ingest_error():
    with pytest.raises(IngestError):
        await fetch("ftp://example.com/", options=OPEN)


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "localhost", "[::1]", "169.254.169.254", "10.1.2.3", "192.168.0.1", "0.0.0.0", "[::ffff:127.0.0.1]"]
)
async def test_private_addresses_refused_without_allow_private(server, host):
    server.static("/a", "secret")
    url = f"http://{host}:{server.port}/a"
    with pytest.raises(FetchError) as err:
        await fetch(url, options=CLOSED)
    assert err.value.key == "fetch.private_address"
    assert server.hits["/a"] == 0


async def test_allow_private_reaches_loopback(server):
    server.static("/a", "ok", "text/plain")
    assert (await fetch(server.url("/a"), options=OPEN)).content == b"ok"


def test_address_classes():
    allowed = [ipaddress.ip_address(a) for a in ("8.8.8.8", "1.1.1.1", "2606:4700:4700::1111")]
    refused = [
        ipaddress.ip_address(a)
        for a in ("127.0.0.1", "10.0.0.1", "172.16.5.4", "100.64.0.1", "224.0.0.1", "::1", "fe80::1", "fc00::1", "::ffff:10.0.0.1", "240.0.0.1")
    ]
    assert all(address_allowed(a) for a in allowed)
    assert not any(address_allowed(a) for a in refused)


async def test_redirects_are_recorded_and_permanent_chain_reported(server):
    server.redirect("/old", "/middle", 301)
    server.redirect("/middle", server.url("/new"), 308)
    server.static("/new", "<rss/>")
    result = await fetch(server.url("/old"), options=OPEN)
    assert result.content == b"<rss/>"
    assert result.url == server.url("/new")
    assert result.redirects == [(301, server.url("/middle")), (308, server.url("/new"))]
    assert result.permanent_url == server.url("/new")


async def test_temporary_redirect_in_chain_is_not_permanent(server):
    server.redirect("/old", "/tmp", 301)
    server.redirect("/tmp", "/new", 302)
    server.static("/new", "<rss/>")
    result = await fetch(server.url("/old"), options=OPEN)
    assert result.url == server.url("/new")
    assert result.permanent_url is None


async def test_redirect_loop_bounded(server):
    server.redirect("/a", "/b", 302)
    server.redirect("/b", "/a", 302)
    with pytest.raises(FetchError) as err:
        await fetch(server.url("/a"), options=OPEN)
    assert err.value.key == "fetch.too_many_redirects"
    assert server.hits["/a"] + server.hits["/b"] == OPEN.max_redirects + 1


async def test_redirect_to_other_scheme_refused(server):
    server.redirect("/a", "file:///etc/passwd", 302)
    with pytest.raises(FetchError) as err:
        await fetch(server.url("/a"), options=OPEN)
    assert err.value.key == "fetch.bad_scheme"


async def test_declared_oversized_body_refused(server):
    server.static("/big", b"x" * 200_000, "text/html")
    with pytest.raises(FetchError) as err:
        await fetch(server.url("/big"), options=OPEN)
    assert err.value.key == "fetch.too_large"


async def test_streamed_oversized_body_refused(server):
    server.streamed("/stream", b"y" * 10_000, 1000)
    with pytest.raises(FetchError) as err:
        await fetch(server.url("/stream"), options=OPEN)
    assert err.value.key == "fetch.too_large"


async def test_gzip_is_decoded(server):
    body = ("<rss>" + "خبر " * 2000 + "</rss>").encode()
    server.gzipped("/gz", body)
    result = await fetch(server.url("/gz"), options=OPEN)
    assert result.content == body


async def test_gzip_bomb_refused_by_decoded_size(server):
    bomb = b"\0" * 50_000_000
    assert len(gzip.compress(bomb)) < OPEN.max_bytes  # small on the wire
    server.gzipped("/bomb", bomb)
    with pytest.raises(FetchError) as err:
        await fetch(server.url("/bomb"), options=OPEN)
    assert err.value.key == "fetch.too_large"


async def test_conditional_get_304(server):
    server.with_etag("/feed", "<rss/>", '"abc"')
    first = await fetch(server.url("/feed"), options=OPEN)
    assert first.etag == '"abc"' and not first.not_modified
    second = await fetch(server.url("/feed"), options=OPEN, etag=first.etag, last_modified="Mon, 01 Jan 2024 00:00:00 GMT")
    assert second.not_modified and second.content == b""
    assert second.etag == '"abc"'
    sent = server.headers["/feed"][-1]
    assert sent["If-None-Match"] == '"abc"'
    assert sent["If-Modified-Since"] == "Mon, 01 Jan 2024 00:00:00 GMT"


async def test_error_status_carries_retry_after(server):
    server.status("/busy", 503, **{"Retry-After": "120"})
    with pytest.raises(FetchError) as err:
        await fetch(server.url("/busy"), options=OPEN)
    assert err.value.key == "fetch.http_status"
    assert err.value.status == 503
    assert err.value.retry_after == 120


async def test_cache_control_exposed(server):
    server.static("/c", "<rss/>", **{"Cache-Control": "public, max-age=600"})
    assert (await fetch(server.url("/c"), options=OPEN)).max_age == 600


async def test_slow_server_times_out(server):
    async def slow(request: web.Request) -> web.StreamResponse:
        await asyncio.sleep(5)
        return web.Response(text="late")

    server.routes["/slow"] = slow
    with pytest.raises(FetchError) as err:
        await fetch(server.url("/slow"), options=FetchOptions(timeout=0.3, allow_private=True))
    assert err.value.key == "fetch.timeout"


async def test_unresolvable_host():
    with pytest.raises(FetchError) as err:
        await fetch("http://no-such-host.invalid/", options=CLOSED)
    assert err.value.key == "fetch.dns"


def test_header_parsers():
    now = datetime(2024, 1, 1, 0, 0, tzinfo=UTC)
    assert parse_retry_after("30") == 30
    assert parse_retry_after("Mon, 01 Jan 2024 00:02:00 GMT", now) == 120
    assert parse_retry_after("soon") is None
    assert parse_max_age("no-cache") == 0
    assert parse_max_age("max-age=60, public") == 60
    assert parse_max_age(None) is None
