"""The drift report as data: built from a plan, read by the renderers and the notifier.

Drift is what a plan would change, seen from the other side: an update or a
replace means live was edited ("changed"), a create of a declared resource
means it was deleted out of band ("missing"), and, only when pruning, a delete
means something exists live that no manifest declares ("unmanaged").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from vapictl.engine.diff import ABSENT, Change
from vapictl.engine.plan_model import Action, ActionType, Plan
from vapictl.engine.refs import Ref
from vapictl.errors import Diagnostic
from vapictl.manifest.report import parse_path
from vapictl.model import Kind

DRIFT_FORMAT_VERSION = 1

# Reasons the plan gives deletes of vapictl's own credentials (vapictl/engine/plan.py):
# a "secret rotated" delete only accompanies a pending secret change, which the
# owner's `server.secret` field already reports, so it is not drift of its own.
_ROTATION_REASON = "secret rotated"


class DriftStatus(StrEnum):
    CHANGED = "changed"  # live differs from the manifests
    MISSING = "missing"  # declared, but gone from the live org
    UNMANAGED = "unmanaged"  # live, but no manifest declares it (only with prune)


@dataclass(frozen=True)
class FieldDrift:
    path: str
    live: Any  # ABSENT when the field is not set live; secrets are already masked
    declared: Any


@dataclass(frozen=True)
class ResourceDrift:
    kind: Kind
    name: str
    id: str | None
    status: DriftStatus
    fields: tuple[FieldDrift, ...] = ()
    reason: str = ""

    @property
    def address(self) -> str:
        return self.kind.value if self.kind is Kind.ORG else f"{self.kind.value}/{self.name}"


@dataclass(frozen=True)
class DriftReport:
    resources: tuple[ResourceDrift, ...]
    checked_at: datetime
    org_name: str | None = None
    warnings: tuple[Diagnostic, ...] = ()

    @property
    def drift(self) -> bool:
        return bool(self.resources)

    @property
    def summary(self) -> dict[str, int]:
        counts = {status.value: 0 for status in DriftStatus}
        for resource in self.resources:
            counts[resource.status.value] += 1
        return counts


def build_drift_report(
    plan: Plan,
    *,
    org_name: str | None = None,
    checked_at: datetime | None = None,
) -> DriftReport:
    """The drift a plan reveals (the plan's order: dependencies first, deletes last)."""
    names = {live_id: address for address, live_id in plan.known_ids.items()}
    # A twin being replaced (a file with new content) is named, not "not in the live org".
    names.update(
        {
            a.id: f"{a.address} (the one replaced)"
            for a in plan.actions
            if a.action is ActionType.REPLACE and a.id
        }
    )
    resources = [r for action in plan.actions if (r := _resource_drift(action, names)) is not None]
    return DriftReport(
        resources=tuple(resources),
        checked_at=checked_at or datetime.now(UTC),
        org_name=org_name,
        warnings=plan.warnings,
    )


def _resource_drift(action: Action, names: Mapping[str, str]) -> ResourceDrift | None:
    if action.managed_credential and action.action is not ActionType.DELETE:
        # A managed credential is created with its owner or for a secret change that the
        # owner's `server.secret` field shows; reporting it twice would only add noise.
        return None
    if action.action is ActionType.DELETE and action.reason.startswith(_ROTATION_REASON):
        return None
    if action.action is ActionType.CREATE:
        return ResourceDrift(action.kind, action.name, None, DriftStatus.MISSING)
    if action.action is ActionType.DELETE:
        return ResourceDrift(
            action.kind, action.name, action.id, DriftStatus.UNMANAGED, reason=action.reason
        )
    fields = tuple(_readable(action, c, names) for c in action.changes)
    return ResourceDrift(
        action.kind, action.name, action.id, DriftStatus.CHANGED, fields, action.reason
    )


def is_absent(value: Any) -> bool:
    return value is ABSENT


def _readable(action: Action, change: Change, names: Mapping[str, str]) -> FieldDrift:
    """A reference field by the names of what it points at, not raw ids: declared
    `tool/lookup-order` (not "(known after apply)" when it is missing live), live
    ids by the resource they belong to, or marked as pointing at nothing live."""
    declared = _at(action.body, change.path)
    if not _has_ref(declared):
        return FieldDrift(change.path, change.before, change.after)
    return FieldDrift(change.path, _ids_named(change.before, names), _refs_named(declared))


_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def _at(body: Any, path: str) -> Any:
    """The value at a change path (`model.toolIds`, `members[0].assistantId`), or None."""
    node = body
    for part in parse_path(path):
        if isinstance(part, int):
            node = node[part] if isinstance(node, list) and part < len(node) else None
        else:
            node = node.get(part) if isinstance(node, Mapping) else None
    return node


def _has_ref(value: Any) -> bool:
    if isinstance(value, Ref):
        return True
    if isinstance(value, list):
        return any(_has_ref(v) for v in value)
    return False


def _refs_named(value: Any) -> Any:
    if isinstance(value, Ref):
        return value.address
    if isinstance(value, list):
        return [_refs_named(v) for v in value]
    return value


def _ids_named(value: Any, names: Mapping[str, str]) -> Any:
    if isinstance(value, str) and value:
        if value in names or not _UUID.fullmatch(value):
            return names.get(value, value)  # a name already (a base's attached file)
        return f"{value} (not in the live org)"
    if isinstance(value, list):
        return [_ids_named(v, names) for v in value]
    return value
