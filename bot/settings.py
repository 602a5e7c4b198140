"""Settings: config/default.toml, then the TOML file named by NEWSBOT_CONFIG, then the environment.

Validation is strict: an unknown key, a wrong type, an unknown timezone or a malformed admin list
raises ``SettingsError`` with one line naming the key and what was expected. Tokens live in
``Secret`` values whose repr never shows them.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

CONFIG_DIR = Path(__file__).resolve().parent.parent / "config"
DEFAULT_FILE = CONFIG_DIR / "default.toml"

# Environment variable → (section, key, type converter)
ENVIRONMENT = {
    "NEWSBOT_DATABASE": ("bot", "database"),
    "NEWSBOT_ADMINS": ("bot", "admins"),
    "NEWSBOT_TIMEZONE": ("bot", "timezone"),
    "NEWSBOT_LANGUAGE": ("bot", "default_language"),
    "NEWSBOT_LOG_LEVEL": ("bot", "log_level"),
    "NEWSBOT_MAX_ARTICLE_KB": ("bot", "max_article_kb"),
    "NEWSBOT_SEEDS_DIR": ("bot", "seeds_dir"),
    "NEWSBOT_ALLOW_PRIVATE_URLS": ("feeds", "allow_private_urls"),
    "TELEGRAM_API_BASE_URL": ("telegram", "api_base_url"),
    "TELEGRAM_WEBHOOK_URL": ("telegram", "webhook_url"),
    "DISCORD_API_BASE_URL": ("discord", "api_base_url"),
    "DISCORD_GUILD_ID": ("discord", "guild_id"),
}
SECRETS = ("TELEGRAM_BOT_TOKEN", "DISCORD_BOT_TOKEN", "TELEGRAM_WEBHOOK_SECRET")
_ADMIN = re.compile(r"^(telegram|discord|console):-?\d{1,20}$")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class SettingsError(Exception):
    """A setting that is missing or wrong; the message is one line for the user."""


class Secret:
    """A token: usable with ``reveal()``, never shown by repr or str."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __repr__(self) -> str:
        return "Secret('***')" if self._value else "Secret('')"

    __str__ = __repr__


@dataclass(frozen=True)
class Settings:
    """The validated settings; ``raw`` keeps every section for feature modules."""

    raw: dict[str, dict[str, Any]]
    telegram_token: Secret = field(default_factory=lambda: Secret(""))
    discord_token: Secret = field(default_factory=lambda: Secret(""))
    telegram_webhook_secret: Secret = field(default_factory=lambda: Secret(""))

    def get(self, section: str, key: str) -> Any:
        return self.raw[section][key]

    @property
    def default_language(self) -> str:
        return self.raw["bot"]["default_language"]

    @property
    def timezone(self) -> str:
        return self.raw["bot"]["timezone"]

    @property
    def database(self) -> str:
        return self.raw["bot"]["database"]

    @property
    def admins(self) -> frozenset[str]:
        return frozenset(self.raw["bot"]["admins"])

    @property
    def max_article_bytes(self) -> int:
        return int(self.raw["bot"]["max_article_kb"]) * 1024

    def is_admin(self, platform: str, user_id: str | int) -> bool:
        return f"{platform}:{user_id}" in self.admins


def _read_toml(path: Path, what: str) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise SettingsError(f"{what}: file not found: {path}") from None
    except PermissionError:
        raise SettingsError(f"{what}: cannot read {path} (permission denied)") from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{what}: {path} is not valid TOML ({exc})") from None
    except UnicodeDecodeError:
        raise SettingsError(f"{what}: {path} is not UTF-8 text") from None


def _type_name(value: Any) -> str:
    return {bool: "true or false", int: "a whole number", float: "a number", str: "a string", list: "a list"}.get(
        type(value), type(value).__name__
    )


def _merge(base: dict[str, dict[str, Any]], override: dict[str, Any], origin: str) -> None:
    for section, values in override.items():
        if section not in base:
            raise SettingsError(f"{origin}: unknown section [{section}]; expected one of {', '.join(sorted(base))}")
        if not isinstance(values, dict):
            raise SettingsError(f"{origin}: [{section}] must be a table")
        for key, value in values.items():
            if key not in base[section]:
                raise SettingsError(f"{origin}: unknown setting {section}.{key}")
            expected = base[section][key]
            ok = isinstance(value, type(expected)) and not (isinstance(value, bool) and not isinstance(expected, bool))
            if isinstance(expected, float) and isinstance(value, int) and not isinstance(value, bool):
                ok, value = True, float(value)
            if not ok:
                raise SettingsError(f"{origin}: {section}.{key} must be {_type_name(expected)}, got {value!r}")
            base[section][key] = value


def _from_env(raw: str, expected: Any, name: str) -> Any:
    raw = raw.strip()
    if isinstance(expected, bool):
        if raw.lower() in ("1", "true", "yes", "on"):
            return True
        if raw.lower() in ("0", "false", "no", "off", ""):
            return False
        raise SettingsError(f"{name} must be true or false, got {raw!r}")
    if isinstance(expected, int):
        try:
            return int(raw)
        except ValueError:
            raise SettingsError(f"{name} must be a whole number, got {raw!r}") from None
    if isinstance(expected, list):
        return [p.strip() for p in raw.split(",") if p.strip()]
    return raw


def _validate(raw: dict[str, dict[str, Any]]) -> None:
    bot = raw["bot"]
    if bot["default_language"] not in ("ar", "en"):
        raise SettingsError(f"bot.default_language must be 'ar' or 'en', got {bot['default_language']!r}")
    try:
        ZoneInfo(bot["timezone"])
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(f"bot.timezone must be an IANA timezone name like 'Asia/Riyadh', got {bot['timezone']!r}") from None
    for admin in bot["admins"]:
        if not isinstance(admin, str) or not _ADMIN.match(admin.strip()):
            raise SettingsError(
                f"bot.admins (NEWSBOT_ADMINS) entries must look like 'telegram:123' or 'discord:456', got {admin!r}"
            )
    bot["admins"] = [a.strip() for a in bot["admins"]]
    if bot["max_article_kb"] <= 0:
        raise SettingsError("bot.max_article_kb must be above 0")
    if bot["log_level"].upper() not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
        raise SettingsError(f"bot.log_level must be DEBUG, INFO, WARNING or ERROR, got {bot['log_level']!r}")
    if not 0 < bot["reconnect_base_seconds"] <= bot["reconnect_max_seconds"]:
        raise SettingsError("bot.reconnect_base_seconds must be above 0 and at most bot.reconnect_max_seconds")
    if raw["digest"]["retry_seconds"] <= 0:
        raise SettingsError("digest.retry_seconds must be above 0")
    if not _TIME.match(raw["digest"]["default_time"]):
        raise SettingsError(f"digest.default_time must be HH:MM, got {raw['digest']['default_time']!r}")
    for section in ("telegram", "discord"):
        url = raw[section]["api_base_url"]
        if not re.match(r"^https?://[^\s/]+", url):
            raise SettingsError(f"{section}.api_base_url must be an http(s) URL, got {url!r}")
        raw[section]["api_base_url"] = url.rstrip("/")
    for key in ("poll_minutes", "max_concurrent", "timeout_seconds", "max_bytes", "failures_before_alert"):
        if raw["feeds"][key] <= 0:
            raise SettingsError(f"feeds.{key} must be above 0")


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """Defaults, then NEWSBOT_CONFIG, then the environment; raises SettingsError."""
    env = dict(os.environ if environ is None else environ)
    raw = _read_toml(DEFAULT_FILE, "default settings")
    extra = env.get("NEWSBOT_CONFIG", "").strip()
    if extra:
        _merge(raw, _read_toml(Path(extra), "NEWSBOT_CONFIG"), f"NEWSBOT_CONFIG ({extra})")
    for name, (section, key) in ENVIRONMENT.items():
        if name in env:
            raw[section][key] = _from_env(env[name], raw[section][key], name)
    _validate(raw)
    return Settings(
        raw=raw,
        telegram_token=Secret(env.get("TELEGRAM_BOT_TOKEN", "").strip()),
        discord_token=Secret(env.get("DISCORD_BOT_TOKEN", "").strip()),
        telegram_webhook_secret=Secret(env.get("TELEGRAM_WEBHOOK_SECRET", "").strip()),
    )
