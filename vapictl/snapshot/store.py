"""Snapshot files: `.vapictl/snapshots/<UTC time>-<org id>.json`, private and atomic.

A snapshot holds live API objects (secrets stripped, snapshot/record.py), so the
directory is 0700 and each file 0600, like an SSH key; `vapictl init` git-ignores
`.vapictl/`. Every write goes to a temporary file first and is renamed over the old
one, so a crash mid-apply leaves either the previous or the new content, never half.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from vapictl.errors import VapictlError
from vapictl.safe_files import replace_bytes

SNAPSHOT_FILE_KIND = "vapictl-snapshot"
SNAPSHOT_FORMAT_VERSION = 1
DEFAULT_SNAPSHOT_DIR = Path(".vapictl") / "snapshots"
SNAPSHOT_DIR_ENV = "VAPICTL_SNAPSHOT_DIR"
_NAME = re.compile(r"^(?P<time>\d{8}T\d{6}Z)(?:\.(?P<counter>\d+))?-(?P<org>.+)\.json$")


def snapshot_dir(option: Path | None = None) -> Path:
    """--snapshot-dir, else $VAPICTL_SNAPSHOT_DIR, else .vapictl/snapshots."""
    if option is not None:
        return option
    from_env = os.environ.get(SNAPSHOT_DIR_ENV)
    return Path(from_env) if from_env else DEFAULT_SNAPSHOT_DIR


def _safe_org(org_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", org_id) or "unknown-org"


def new_snapshot_path(directory: Path, org_id: str, now: datetime | None = None) -> Path:
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    org = _safe_org(org_id)
    path = directory / f"{stamp}-{org}.json"
    counter = 2
    while path.exists():  # two applies within one second
        path = directory / f"{stamp}.{counter}-{org}.json"
        counter += 1
    return path


def write_snapshot(path: Path, data: dict[str, Any]) -> None:
    """Write atomically with mode 0600, creating the directory with mode 0700."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    text = json.dumps(data, indent=2) + "\n"
    replace_bytes(path, text.encode("utf-8"), mode=0o600, durable=True)


def load_snapshot(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise VapictlError(f"Cannot read the snapshot {path}: {exc}") from exc
    if not isinstance(data, dict) or data.get("kind") != SNAPSHOT_FILE_KIND:
        raise VapictlError(f"{path} is not a vapictl snapshot.")
    if data.get("formatVersion") != SNAPSHOT_FORMAT_VERSION:
        raise VapictlError(
            f"{path} has snapshot format {data.get('formatVersion')}; this vapictl reads "
            f"format {SNAPSHOT_FORMAT_VERSION}."
        )
    return data


@dataclass(frozen=True)
class SnapshotInfo:
    path: Path
    taken_at: str  # the UTC time in the name, as written
    org_id: str


def list_snapshots(directory: Path, org_id: str | None = None) -> list[SnapshotInfo]:
    """Snapshots in `directory` (of one org, if given), oldest first."""
    if not directory.is_dir():
        return []
    found = []
    for path in directory.glob("*.json"):
        match = _NAME.match(path.name)
        if match is None:
            continue
        if org_id is not None and match["org"] != _safe_org(org_id):
            continue
        order = (match["time"], int(match["counter"] or 1))
        found.append((order, SnapshotInfo(path, match["time"], match["org"])))
    return [info for _, info in sorted(found, key=lambda pair: pair[0])]


def latest_snapshot(directory: Path, org_id: str) -> Path:
    snapshots = list_snapshots(directory, org_id)
    if not snapshots:
        raise VapictlError(
            f"No snapshot of org {org_id} in {directory}: every apply records one before its "
            "first change (set VAPICTL_SNAPSHOT_DIR or --snapshot-dir if they are elsewhere)."
        )
    return snapshots[-1].path
