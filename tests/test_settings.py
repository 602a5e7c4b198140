"""Settings: layering, strict validation with one clear line, and secrets that never show."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import SettingsError, load_settings

ROOT = Path(__file__).resolve().parent.parent


def test_defaults_load():
    s = load_settings({})
    assert s.default_language == "ar"
    assert s.timezone == "UTC"
    assert s.admins == frozenset()
    assert not s.telegram_token


def test_config_file_then_environment(tmp_path):
    cfg = tmp_path / "extra.toml"
    cfg.write_text('[bot]\ntimezone = "Asia/Baku"\nmax_article_kb = 50\n[digest]\ndefault_time = "07:30"\n')
    s = load_settings({"NEWSBOT_CONFIG": str(cfg), "NEWSBOT_TIMEZONE": "Africa/Cairo", "NEWSBOT_ADMINS": "telegram:1, discord:2"})
    assert s.timezone == "Africa/Cairo"  # environment wins
    assert s.max_article_bytes == 50 * 1024
    assert s.get("digest", "default_time") == "07:30"
    assert s.is_admin("telegram", 1) and s.is_admin("discord", "2") and not s.is_admin("telegram", 2)


@pytest.mark.parametrize(
    ("content", "env", "message"),
    [
        ("[bot]\nunknown_key = 1\n", {}, "unknown setting bot.unknown_key"),
        ("[nosuch]\nx = 1\n", {}, "unknown section [nosuch]"),
        ('[bot]\nmax_article_kb = "big"\n', {}, "bot.max_article_kb must be a whole number"),
        ('[bot]\ntimezone = "Mars/Olympus"\n', {}, "IANA timezone"),
        ('[digest]\ndefault_time = "25:99"\n', {}, "HH:MM"),
        ("[bot]\nadmins = [\"alice\"]\n", {}, "telegram:123"),
        ("", {"NEWSBOT_ADMINS": "telegram:abc"}, "telegram:123"),
        ("", {"NEWSBOT_ALLOW_PRIVATE_URLS": "maybe"}, "true or false"),
        ("this is = = not toml", {}, "not valid TOML"),
    ],
)
def test_bad_settings_name_the_key(tmp_path, content, env, message):
    cfg = tmp_path / "bad.toml"
    cfg.write_text(content)
    with pytest.raises(SettingsError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_settings({"NEWSBOT_CONFIG": str(cfg), **env})


def test_missing_config_file():
    with pytest.raises(SettingsError, match="file not found"):
        load_settings({"NEWSBOT_CONFIG": "/nonexistent/newsbot.toml"})


def test_tokens_never_show(caplog):
    token = "123456:SECRET-TOKEN-VALUE"
    s = load_settings({"TELEGRAM_BOT_TOKEN": token, "DISCORD_BOT_TOKEN": "discord-secret"})
    assert s.telegram_token.reveal() == token
    with caplog.at_level(logging.DEBUG):
        logging.getLogger("test").info("settings: %s %r", s, s)
    shown = repr(s) + str(s) + caplog.text
    assert token not in shown and "discord-secret" not in shown


def test_cli_reports_bad_config_in_one_line(tmp_path):
    cfg = tmp_path / "bad.toml"
    cfg.write_text('[bot]\ntimezone = "Nowhere/Land"\n')
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "console"],
        input="",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"NEWSBOT_CONFIG": str(cfg), "PATH": "/usr/bin:/bin", "NEWSBOT_DATABASE": str(tmp_path / "x.db")},
        timeout=60,
    )
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "bot.timezone" in lines[0] and "Traceback" not in proc.stderr
