"""Slash-command definitions generated from the command registry, and interaction options read back.

Every visible registry command becomes a top-level slash command with its arguments as options
(required ones first, as Discord demands); admin-only commands become subcommands of one ``/admin``
command, and ``/ingest`` (text, url, file) is added for loading articles; both carry
``default_member_permissions = "0"`` so Discord shows them only to server administrators (and
to whom they grant it), and both are checked again when they run. Names are English (Discord's
default locale); descriptions carry the English and the Arabic text side by side, because Discord
refuses an ``ar`` localisation. Commands colleagues add to the registry appear here by themselves.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from handlers.i18n import Catalog
from handlers.registry import Argument, Command, CommandRegistry

log = logging.getLogger(__name__)

ADMIN_GROUP = "admin"
INGEST = "ingest"
DESCRIPTION_MAX = 100
OPTIONS_MAX = 25
SUBCOMMAND, STRING, INTEGER, ATTACHMENT = 1, 3, 4, 11
CONTEXTS = [0, 1]  # guild channels and the bot's DMs
_NAME = re.compile(r"^[-_\w]{1,32}$")


def option_name(name: str) -> str:
    """A Discord option name (lower case, no spaces) for an Argument name."""
    return re.sub(r"[^-_\w]", "_", name.strip().lower())[:32] or "value"


def describe(catalog: Catalog, key: str) -> str:
    """English and Arabic together, within Discord's 100 characters."""
    en = catalog.get("en", key).strip()
    ar = catalog.get("ar", key).strip()
    if not ar or ar == en:
        return _cut(en, DESCRIPTION_MAX)
    both = f"{en} · {ar}"
    if len(both) <= DESCRIPTION_MAX:
        return both
    room = DESCRIPTION_MAX - len(en) - 3
    if room >= 12:
        return f"{en} · {_cut(ar, room)}"
    return _cut(en, DESCRIPTION_MAX)


def _cut(text: str, limit: int) -> str:
    text = text or "—"
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _option(arg: Argument, catalog: Catalog) -> dict[str, Any]:
    option: dict[str, Any] = {
        "type": INTEGER if arg.kind == "integer" else STRING,
        "name": option_name(arg.name),
        "description": describe(catalog, arg.description_key),
        "required": bool(arg.required),
    }
    if arg.kind == "integer":
        option["min_value"] = 0
    else:
        option["max_length"] = 1000
    if arg.autocomplete:
        option["autocomplete"] = True
    return option


def _options(command: Command, catalog: Catalog) -> list[dict[str, Any]]:
    options = [_option(a, catalog) for a in command.args[:OPTIONS_MAX]]
    return sorted(options, key=lambda o: not o["required"])  # stable: required first


def _valid(command: Command) -> bool:
    if not _NAME.match(command.name) or command.name != command.name.lower():
        log.warning("command /%s cannot be a Discord slash command (name)", command.name)
        return False
    return True


def build_commands(registry: CommandRegistry, catalog: Catalog) -> list[dict[str, Any]]:
    """The JSON body for ``PUT /applications/{id}/commands``."""
    top: list[dict[str, Any]] = []
    admin: list[dict[str, Any]] = []
    for command in registry.commands.values():
        if command.hidden or command.name in (INGEST, ADMIN_GROUP) or not _valid(command):
            continue
        body = {"name": command.name, "description": describe(catalog, command.help_key), "options": _options(command, catalog)}
        if command.admin_only:
            admin.append({"type": SUBCOMMAND, **body})
        else:
            top.append({"type": 1, **body, "contexts": CONTEXTS})
    if len(admin) > OPTIONS_MAX:
        log.warning("only %d admin commands fit under /%s; dropped: %s", OPTIONS_MAX, ADMIN_GROUP,
                    ", ".join(c["name"] for c in admin[OPTIONS_MAX:]))
    if admin:
        top.append({
            "type": 1, "name": ADMIN_GROUP, "description": describe(catalog, "discord.admin_group"),
            "options": admin[:OPTIONS_MAX], "default_member_permissions": "0", "contexts": CONTEXTS,
        })
    top.append({
        "type": 1, "name": INGEST, "description": describe(catalog, "discord.ingest"),
        "default_member_permissions": "0", "contexts": CONTEXTS,
        "options": [
            {"type": STRING, "name": "text", "description": describe(catalog, "discord.arg.text"), "required": False,
             "max_length": 6000},
            {"type": STRING, "name": "url", "description": describe(catalog, "discord.arg.url"), "required": False,
             "max_length": 2000},
            {"type": ATTACHMENT, "name": "file", "description": describe(catalog, "discord.arg.file"), "required": False},
        ],
    })
    return top


def flatten(data: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    """(command name, its options) from an interaction's data, looking through ``/admin <sub>``."""
    name = data.get("name", "")
    options = data.get("options") or []
    if name == ADMIN_GROUP and options and options[0].get("type") == SUBCOMMAND:
        return options[0]["name"], options[0].get("options") or []
    return name, options


def argument_text(command: Command, options: list[dict[str, Any]]) -> str:
    """The options as the text a user would type after the command, in the command's argument order."""
    values = {o.get("name"): o.get("value") for o in options}
    parts = []
    for arg in command.args:
        value = values.get(option_name(arg.name))
        if value is not None and str(value).strip():
            parts.append(str(value).strip())
    return " ".join(parts)


def focused(options: list[dict[str, Any]]) -> dict[str, Any] | None:
    return next((o for o in options if o.get("focused")), None)
