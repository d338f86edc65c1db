"""What `vapictl rollback` reads: a snapshot (the latest by default) or a saved rollback
plan, and the `--list` table."""

from __future__ import annotations

import json
from pathlib import Path

from vapictl.cli.common import OutputFormat
from vapictl.engine.live import LiveState
from vapictl.engine.plan_model import Plan


def load_rollback(
    given: Path | None, directory: Path, org_id: str, live: LiveState
) -> tuple[Plan, list[str], bool]:
    """(the rollback plan, what cannot be restored, whether it is a saved plan)."""
    from vapictl.engine.planfile import PLAN_FILE_KIND, check_fresh, load_plan
    from vapictl.errors import VapictlError
    from vapictl.manifest.types import Manifest, Settings
    from vapictl.snapshot import build_restoration, latest_snapshot, load_snapshot

    path = given if given is not None else latest_snapshot(directory, org_id)
    if _file_kind(path) == PLAN_FILE_KIND:
        saved = load_plan(path).plan
        if not saved.manifest_digest.startswith("snapshot:"):
            raise VapictlError(f"{path} is a plan of manifests: apply it with `vapictl apply`.")
        # Only the live objects can have moved: the fingerprints are what is checked.
        check_fresh(saved, Manifest(None, {}, Settings(), saved.manifest_digest, ()), live)
        return saved, [], True
    snapshot = load_snapshot(path)
    recorded_org = str(snapshot.get("org", {}).get("id"))
    if recorded_org != org_id:
        raise VapictlError(
            f"{path} is a snapshot of org {recorded_org}, but the API key is for org {org_id}."
        )
    restoration = build_restoration(snapshot, live)
    return restoration.plan, restoration.notes, False


def _file_kind(path: Path) -> str | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # reported by the loader that expects it
    return str(data.get("kind")) if isinstance(data, dict) else None


def print_snapshot_list(directory: Path, org_id: str, output: OutputFormat) -> None:
    from vapictl.cli.output import echo, info, print_json
    from vapictl.snapshot import list_snapshots, load_snapshot

    rows = []
    for snapshot in reversed(list_snapshots(directory, org_id)):
        data = load_snapshot(snapshot.path)
        rows.append(
            {
                "file": str(snapshot.path),
                "takenAt": data.get("takenAt"),
                "changed": len(data.get("objects", [])),
                "created": len(data.get("created", [])),
            }
        )
    if output is OutputFormat.JSON:
        print_json({"formatVersion": 1, "org": org_id, "snapshots": rows})
        return
    if not rows:
        info(f"No snapshots of org {org_id} in {directory}.")
        return
    for row in rows:
        echo(
            f"{row['file']}  {row['takenAt']}  "
            f"{row['changed']} changed or deleted, {row['created']} created"
        )
