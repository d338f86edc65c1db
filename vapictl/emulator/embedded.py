"""The emulator in-process, for `--local`: an httpx transport over the same WSGI app."""

from __future__ import annotations

from pathlib import Path

import httpx

from vapictl.emulator.app import EmulatorApp
from vapictl.emulator.storage import Store


def local_transport(db_path: Path, api_key: str) -> httpx.BaseTransport:
    """A transport that answers like the Vapi API from the SQLite file at `db_path`.

    Safe to use from several threads at once: the store serialises access itself.
    """
    db_path = Path(db_path)
    db_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    app = EmulatorApp(Store(db_path), api_key)
    return httpx.WSGITransport(app=app)


def reset_local_state(db_path: Path) -> bool:
    """Delete the local emulator's database (and its WAL files); True if anything was there."""
    removed = False
    for suffix in ("", "-wal", "-shm"):
        path = Path(f"{db_path}{suffix}")
        if path.exists():
            path.unlink()
            removed = True
    return removed
