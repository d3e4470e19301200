"""Where Zorgzaam keeps its files. Plain module: no Django."""

from __future__ import annotations

import os
from pathlib import Path

DATA_DIR_ENV = "ZORGZAAM_DATA_DIR"


def data_dir() -> Path:
    """The data directory: $ZORGZAAM_DATA_DIR, else ~/.local/share/zorgzaam. Created on first use."""
    configured = os.environ.get(DATA_DIR_ENV)
    if configured:
        path = Path(configured).expanduser()
    else:
        base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        path = Path(base) / "zorgzaam"
    path.mkdir(parents=True, exist_ok=True)
    return path.resolve()


def measures_dir() -> Path:
    """Folder of the Parquet files that hold imported measure values (one file per dataset)."""
    path = data_dir() / "measures"
    path.mkdir(parents=True, exist_ok=True)
    return path


def shared_data_dir() -> Path | None:
    """The project's ../shared/data folder when present (tests and benchmarks only)."""
    configured = os.environ.get("ZORGZAAM_SHARED_DATA")
    candidates = [Path(configured)] if configured else []
    here = Path(__file__).resolve()
    candidates += [parent / "shared" / "data" for parent in here.parents]
    for candidate in candidates:
        if (candidate / "DATA.md").exists():
            return candidate
    return None
