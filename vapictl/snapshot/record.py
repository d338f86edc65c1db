"""Record what an apply is about to change, so that `vapictl rollback` can undo it.

Before the first write: the live object of every update, replace and delete (secrets
stripped: they cannot be read back, and a snapshot must not hold one). Then, as
creates succeed, their ids; the file is rewritten after each, so an apply that
crashes still leaves a snapshot that names everything it made.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vapictl.engine.live import LiveState
from vapictl.engine.plan_model import ActionType, Plan
from vapictl.manifest.report import format_path
from vapictl.model import Kind
from vapictl.secrets import PathParts, is_sensitive_path
from vapictl.snapshot.store import (
    SNAPSHOT_FILE_KIND,
    SNAPSHOT_FORMAT_VERSION,
    new_snapshot_path,
    snapshot_dir,
    write_snapshot,
)

if TYPE_CHECKING:
    from vapictl.engine.apply import ActionResult

_RECORDED = (ActionType.UPDATE, ActionType.REPLACE, ActionType.DELETE)
_CREATING = (ActionType.CREATE, ActionType.REPLACE)


def strip_secrets(value: Any, parts: PathParts = ()) -> tuple[Any, list[str]]:
    """A copy without secret values (`...Secret`, `...Token`, `apiKey`, secret headers,
    an apiRequest tool's `headers.properties.Authorization.value`), and the dotted paths
    that were left out."""
    omitted: list[str] = []
    if isinstance(value, dict):
        kept: dict[str, Any] = {}
        for name, member in value.items():
            here = (*parts, name)
            if isinstance(member, str) and is_sensitive_path(here):
                omitted.append(format_path(here))
                continue
            kept[name], inner = strip_secrets(member, here)
            omitted.extend(inner)
        return kept, omitted
    if isinstance(value, list):
        items = []
        for index, member in enumerate(value):
            item, inner = strip_secrets(member, (*parts, index))
            items.append(item)
            omitted.extend(inner)
        return items, omitted
    return value, omitted


class SnapshotRecorder:
    """One apply's snapshot; `record` is the apply's progress callback (thread-safe)."""

    def __init__(self, path: Path, data: dict[str, Any]) -> None:
        self.path = path
        self.data = data
        self._lock = threading.Lock()

    def record(self, result: ActionResult) -> None:
        action = result.action
        if action.action not in _CREATING or result.id is None or result.outcome != "applied":
            return
        with self._lock:
            self.data["created"].append(
                {"kind": action.kind.value, "address": action.address, "id": result.id}
            )
            write_snapshot(self.path, self.data)

    def chain(self, other: Callable[[ActionResult], None] | None) -> Callable[[ActionResult], None]:
        """A progress callback that records, then calls `other`."""

        def both(result: ActionResult) -> None:
            self.record(result)
            if other is not None:
                other(result)

        return both


def start_snapshot(plan: Plan, live: LiveState, directory: Path | None = None) -> SnapshotRecorder:
    """Write the snapshot of everything `plan` will change or delete, before it runs."""
    org = live.org or {}
    org_id = str(org.get("id") or "unknown-org")
    objects: list[dict[str, Any]] = []
    not_restorable: list[dict[str, Any]] = []
    for action in plan.actions:
        if action.action not in _RECORDED:
            continue
        current = org if action.kind is Kind.ORG else live.by_id(action.kind).get(action.id or "")
        entry: dict[str, Any] = {
            "action": action.action.value,
            "kind": action.kind.value,
            "address": action.address,
            "id": action.id,
        }
        if action.kind is Kind.CREDENTIAL:
            # A credential is a secret: its value is write-only and is never recorded.
            not_restorable.append({**entry, "reason": action.reason or "a secret"})
            continue
        if current is None:
            continue
        entry["live"], entry["omittedSecrets"] = strip_secrets(current)
        objects.append(entry)
    data: dict[str, Any] = {
        "kind": SNAPSHOT_FILE_KIND,
        "formatVersion": SNAPSHOT_FORMAT_VERSION,
        "takenAt": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "org": {"id": org_id, "name": org.get("name")},
        "objects": objects,
        "rotatedSecrets": sorted(
            f"{action.address} {change.path}"
            for action in plan.actions
            if action.action in _RECORDED
            for change in action.changes
            if change.sensitive
        ),
        "notRestorable": not_restorable,
        "created": [],
    }
    path = new_snapshot_path(snapshot_dir(directory), org_id)
    write_snapshot(path, data)
    return SnapshotRecorder(path, data)
