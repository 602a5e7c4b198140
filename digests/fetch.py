"""A careful HTTP GET for feeds and admin URLs.

Only http and https; every host is resolved and every address checked (private, loopback,
link-local, reserved, multicast and unspecified addresses are refused unless ``allow_private``),
and the connection is pinned to the checked address so a second DNS answer cannot slip past.
Redirects are followed by hand, bounded and recorded; a chain of permanent redirects is
reported as ``permanent_url``. The body is streamed and capped, and gzip/deflate bodies are
decoded here with a bounded inflater, so a small compressed bomb cannot grow past the cap.
Conditional GET (ETag, Last-Modified) gives ``not_modified``; ``Retry-After`` and
``Cache-Control: max-age`` are exposed. Every failure is a ``FetchError`` with a catalogue key.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import re
import socket
import time
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

import httpx

from digests.ingest import IngestError

if TYPE_CHECKING:
    from bot.settings import Settings

log = logging.getLogger(__name__)

USER_AGENT = "newsbot/0.1 (+https://github.com/newsbot; feed reader)"
PERMANENT = (301, 308)
REDIRECTS = (301, 302, 303, 307, 308)
CHUNK = 64 * 1024


class FetchError(IngestError):
    """A URL that could not be fetched; ``key`` is a message-catalogue key, ``params`` its values.

    It is an ``IngestError``, so every place that reports a refused load reports it too.
    """

    def __init__(
        self, key: str, *, status: int | None = None, retry_after: float | None = None, **params: object
    ) -> None:
        super().__init__(key, **params)
        self.status = status
        self.retry_after = retry_after


@dataclass(frozen=True)
class FetchOptions:
    timeout: float = 20.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    allow_private: bool = False
    user_agent: str = USER_AGENT

    @classmethod
    def from_settings(cls, settings: Settings | None) -> FetchOptions:
        if settings is None:
            return cls()
        feeds = settings.raw["feeds"]
        return cls(
            timeout=float(feeds["timeout_seconds"]),
            max_bytes=int(feeds["max_bytes"]),
            max_redirects=int(feeds["max_redirects"]),
            allow_private=bool(feeds["allow_private_urls"]),
        )


@dataclass
class FetchResult:
    """A finished GET: the final URL, status and body (empty for 304)."""

    requested_url: str
    url: str
    status: int
    content: bytes
    headers: dict[str, str]
    redirects: list[tuple[int, str]] = field(default_factory=list)  # (status, target) for each hop
    permanent_url: str | None = None  # set when every hop was a permanent redirect
    etag: str | None = None
    last_modified: str | None = None
    retry_after: float | None = None
    max_age: float | None = None
    elapsed: float = 0.0

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        match = re.search(r"charset=[\"']?([\w.:-]+)", self.headers.get("content-type", ""), re.I)
        return match.group(1) if match else None

    def text(self) -> str:
        """The body as text: declared charset, else UTF-8 with replacement."""
        charset = self.charset or "utf-8"
        try:
            return self.content.decode(charset, errors="replace")
        except LookupError:
            return self.content.decode("utf-8", errors="replace")


# ---------------------------------------------------------------- addresses


def address_allowed(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Public unicast addresses only."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return address_allowed(ip.ipv4_mapped)
        if ip.sixtofour is not None and not address_allowed(ip.sixtofour):
            return False
        if ip.teredo is not None:
            return False
    return not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
        or not ip.is_global
    )


async def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (an IP literal resolves to itself)."""
    try:
        return [str(ipaddress.ip_address(host.strip("[]")))]
    except ValueError:
        pass
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError):
        raise FetchError("fetch.dns", host=host) from None
    seen: list[str] = []
    for info in infos:
        addr = str(info[4][0]).split("%")[0]
        if addr not in seen:
            seen.append(addr)
    if not seen:
        raise FetchError("fetch.dns", host=host)
    return seen


async def checked_address(url: httpx.URL, allow_private: bool) -> str | None:
    """The address to connect to (None: let httpx resolve); refuses non-public hosts."""
    if url.scheme not in ("http", "https"):
        raise FetchError("fetch.bad_scheme", scheme=url.scheme or "?")
    host = url.host
    if not host:
        raise FetchError("fetch.bad_url", url=str(url)[:200])
    if allow_private:
        return None
    port = url.port or (443 if url.scheme == "https" else 80)
    addresses = await resolve(host, port)
    for addr in addresses:
        if not address_allowed(ipaddress.ip_address(addr)):
            log.info("refused %s: %s is not a public address", host, addr)
            raise FetchError("fetch.private_address", host=host)
    return addresses[0]


def parse_url(url: str) -> httpx.URL:
    try:
        parsed = httpx.URL(url.strip())
    except (httpx.InvalidURL, TypeError, ValueError):
        raise FetchError("fetch.bad_url", url=url[:200]) from None
    if parsed.scheme not in ("http", "https"):
        raise FetchError("fetch.bad_scheme", scheme=parsed.scheme or "?")
    if not parsed.host:
        raise FetchError("fetch.bad_url", url=url[:200])
    return parsed


# ---------------------------------------------------------------- headers


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def parse_max_age(value: str | None) -> float | None:
    """``max-age`` seconds from Cache-Control (0 for no-cache/no-store)."""
    if not value:
        return None
    directives = [d.strip().lower() for d in value.split(",")]
    for d in directives:
        if d.startswith("max-age="):
            try:
                return float(int(d.split("=", 1)[1].strip('"')))
            except ValueError:
                return None
    if "no-cache" in directives or "no-store" in directives:
        return 0.0
    return None


# ---------------------------------------------------------------- body


class _Inflater:
    """gzip/deflate decoding that never produces more than ``limit + 1`` bytes."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        if encoding in ("gzip", "x-gzip"):
            self._d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._d = zlib.decompressobj(zlib.MAX_WBITS)
        else:
            raise FetchError("fetch.bad_encoding", encoding=encoding[:40])
        self._first = True

    def feed(self, data: bytes, room: int) -> bytes:
        out = bytearray()
        try:
            if self._first and self.encoding == "deflate" and data:
                self._first = False
                try:
                    out += self._d.decompress(data, room + 1)
                except zlib.error:  # raw deflate without the zlib header
                    self._d = zlib.decompressobj(-zlib.MAX_WBITS)
                    out += self._d.decompress(data, room + 1)
            else:
                out += self._d.decompress(data, room + 1)
            while self._d.unconsumed_tail and len(out) <= room:
                out += self._d.decompress(self._d.unconsumed_tail, room + 1 - len(out))
        except zlib.error:
            raise FetchError("fetch.bad_encoding", encoding=self.encoding) from None
        return bytes(out)


async def _read_body(response: httpx.Response, max_bytes: int) -> bytes:
    declared = response.headers.get("content-length", "")
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError("fetch.too_large", limit_kb=max_bytes // 1024)
    inflater = None if encoding in ("", "identity") else _Inflater(encoding)
    body = bytearray()
    raw_total = 0
    async for chunk in response.aiter_raw(CHUNK):
        raw_total += len(chunk)
        if raw_total > max_bytes:
            raise FetchError("fetch.too_large", limit_kb=max_bytes // 1024)
        data = inflater.feed(chunk, max_bytes - len(body)) if inflater else chunk
        body += data
        if len(body) > max_bytes:
            raise FetchError("fetch.too_large", limit_kb=max_bytes // 1024)
    return bytes(body)


# ---------------------------------------------------------------- the GET


def new_client(options: FetchOptions) -> httpx.AsyncClient:
    """A client for ``fetch``: no automatic redirects, no environment proxies, no auto-decoding."""
    return httpx.AsyncClient(
        follow_redirects=False,
        trust_env=False,
        timeout=httpx.Timeout(options.timeout),
        limits=httpx.Limits(max_connections=50, max_keepalive_connections=20),
    )


async def fetch(
    url: str,
    *,
    settings: Settings | None = None,
    options: FetchOptions | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
    accept: str | None = None,
    client: httpx.AsyncClient | None = None,
) -> FetchResult:
    """GET ``url`` safely; raises ``FetchError`` (an HTTP status ≥ 400 included)."""
    options = options or FetchOptions.from_settings(settings)
    own_client = client is None
    client = client or new_client(options)
    started = time.monotonic()
    try:
        async with asyncio.timeout(options.timeout * 3):
            return await _fetch(client, url, options, etag, last_modified, accept, started)
    except TimeoutError:
        raise FetchError("fetch.timeout", seconds=int(options.timeout)) from None
    finally:
        if own_client:
            await client.aclose()


async def _fetch(
    client: httpx.AsyncClient,
    url: str,
    options: FetchOptions,
    etag: str | None,
    last_modified: str | None,
    accept: str | None,
    started: float,
) -> FetchResult:
    current = parse_url(url)
    redirects: list[tuple[int, str]] = []
    all_permanent = True
    while True:
        address = await checked_address(current, options.allow_private)
        headers = {
            "User-Agent": options.user_agent,
            "Accept-Encoding": "gzip, deflate",
            "Accept": accept or "*/*",
        }
        # Validators belong to the URL they were stored for; after a redirect they still apply
        # to the same resource, so keep sending them.
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        target = current
        extensions: dict[str, Any] = {}
        if address is not None:
            default_port = 443 if current.scheme == "https" else 80
            port = current.port
            headers["Host"] = current.host if port in (None, default_port) else f"{current.host}:{port}"
            target = current.copy_with(host=address)
            if current.scheme == "https":
                extensions["sni_hostname"] = current.host
        request = client.build_request("GET", target, headers=headers, extensions=extensions)
        try:
            response = await client.send(request, stream=True)
        except httpx.TimeoutException:
            raise FetchError("fetch.timeout", seconds=int(options.timeout)) from None
        except httpx.HTTPError as exc:
            log.info("cannot fetch %s: %s", current, exc)
            raise FetchError("fetch.connection", host=current.host) from None
        try:
            status = response.status_code
            if status in REDIRECTS:
                location = response.headers.get("location")
                if not location:
                    raise FetchError("fetch.http_status", status=status, code=status)
                nxt = urljoin(str(current), location.strip())
                redirects.append((status, nxt))
                all_permanent = all_permanent and status in PERMANENT
                if len(redirects) > options.max_redirects:
                    raise FetchError("fetch.too_many_redirects", n=options.max_redirects)
                current = parse_url(nxt)
                continue
            resp_headers = {k.lower(): v for k, v in response.headers.items()}
            retry_after = parse_retry_after(resp_headers.get("retry-after"))
            if status >= 400:
                raise FetchError("fetch.http_status", status=status, retry_after=retry_after, code=status)
            body = b"" if status == 304 else await _read_body(response, options.max_bytes)
        except httpx.TimeoutException:
            raise FetchError("fetch.timeout", seconds=int(options.timeout)) from None
        except httpx.HTTPError as exc:
            log.info("reading %s failed: %s", current, exc)
            raise FetchError("fetch.connection", host=current.host) from None
        finally:
            await response.aclose()
        final = str(current)
        return FetchResult(
            requested_url=url,
            url=final,
            status=status,
            content=body,
            headers=resp_headers,
            redirects=redirects,
            permanent_url=final if redirects and all_permanent else None,
            etag=resp_headers.get("etag") or (etag if status == 304 else None),
            last_modified=resp_headers.get("last-modified") or (last_modified if status == 304 else None),
            retry_after=retry_after,
            max_age=parse_max_age(resp_headers.get("cache-control")),
            elapsed=time.monotonic() - started,
        )
