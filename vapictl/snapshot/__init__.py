"""Snapshots of what an apply changes (record.py, store.py), and the plan that
restores one (restore.py): the data behind `vapictl rollback`."""

from __future__ import annotations

from vapictl.snapshot.record import SnapshotRecorder, start_snapshot, strip_secrets
from vapictl.snapshot.restore import Restoration, build_restoration
from vapictl.snapshot.store import (
    DEFAULT_SNAPSHOT_DIR,
    SNAPSHOT_DIR_ENV,
    SnapshotInfo,
    latest_snapshot,
    list_snapshots,
    load_snapshot,
    snapshot_dir,
)

__all__ = [
    "DEFAULT_SNAPSHOT_DIR",
    "SNAPSHOT_DIR_ENV",
    "Restoration",
    "SnapshotInfo",
    "SnapshotRecorder",
    "build_restoration",
    "latest_snapshot",
    "list_snapshots",
    "load_snapshot",
    "snapshot_dir",
    "start_snapshot",
    "strip_secrets",
]
