"""Saved plans (`plan --out FILE`, `apply FILE`) and the staleness check.

A plan file holds the manifests' digest, the live fingerprint of every object
an action touches, and the actions with their bodies; secrets appear only as
`{"$secret": ..., "digest": ...}` references, resolved from the manifests at
apply time. It is applied only if the digest and every fingerprint still match
(Terraform refuses stale plans; octoDNS re-checks a checksum).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vapictl import __version__
from vapictl.engine.diff import ABSENT, Change
from vapictl.engine.live import LiveState
from vapictl.engine.plan_model import (
    PLAN_FORMAT_VERSION,
    Action,
    ActionType,
    Plan,
    live_fingerprint,
)
from vapictl.engine.refs import from_json, to_json
from vapictl.errors import StalePlanError, VapictlError
from vapictl.manifest.types import Manifest
from vapictl.model import Kind, identity

PLAN_FILE_KIND = "vapictl-plan"
# A field that does not exist live ("(unset)" in plans) is not the same as `null`:
# the plan file keeps them apart, so `apply FILE` shows what `plan` showed.
_UNSET = {"$unset": True}


def _encode_value(value: Any) -> Any:
    return dict(_UNSET) if value is ABSENT else to_json(value)


def _decode_value(value: Any) -> Any:
    return ABSENT if value == _UNSET else from_json(value)


def _action_to_json(action: Action) -> dict[str, Any]:
    return {
        "action": action.action.value,
        "kind": action.kind.value,
        "name": action.name,
        "id": action.id,
        "reason": action.reason or None,
        "changes": [
            {"path": c.path, "before": _encode_value(c.before), "after": _encode_value(c.after)}
            for c in action.changes
        ],
    }


@dataclass(frozen=True)
class SavedPlan:
    plan: Plan
    files: tuple[str, ...]  # the -f paths the plan was made from
    environment: str | None
    variables: tuple[str, ...]  # names (never values) of --var variables used


def save_plan(saved: SavedPlan, path: Path) -> None:
    plan = saved.plan
    data = {
        "kind": PLAN_FILE_KIND,
        "formatVersion": PLAN_FORMAT_VERSION,
        "vapictlVersion": __version__,
        "manifest": {
            "digest": plan.manifest_digest,
            "files": list(saved.files),
            "environment": saved.environment,
            "variables": list(saved.variables),
        },
        "prune": plan.prune,
        "knownIds": plan.known_ids,
        "summary": plan.summary,
        "actions": [
            {
                **_action_to_json(action),
                "address": action.address,
                "identity": action.identity,
                "liveFingerprint": action.live_fingerprint,
                "protect": action.protect,
                "sensitive": [c.path for c in action.changes if c.sensitive],
                "body": to_json(action.body),
            }
            for action in plan.actions
        ],
    }
    path.write_text(json.dumps(data, indent=2, allow_nan=False) + "\n", encoding="utf-8")


def load_plan(path: Path) -> SavedPlan:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise VapictlError(f"Cannot read the plan file {path}: {exc}") from exc
    if not isinstance(data, dict) or data.get("kind") != PLAN_FILE_KIND:
        raise VapictlError(f"{path} is not a vapictl plan file.")
    if data.get("formatVersion") != PLAN_FORMAT_VERSION:
        raise VapictlError(
            f"{path} has plan format {data.get('formatVersion')}; this vapictl reads "
            f"format {PLAN_FORMAT_VERSION}. Make the plan again with this version."
        )
    try:
        actions = tuple(_action_from_json(item) for item in data["actions"])
        manifest = data["manifest"]
        plan = Plan(
            actions=actions,
            manifest_digest=str(manifest["digest"]),
            known_ids=dict(data.get("knownIds", {})),
            prune=bool(data.get("prune", False)),
        )
        return SavedPlan(
            plan,
            tuple(manifest.get("files", [])),
            manifest.get("environment"),
            tuple(manifest.get("variables", [])),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise VapictlError(f"The plan file {path} is damaged ({exc}).") from exc


def _action_from_json(item: dict[str, Any]) -> Action:
    sensitive = set(item.get("sensitive", []))
    return Action(
        ActionType(item["action"]),
        kind=Kind(item["kind"]),
        name=str(item["name"]),
        address=str(item["address"]),
        id=item.get("id"),
        changes=tuple(
            Change(
                c["path"],
                _decode_value(c["before"]),
                _decode_value(c["after"]),
                c["path"] in sensitive,
            )
            for c in item.get("changes", [])
        ),
        body=from_json(item.get("body", {})),
        identity=item.get("identity"),
        live_fingerprint=item.get("liveFingerprint"),
        protect=bool(item.get("protect", False)),
        reason=item.get("reason") or "",
    )


def check_fresh(plan: Plan, manifest: Manifest, live: LiveState) -> None:
    """Refuse a plan whose manifests or touched live objects changed since it was made."""
    problems: list[str] = []
    if manifest.digest != plan.manifest_digest:
        problems.append("the manifests (or the variables they use) changed")
    for action in plan.actions:
        if action.action is ActionType.CREATE:
            taken = [i for i in live.of(action.kind) if identity(action.kind, i) == action.identity]
            if action.identity is not None and taken:
                problems.append(f"{action.address} now exists live (id {taken[0].get('id')})")
            continue
        current = live.by_id(action.kind).get(action.id or "")
        if action.kind is Kind.ORG:
            current = live.org
        if current is None:
            problems.append(f"{action.address} (id {action.id}) no longer exists")
        elif live_fingerprint(current) != action.live_fingerprint:
            problems.append(
                f"{action.address} (id {action.id}) was changed since the plan was made"
            )
    if problems:
        raise StalePlanError(
            "The saved plan is stale; nothing was applied:\n  - "
            + "\n  - ".join(problems)
            + "\nRun `vapictl plan --out FILE` again and review the new plan."
        )
