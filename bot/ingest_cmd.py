"""``python -m bot ingest FILE|URL|FEED_URL``: the admin's load, from the shell."""

from __future__ import annotations

import importlib
import logging
import sys
from pathlib import Path

from bot.app import create_app
from bot.settings import Settings
from digests.ingest import IngestError, ingest_article, ingest_feed_file

log = logging.getLogger(__name__)
FEED_SUFFIXES = (".xml", ".rss", ".atom")


def _say(text: str) -> None:
    print(text, flush=True)


async def run_ingest(settings: Settings, source: str) -> int:
    app = await create_app(settings, load_seed_articles=False)
    catalog = app.catalog
    lang = settings.default_language
    try:
        if source.startswith(("http://", "https://")):
            try:
                fetch = importlib.import_module("digests.sources")
            except ModuleNotFoundError:
                print("newsbot: loading from URLs is not available in this build", file=sys.stderr)
                return 2
            results = await fetch.ingest_url(app.store, settings, source)
        else:
            path = Path(source)
            if not path.is_file():
                print(f"newsbot: no such file: {source}", file=sys.stderr)
                return 2
            if path.suffix.lower() in FEED_SUFFIXES:
                results = await ingest_feed_file(app.store, path, max_bytes=settings.max_article_bytes)
            else:
                from digests.readers import ArticleError, read_article_bytes

                try:
                    article = read_article_bytes(path.read_bytes(), path.name)
                except ArticleError as exc:
                    print(f"newsbot: {catalog.get(lang, exc.key if hasattr(exc, 'key') else str(exc))}", file=sys.stderr)
                    return 2
                results = [await ingest_article(app.store, article, max_bytes=settings.max_article_bytes)]
        if not results:
            print("newsbot: nothing to load", file=sys.stderr)
            return 1
        for r in results:
            key = "admin.duplicate" if r.duplicate else "admin.stored"
            _say(catalog.get(lang, key, id=r.article_id, title=r.article.title))
        return 0
    except IngestError as exc:
        print(f"newsbot: {catalog.get(lang, exc.key, **exc.params)}", file=sys.stderr)
        return 2
    finally:
        await app.close()
