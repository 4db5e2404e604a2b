"""Where the advisory store lives by default (kept apart so that checking for it loads nothing else)."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["default_store_path"]


def default_store_path() -> Path:
    """``$DEVAUDIT_ADVISORY_STORE``, else ``advisories.sqlite`` in the user's data folder."""
    env = os.environ.get("DEVAUDIT_ADVISORY_STORE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "devaudit" / "advisories.sqlite"
