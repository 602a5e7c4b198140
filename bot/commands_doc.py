"""``python -m bot commands``: the command table in Markdown, from the registry (kept in the README)."""

from __future__ import annotations

from handlers import build_registry
from handlers.i18n import Catalog


def commands_markdown() -> str:
    registry = build_registry()
    catalog = Catalog.load()
    rows = ["| command | what it does | في العربية | who |", "|---|---|---|---|"]
    for command in registry.commands.values():
        if command.hidden:
            continue
        who = "admins" if command.admin_only else "everyone"
        usage = command.usage().replace("|", "\\|")
        rows.append(
            f"| `{usage}` | {catalog.get('en', command.help_key)} | {catalog.get('ar', command.help_key)} | {who} |"
        )
    return "\n".join(rows)


def main() -> int:
    print(commands_markdown())
    return 0
