"""What `pull` would write: each declared field whose live value differs, in manifest terms.

The walk compares exactly what the plan compares (the desired payload, references as
ids, secrets and write-only fields left out) with the live object, but goes down into
lists of equal length too, so that a prompt edited in the dashboard becomes one edited
`content`, not a rewritten `messages` list. Live ids are mapped back to manifest keys.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from vapictl.engine.attachments import attached_ids
from vapictl.engine.credentials import is_managed_credential
from vapictl.engine.desired import DesiredResource, desired_resources
from vapictl.engine.diff import ABSENT, matches
from vapictl.engine.live import LiveState
from vapictl.engine.plan_model import ActionType, Plan
from vapictl.engine.refs import UNKNOWN, Ref, SecretRef
from vapictl.manifest.types import Manifest, Resource
from vapictl.model import (
    DECLARED_KINDS,
    SPECS,
    WRITE_ONLY_FIELDS,
    Kind,
    is_platform_default,
    live_name,
    server_managed,
)
from vapictl.secrets import is_sensitive_path

PathParts = tuple[str | int, ...]


@dataclass(frozen=True)
class FieldDrift:
    """A declared field whose live value differs; `value` is in manifest form."""

    resource: Resource
    path: PathParts  # inside the entry, as the manifest writes it ("model", "tools")
    value: Any
    raw_id_key: str | None = None  # a live id with no manifest key: written raw under this key

    @property
    def label(self) -> str:
        return f"{self.resource.address} {dotted(self.path)}"


@dataclass
class Findings:
    drifts: list[FieldDrift] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # differences reported, not written
    missing: list[str] = field(default_factory=list)  # addresses declared but not live
    unmanaged: list[tuple[Kind, dict[str, Any]]] = field(default_factory=list)


def dotted(path: PathParts) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def find_drifts(
    manifest: Manifest, live: LiveState, plan: Plan, targets: tuple[str, ...] = ()
) -> Findings:
    """Every difference between the manifests and the live org, sorted into what pull
    writes, what it only reports, and the resources on one side only."""
    findings = Findings()
    live_ids = _live_ids(plan)
    # Replaced twins too: a reference to the one a replace will swap out is still by key.
    keys_by_id = {item_id: address for address, item_id in live_ids.items()}
    live_item = _lookup(live)
    for desired in desired_resources(manifest):
        source = desired.source
        if source is None or not _targeted(source.address, targets):
            continue
        item = live_item(desired.kind, live_ids.get(source.address))
        if item is None:
            findings.missing.append(source.address)
            continue
        walker = _Walker(desired, plan.known_ids, keys_by_id, findings)
        walker.walk_entry(item)
    for action in plan.actions:
        if action.action in (ActionType.UPDATE, ActionType.REPLACE) and _targeted(
            action.address, targets
        ):
            for change in action.changes:
                if change.sensitive:
                    findings.notes.append(
                        f"{action.address} {change.path}: the live secret differs from the "
                        "manifests' (rotated outside vapictl?); secrets cannot be read back, "
                        "so it is not pulled"
                    )
    findings.unmanaged = [
        (kind, item)
        for kind, item in _unmanaged(live, set(live_ids.values()))
        if _targeted(f"{kind.value}/{live_name(kind, item)}", targets)
    ]
    return findings


def _targeted(address: str, targets: tuple[str, ...]) -> bool:
    return not targets or any(fnmatch.fnmatchcase(address, t) for t in targets)


def _live_ids(plan: Plan) -> dict[str, str]:
    """Manifest address -> live id of its twin (replaced ones included)."""
    ids = dict(plan.known_ids)
    for action in plan.actions:
        if action.action is ActionType.REPLACE and action.id:
            ids[action.address] = action.id
    return ids


def _lookup(live: LiveState) -> Callable[[Kind, str | None], dict[str, Any] | None]:
    """Live objects by kind and id, each kind indexed once (orgs of 2,000 resources)."""
    indexes: dict[Kind, dict[str, dict[str, Any]]] = {}

    def find(kind: Kind, item_id: str | None) -> dict[str, Any] | None:
        if item_id is None:
            return None
        if kind is Kind.ORG:
            return live.org
        if kind not in indexes:
            indexes[kind] = live.by_id(kind)
        return indexes[kind].get(item_id)

    return find


def _unmanaged(live: LiveState, managed: set[str]) -> list[tuple[Kind, dict[str, Any]]]:
    """Live resources of kinds a manifest declares that no entry matched; platform
    defaults and vapictl's own secret credentials are never anyone's to declare."""
    found: list[tuple[Kind, dict[str, Any]]] = []
    for kind, item in live.all():
        if kind is Kind.ORG or kind not in DECLARED_KINDS or str(item.get("id")) in managed:
            continue
        if is_platform_default(kind, item):
            continue
        if kind is Kind.CREDENTIAL and is_managed_credential(item):
            continue
        found.append((kind, item))
    return found


class _Walker:
    def __init__(
        self,
        desired: DesiredResource,
        known_ids: Mapping[str, str],
        keys_by_id: Mapping[str, str],
        findings: Findings,
    ) -> None:
        assert desired.source is not None
        self.source: Resource = desired.source
        self.desired = desired
        self.known_ids = known_ids
        self.keys_by_id = keys_by_id
        self.findings = findings

    def walk_entry(self, item: Mapping[str, Any]) -> None:
        write_only = WRITE_ONLY_FIELDS.get(self.desired.kind, ())
        unread = server_managed(self.desired.kind)
        attachments = SPECS[self.desired.kind].attachments
        for name, want in self.desired.payload.items():
            if name in unread or name in write_only:
                continue
            have = item.get(name, ABSENT)
            if attachments is not None and name == attachments.field:
                have = attached_ids(self.desired.kind, item)  # listed as objects live
            self.walk(want, have, (name,))

    def walk(self, want: Any, have: Any, path: PathParts) -> None:
        if isinstance(want, SecretRef):
            return  # never read back; a rotation shows as a sensitive plan change
        if isinstance(want, Ref) or _is_ref_list(want):
            self._reference(want, have, path)
        elif isinstance(want, Mapping) and want and isinstance(have, Mapping):
            for name, member in want.items():
                self.walk(member, have.get(name, ABSENT), (*path, name))
        elif isinstance(want, list) and isinstance(have, list) and len(want) == len(have):
            for index, (member, live_member) in enumerate(zip(want, have, strict=True)):
                self.walk(member, live_member, (*path, index))
        elif not matches(self._resolved(want), have):
            self._emit(path, have)

    def _resolved(self, value: Any) -> Any:
        if isinstance(value, Ref):
            return self.known_ids.get(value.slot, UNKNOWN)
        if isinstance(value, Mapping):
            return {k: self._resolved(v) for k, v in value.items() if not isinstance(v, SecretRef)}
        if isinstance(value, list):
            return [self._resolved(v) for v in value]
        return value

    def _emit(self, path: PathParts, have: Any, raw_id_key: str | None = None) -> None:
        if _holds_secret(path, have):
            self.findings.notes.append(
                f"{self.source.address} {dotted(path)}: the live value holds a secret "
                "(a token, key or password); secrets are never written into manifests"
            )
            return
        if dotted(path) not in self.source.field_locations:
            self.findings.notes.append(
                f"{self.source.address} {dotted(path)}: live is {_short(have)}, but no manifest "
                "declares this field (a default vapictl fills in); not pulled"
            )
            return
        value = None if have is ABSENT else have
        self.findings.drifts.append(FieldDrift(self.source, path, value, raw_id_key))

    def _reference(self, want: Any, have: Any, path: PathParts) -> None:
        """`assistantId` <- `assistant: KEY`; `toolIds` <- `tools: [KEY]` (DESIGN.md §2)."""
        if matches(self._resolved(want), have):
            return
        head, last = path[:-1], str(path[-1])
        manifest_path = (*head, _manifest_field(self.desired.kind, head, last))
        if isinstance(want, list) and not all(isinstance(v, Ref) for v in want):
            self.findings.notes.append(
                f"{self.source.address} {dotted(path)}: live is {_short(have)}; the manifests mix "
                "raw ids and keys here, so it is not pulled (edit it by hand)"
            )
            return
        kind = want.kind if isinstance(want, Ref) else want[0].kind
        if have is ABSENT or have is None:
            self._emit(manifest_path, None)
            return
        ids = have if isinstance(have, list) else [have]
        keys = [self._key_of(kind, i) for i in ids]
        if all(k is not None for k in keys):
            self._emit(manifest_path, keys if isinstance(have, list) else keys[0])
            return
        unknown = ", ".join(str(i) for i, k in zip(ids, keys, strict=True) if k is None)
        self.findings.notes.append(
            f"{self.source.address} {dotted(path)}: live uses {unknown}, which no manifest "
            f"declares; written as a raw id ({dotted((*head, last))})"
        )
        self._emit(manifest_path, have, raw_id_key=last)

    def _key_of(self, kind: Kind, item_id: Any) -> str | None:
        address = self.keys_by_id.get(str(item_id))
        if address is None or not address.startswith(f"{kind.value}/"):
            return None
        return address.partition("/")[2]


def _manifest_field(kind: Kind, head: PathParts, api_field: str) -> str:
    """The manifest spelling of a reference field, from the registry (`toolIds` inside
    `model` is written `tools`); DESIGN.md's rule (`fooId` -> `foo`, `fooIds` -> `foos`)
    when the registry does not list it."""
    at = ".".join("[]" if isinstance(part, int) else str(part) for part in head)
    at = at.replace(".[]", "[]")
    for reference in SPECS[kind].references:
        if reference.api_field == api_field and reference.at == at:
            return reference.field
    return api_field[:-2] if api_field.endswith("Id") else api_field[:-3] + "s"


def _holds_secret(path: PathParts, value: Any) -> bool:
    """A value pull must not write: a secret field, or a mapping or list holding one."""
    if is_sensitive_path(path) and not isinstance(value, Mapping | list):
        return value is not None and value is not ABSENT
    if isinstance(value, Mapping):
        return any(_holds_secret((*path, str(k)), v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_secret((*path, i), v) for i, v in enumerate(value))
    return False


def _is_ref_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and any(isinstance(v, Ref) for v in value)


def _short(value: Any) -> str:
    text = "(unset)" if value is ABSENT else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
