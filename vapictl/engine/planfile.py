"""Saved plans (`plan --out FILE`, `apply FILE`): a reviewed expectation, not a script.

The file records where the plan applies (the API base URL and the org id), the
manifests' digest, the options that shaped it (prune, targets), and each action
as a record (engine/plan_record.py): the exact request body, secrets only as
`{"$secret": ..., "digest": ...}`. `apply FILE` never executes what the file
says: it makes the plan again from the manifests and the live org and goes on
only if every record is equal, then runs the plan it made. A tampered file, an
out-of-band edit or a reference that vanished can make apply refuse, never make
it send something nobody reviewed (Terraform refuses stale plans; octoDNS
re-checks a checksum).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from vapictl import __version__
from vapictl.engine.live import LiveState
from vapictl.engine.plan_model import Plan
from vapictl.engine.plan_record import Record, action_records, record_differences
from vapictl.errors import StalePlanError, VapictlError
from vapictl.manifest.types import Manifest

PLAN_FILE_KIND = "vapictl-plan"
# 2: actions are compared records (exact bodies, references, live field digests) and
# the plan is bound to an org and an API host. Format 1 files cannot be checked so.
PLAN_FILE_FORMAT_VERSION = 2


@dataclass(frozen=True)
class PlanTarget:
    """Where a plan applies: the API it was made against and the org behind the key."""

    base_url: str
    org_id: str | None
    org_name: str | None = None

    def describe(self) -> str:
        org = f'org "{self.org_name}" (id {self.org_id})' if self.org_name else f"org {self.org_id}"
        return f"{org if self.org_id else 'an unknown org'} at {self.base_url}"


def plan_target(base_url: str, org: Mapping[str, Any] | None) -> PlanTarget:
    org = org or {}
    org_id, org_name = org.get("id"), org.get("name")
    return PlanTarget(
        _normal_url(base_url),
        str(org_id) if org_id else None,
        str(org_name) if isinstance(org_name, str) else None,
    )


@dataclass(frozen=True)
class SavedPlan:
    target: PlanTarget
    manifest_digest: str
    records: tuple[Record, ...]
    files: tuple[str, ...]  # the -f paths the plan was made from
    environment: str | None
    variables: tuple[str, ...]  # names (never values) of --var variables used
    prune: bool
    targets: tuple[str, ...]  # --target patterns the plan was made with
    snapshot: str | None = None  # a rollback plan: the snapshot it restores


def save_plan(
    path: Path,
    plan: Plan,
    live: LiveState,
    target: PlanTarget,
    *,
    files: tuple[str, ...],
    environment: str | None,
    variables: tuple[str, ...],
    targets: tuple[str, ...],
    snapshot: str | None = None,
) -> None:
    data = {
        "kind": PLAN_FILE_KIND,
        "formatVersion": PLAN_FILE_FORMAT_VERSION,
        "vapictlVersion": __version__,
        "target": {"baseUrl": target.base_url, "orgId": target.org_id, "orgName": target.org_name},
        "manifest": {
            "digest": plan.manifest_digest,
            "files": list(files),
            "environment": environment,
            "variables": list(variables),
        },
        "prune": plan.prune,
        "targets": list(targets),
        "snapshot": snapshot,
        "summary": plan.summary,
        "actions": plan_records(plan, live),
    }
    path.write_text(json.dumps(data, indent=2, allow_nan=False) + "\n", encoding="utf-8")


def plan_records(plan: Plan, live: LiveState) -> list[Record]:
    return action_records(plan.actions, plan.known_ids, live)


def load_plan(path: Path) -> SavedPlan:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise VapictlError(f"Cannot read the plan file {path}: {exc}") from exc
    if not isinstance(data, dict) or data.get("kind") != PLAN_FILE_KIND:
        raise VapictlError(f"{path} is not a vapictl plan file.")
    if data.get("formatVersion") != PLAN_FILE_FORMAT_VERSION:
        raise VapictlError(
            f"{path} has plan format {data.get('formatVersion')}; this vapictl "
            f"({__version__}) applies format {PLAN_FILE_FORMAT_VERSION} only, which binds "
            "the plan to its org and records the exact requests. Make the plan again "
            "with this version and review it."
        )
    try:
        target, manifest = data["target"], data["manifest"]
        records = tuple(dict(item) for item in data["actions"])
        if not all(isinstance(r.get("address"), str) for r in records):
            raise ValueError("an action has no address")
        return SavedPlan(
            target=PlanTarget(
                _normal_url(str(target["baseUrl"])),
                str(target["orgId"]) if target.get("orgId") else None,
                target.get("orgName"),
            ),
            manifest_digest=str(manifest["digest"]),
            records=records,
            files=tuple(str(f) for f in manifest.get("files", [])),
            environment=manifest.get("environment"),
            variables=tuple(str(v) for v in manifest.get("variables", [])),
            prune=bool(data["prune"]),
            targets=tuple(str(t) for t in data.get("targets", [])),
            snapshot=str(data["snapshot"]) if data.get("snapshot") else None,
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise VapictlError(f"The plan file {path} is damaged ({exc}).") from exc


def check_host(saved: SavedPlan, base_url: str) -> None:
    """Before any call: a plan is applied through the API host it was made against."""
    if _normal_url(base_url) != saved.target.base_url:
        raise StalePlanError(
            f"This plan was made for {saved.target.describe()}, but this apply would talk "
            f"to {_normal_url(base_url)}. Nothing was applied. Use the base URL (and key) "
            "of the org the plan was made for, or make a new plan."
        )


def check_org(saved: SavedPlan, base_url: str, org: Mapping[str, Any] | None) -> None:
    """Before any write: the key's org is the one the plan was made for."""
    here = plan_target(base_url, org)
    if saved.target.org_id is not None and here.org_id != saved.target.org_id:
        raise StalePlanError(
            f"This plan was made for {saved.target.describe()}, but the API key reaches "
            f"{here.describe()}. Nothing was applied. Apply it with the key of the org it "
            "was made for, or make a new plan for this one."
        )


def check_matches(saved: SavedPlan, fresh: Plan, manifest: Manifest, live: LiveState) -> None:
    """Refuse unless the plan made now equals the saved one, action for action."""
    problems = record_differences(list(saved.records), plan_records(fresh, live))
    if problems and manifest.digest != saved.manifest_digest:
        problems.insert(0, "the manifests (or the variables they use) changed since the plan")
    if problems:
        raise StalePlanError(
            "The saved plan is stale; nothing was applied:\n  - "
            + "\n  - ".join(problems)
            + "\nRun `vapictl plan --out FILE` again and review the new plan."
        )


def _normal_url(url: str) -> str:
    parts = urlsplit(url.strip())
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{parts.path.rstrip('/')}"
