"""The README stays true: it lists every command, every environment variable, and the two make targets."""

from __future__ import annotations

from pathlib import Path

from bot.settings import ENVIRONMENT, SECRETS
from handlers import build_registry

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_readme_lists_every_command():
    for command in build_registry().commands.values():
        if not command.hidden:
            assert f"`{command.usage()}`" in README, command.name


def test_readme_documents_every_environment_variable():
    for name in [*ENVIRONMENT, *SECRETS, "NEWSBOT_CONFIG"]:
        assert f"`{name}`" in README, name


def test_readme_starts_with_the_two_commands():
    head = README[:400]
    assert "make run" in head and "make test" in head
