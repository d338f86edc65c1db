"""What `vapictl rollback` reads: a snapshot (the latest by default) or a saved rollback
plan, and the `--list` table."""

from __future__ import annotations

import json
from pathlib import Path

from vapictl.cli.common import OutputFormat
from vapictl.engine.live import LiveState
from vapictl.engine.plan_model import Plan
from vapictl.manifest.types import Manifest


def load_rollback(
    given: Path | None, directory: Path, org_id: str, live: LiveState, base_url: str
) -> tuple[Plan, list[str], bool, Path]:
    """(the rollback plan, what cannot be restored, whether it is a saved plan, the
    snapshot it restores)."""
    from vapictl.engine.planfile import PLAN_FILE_KIND, check_matches, check_org, load_plan
    from vapictl.errors import VapictlError
    from vapictl.snapshot import build_restoration, latest_snapshot, load_snapshot

    path = given if given is not None else latest_snapshot(directory, org_id)
    if _file_kind(path) == PLAN_FILE_KIND:
        saved = load_plan(path)
        if saved.snapshot is None:
            raise VapictlError(f"{path} is a plan of manifests: apply it with `vapictl apply`.")
        # A reviewed expectation, as for apply: made again from the snapshot and the
        # live org, it must equal the file (engine/planfile.py).
        check_org(saved, base_url, live.org)
        source = Path(saved.snapshot)
        fresh = build_restoration(load_snapshot(source), live).plan
        check_matches(saved, fresh, no_manifest(saved.manifest_digest), live)
        return fresh, [], True, source
    snapshot = load_snapshot(path)
    recorded_org = str(snapshot.get("org", {}).get("id"))
    if recorded_org != org_id:
        raise VapictlError(
            f"{path} is a snapshot of org {recorded_org}, but the API key is for org {org_id}."
        )
    restoration = build_restoration(snapshot, live)
    return restoration.plan, restoration.notes, False, path


def no_manifest(digest: str) -> Manifest:
    """A rollback works from a snapshot, not manifests: it sends no secret (nothing is
    looked up in this), and a saved rollback plan's digest names its snapshot."""
    from vapictl.manifest.types import Manifest, Settings

    return Manifest(org=None, resources={}, settings=Settings(), sources=(), fixed_digest=digest)


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
