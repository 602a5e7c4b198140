"""A local HTTP server on 127.0.0.1 for feed and fetch tests: routes are plain functions."""

from __future__ import annotations

import gzip
from collections import Counter
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from aiohttp import web

DATA = Path(__file__).resolve().parent / "data" / "feeds"

Route = Callable[[web.Request], Awaitable[web.StreamResponse]]


class FeedServer:
    """Serves ``routes[path]``; counts hits and keeps the request headers of each path."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.headers: dict[str, list[dict[str, str]]] = {}
        self._runner: web.AppRunner | None = None
        self.port = 0

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        self.hits[path] += 1
        self.headers.setdefault(path, []).append(dict(request.headers))
        route = self.routes.get(path)
        if route is None:
            return web.Response(status=404, text="not found")
        return await route(request)

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("GET", "/{tail:.*}", self._dispatch)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    # ------------------------------------------------------------ route builders

    def static(self, path: str, body: bytes | str, content_type: str = "application/rss+xml", **headers: str) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body

        async def route(request: web.Request) -> web.StreamResponse:
            return web.Response(body=data, headers={"Content-Type": content_type, **headers})

        self.routes[path] = route

    def file(self, path: str, name: str, content_type: str = "application/rss+xml") -> None:
        self.static(path, (DATA / name).read_bytes(), content_type)

    def with_etag(self, path: str, body: bytes | str, etag: str, content_type: str = "application/rss+xml") -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body

        async def route(request: web.Request) -> web.StreamResponse:
            if request.headers.get("If-None-Match") == etag:
                return web.Response(status=304, headers={"ETag": etag})
            return web.Response(body=data, headers={"Content-Type": content_type, "ETag": etag})

        self.routes[path] = route

    def redirect(self, path: str, target: str, status: int = 301) -> None:
        async def route(request: web.Request) -> web.StreamResponse:
            return web.Response(status=status, headers={"Location": target})

        self.routes[path] = route

    def status(self, path: str, status: int, **headers: str) -> None:
        async def route(request: web.Request) -> web.StreamResponse:
            return web.Response(status=status, text="error", headers=headers)

        self.routes[path] = route

    def gzipped(self, path: str, body: bytes, content_type: str = "application/rss+xml", declared: bool = True) -> None:
        packed = gzip.compress(body)

        async def route(request: web.Request) -> web.StreamResponse:
            headers: dict[str, Any] = {"Content-Type": content_type, "Content-Encoding": "gzip"}
            response = web.Response(body=packed, headers=headers)
            if not declared:
                response.enable_chunked_encoding()
            return response

        self.routes[path] = route

    def streamed(self, path: str, chunk: bytes, count: int, content_type: str = "text/html") -> None:
        """A chunked body (no Content-Length) of ``count`` × ``chunk``."""

        async def route(request: web.Request) -> web.StreamResponse:
            response = web.StreamResponse(headers={"Content-Type": content_type})
            response.enable_chunked_encoding()
            await response.prepare(request)
            try:
                for _ in range(count):
                    await response.write(chunk)
            except (ConnectionResetError, RuntimeError):
                pass
            return response

        self.routes[path] = route


def make_settings(tmp_path: Path, **env: str):
    """Settings for tests: a database under ``tmp_path``, private URLs allowed (the server is local)."""
    from bot.settings import load_settings

    environ = {"NEWSBOT_DATABASE": str(tmp_path / "test.db"), "NEWSBOT_ALLOW_PRIVATE_URLS": "true"}
    environ.update(env)
    return load_settings(environ)
