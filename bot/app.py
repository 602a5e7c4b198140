"""The application: settings + store + seeds + handlers wired once, shared by every adapter."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.settings import Settings
from digests.ingest import load_seeds
from digests.store import Store
from handlers import build_registry
from handlers.core import Context, Reply, Request
from handlers.i18n import Catalog
from handlers.registry import CommandRegistry

log = logging.getLogger(__name__)
PROJECT_DIR = Path(__file__).resolve().parent.parent


@dataclass
class App:
    settings: Settings
    store: Store
    registry: CommandRegistry
    catalog: Catalog
    services: dict[str, Any] = field(default_factory=dict)

    @property
    def context(self) -> Context:
        return Context(self.store, self.settings, self.catalog, self.registry, self.services)

    async def handle(self, req: Request) -> Reply:
        return await self.registry.dispatch(req, self.context)

    async def close(self) -> None:
        await self.store.close()


async def create_app(settings: Settings, *, load_seed_articles: bool = True) -> App:
    """Open the store (migrating it), load seeds into an empty store, build the handlers."""
    store = await Store.open(settings.database)
    try:
        if load_seed_articles:
            seeds = Path(settings.get("bot", "seeds_dir"))
            if not seeds.is_absolute():
                seeds = seeds if seeds.is_dir() else PROJECT_DIR / seeds
            await load_seeds(store, seeds)
        registry = build_registry()
        registry.limiter.per_minute = int(settings.get("bot", "commands_per_minute"))
        catalog = Catalog.load(default=settings.default_language)
    except BaseException:
        await store.close()
        raise
    return App(settings=settings, store=store, registry=registry, catalog=catalog)
