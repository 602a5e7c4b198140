"""Files a reply carries, on the console: written into ``<data folder>/exports/``, never anywhere else.

The data folder is the database's folder (``bot.database``; ``data/`` for an in-memory store). The
name is the reply's file name made safe (``handlers.core.safe_filename``: no folders, no dot files);
an existing file is never overwritten or followed through a symlink — a ``-2``, ``-3`` … suffix is
added instead.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from bot.settings import Settings
from handlers.core import Attachment

log = logging.getLogger(__name__)

EXPORTS = "exports"
MAX_SUFFIX = 1000


def exports_dir(settings: Settings) -> Path:
    database = str(settings.database)
    base = Path("data") if database == ":memory:" else Path(database).expanduser().parent
    return (base / EXPORTS).resolve()


def save_attachment(settings: Settings, attachment: Attachment) -> Path:
    """Write the file under the exports folder and return its path (OSError when it cannot)."""
    folder = exports_dir(settings)
    folder.mkdir(parents=True, exist_ok=True)
    name = attachment.safe_name
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        stem, ext = name, ""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    for n in range(1, MAX_SUFFIX + 1):
        candidate = folder / (name if n == 1 else f"{stem}-{n}{'.' + ext if ext else ''}")
        if candidate.parent != folder:  # cannot happen with a safe name; refuse rather than escape
            raise OSError(f"refusing to write outside {folder}: {candidate}")
        try:
            fd = os.open(candidate, flags, 0o644)
        except FileExistsError:
            continue
        with os.fdopen(fd, "wb") as fh:
            fh.write(attachment.data)
        log.info("saved %s (%d bytes)", candidate, len(attachment.data))
        return candidate
    raise OSError(f"too many files named {name} in {folder}")
