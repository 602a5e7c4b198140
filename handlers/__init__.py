"""Chat commands, one module per command family, free of any chat platform.

``build_registry()`` collects every family's commands; adapters register what it returns.
"""

from __future__ import annotations

import importlib

from handlers.registry import CommandRegistry

# One module per command family; each has ``register(registry)``.
COMMAND_MODULES = [
    "handlers.articles",
    "handlers.cards",
    "handlers.actors",
    "handlers.timeline",
    "handlers.admin",
    "handlers.subscriptions",
    "handlers.feeds",
]


def build_registry() -> CommandRegistry:
    registry = CommandRegistry()
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(registry)
    return registry
