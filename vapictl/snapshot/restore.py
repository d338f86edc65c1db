"""A snapshot + the live org now -> the plan that restores the snapshot.

Updated objects go back to their recorded fields, deleted ones are created again
(ids that pointed at other re-created objects repointed through `Ref`s, which the
executor fills in as it goes), created ones are deleted. The result is an ordinary
`Plan`, so it is rendered, checked for safety and executed like any apply.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from vapictl.engine.diff import ABSENT, Change, diff, matches
from vapictl.engine.live import LiveState
from vapictl.engine.plan_model import Action, ActionType, FixedDigest, Plan, live_fingerprint
from vapictl.engine.refs import Ref
from vapictl.export.transform import ORG_FIELDS
from vapictl.manifest.report import parse_path
from vapictl.model import SPECS, Kind, identity, live_name, server_managed


@dataclass
class Restoration:
    plan: Plan
    notes: list[str] = field(default_factory=list)  # what cannot be restored, and why


def _current(live: LiveState, kind: Kind, item_id: str | None) -> dict[str, Any] | None:
    if kind is Kind.ORG:
        return live.org
    return live.by_id(kind).get(item_id or "")


def _restorable_fields(kind: Kind, recorded: Mapping[str, Any]) -> dict[str, Any]:
    """What can be sent back: settable fields only (the org response also carries billing
    state, read by allow-list as export does)."""
    if kind is Kind.ORG:
        return {k: recorded[k] for k in ORG_FIELDS if k in recorded}
    unsent = set(server_managed(kind))
    attachments = SPECS[kind].attachments
    if attachments is not None:
        unsent.add(attachments.live_field)  # attached by sub-resource calls, not a field
    return {k: v for k, v in recorded.items() if k not in unsent}


class _Builder:
    def __init__(self, snapshot: Mapping[str, Any], live: LiveState) -> None:
        self.snapshot = snapshot
        self.live = live
        self.actions: list[Action] = []
        self.notes: list[str] = []
        created = snapshot.get("created", [])
        self.created_by_address = {c["address"]: c for c in created}
        # Old id -> the address its re-creation will have (what Refs point at).
        self.recreated: dict[str, Ref] = {}
        # Ids that are gone for good (deleted credentials: secrets cannot be restored).
        self.lost = {
            str(e["id"])
            for e in snapshot.get("notRestorable", [])
            if _current(live, Kind(e["kind"]), e.get("id")) is None
        }

    def build(self) -> Restoration:
        objects = list(self.snapshot.get("objects", []))
        taken: set[str] = set()
        for entry in objects:
            kind = Kind(entry["kind"])
            if SPECS[kind].upload and _current(self.live, kind, entry["id"]) is None:
                # A snapshot records no file content, so an upload cannot come back.
                self.lost.add(str(entry["id"]))
                self.notes.append(
                    f"{entry['address']} (id {entry['id']}): its content is not recorded, so "
                    "it cannot be re-uploaded; put the old file back at its path and apply"
                )
                continue
            if kind is not Kind.ORG and _current(self.live, kind, entry["id"]) is None:
                # deleted (or replaced) by that apply, or since: it comes back with a new id
                key = live_name(kind, entry["live"])
                if f"{kind.value}/{key}" in taken:
                    key = f"{key}#{str(entry['id'])[:8]}"
                taken.add(f"{kind.value}/{key}")
                self.recreated[str(entry["id"])] = Ref(kind, key)
        for entry in objects:
            self._restore(entry)
        self._delete_created(objects)
        for rotated in self.snapshot.get("rotatedSecrets", []):
            self.notes.append(
                f"{rotated}: the secret was rotated by that apply; secrets cannot be read "
                "back, so the current one stays"
            )
        for gone in self.snapshot.get("notRestorable", []):
            self.notes.append(
                f"{gone['address']} (id {gone['id']}) was deleted ({gone.get('reason')}); "
                "it holds a secret and cannot be re-created"
            )
        self.actions.sort(key=_order)
        plan = Plan(
            actions=tuple(self.actions),
            digest_source=FixedDigest(f"snapshot:{self.snapshot.get('takenAt')}"),
            known_ids={},
        )
        return Restoration(plan, self.notes)

    def _restore(self, entry: Mapping[str, Any]) -> None:
        kind = Kind(entry["kind"])
        if SPECS[kind].upload and str(entry["id"]) in self.lost:
            return  # an upload gone for good (noted above)
        recorded = entry["live"]
        current = _current(self.live, kind, entry["id"])
        fields = _restorable_fields(kind, recorded)
        if str(entry["id"]) in self.recreated:
            ref = self.recreated[str(entry["id"])]
            replacement = self._replacement(entry)
            body = self._repoint(fields, ABSENT)
            for path in entry.get("omittedSecrets", []):
                self.notes.append(
                    f"{entry['address']} {path}: a secret, not recorded; set it again after "
                    "the rollback"
                )
            self.actions.append(
                Action(
                    ActionType.REPLACE if replacement else ActionType.CREATE,
                    kind=kind,
                    name=live_name(kind, recorded),
                    address=ref.address,
                    id=None if replacement is None else str(replacement["id"]),
                    changes=tuple(diff(_shown(body), {})),
                    body=body,
                    identity=identity(kind, body),
                    live_fingerprint=None if replacement is None else live_fingerprint(replacement),
                    reason="re-created from the snapshot",
                )
            )
            return
        if current is None:
            return  # a delete that did not happen, and nothing changed it
        body = self._update_body(kind, fields, current, entry.get("omittedSecrets", []))
        if not body:
            return
        self.actions.append(
            Action(
                ActionType.UPDATE,
                kind=kind,
                name=live_name(kind, current),
                address=str(entry["address"]),
                id=str(current.get("id")),
                changes=tuple(_update_changes(body, current)),
                body=body,
                identity=identity(kind, current),
                live_fingerprint=live_fingerprint(current),
            )
        )

    def _replacement(self, entry: Mapping[str, Any]) -> dict[str, Any] | None:
        """The object a replace created in this one's place, if it is still live."""
        if entry["action"] != "replace":
            return None
        made = self.created_by_address.get(entry["address"])
        return _current(self.live, Kind(entry["kind"]), made["id"]) if made else None

    def _update_body(
        self,
        kind: Kind,
        fields: dict[str, Any],
        current: Mapping[str, Any],
        omitted_secrets: list[str],
    ) -> dict[str, Any]:
        """Top-level fields to send back whole (PATCH is shallow, API-REFERENCE §5), with
        today's secrets kept in them; fields the apply added are cleared with null."""
        restored = self._repoint(fields, current)
        for path in omitted_secrets:
            _copy_path(current, restored, path)
        body = {
            name: value
            for name, value in restored.items()
            if not _same(value, current.get(name, ABSENT))
        }
        settable = _restorable_fields(kind, current)
        for name, value in settable.items():
            if name not in fields and value is not None:
                body[name] = None
        return body

    def _repoint(self, value: Any, current: Any, path: str = "") -> Any:
        """Re-created objects' old ids -> Refs; ids of lost objects -> today's value."""
        if isinstance(value, str):
            if value in self.recreated:
                return self.recreated[value]
            if value in self.lost:
                return current if current is not ABSENT else None
            return value
        if isinstance(value, Mapping):
            now = current if isinstance(current, Mapping) else {}
            return {
                k: self._repoint(v, now.get(k, ABSENT), f"{path}.{k}") for k, v in value.items()
            }
        if isinstance(value, list):
            now_list = current if isinstance(current, list) else []
            return [
                self._repoint(v, now_list[i] if i < len(now_list) else ABSENT, f"{path}[{i}]")
                for i, v in enumerate(value)
            ]
        return value

    def _delete_created(self, objects: list[Mapping[str, Any]]) -> None:
        replaced = {e["address"] for e in objects if e["action"] == "replace"}
        deletes: list[Action] = []
        for made in self.snapshot.get("created", []):
            kind = Kind(made["kind"])
            current = _current(self.live, kind, made["id"])
            if made["address"] in replaced or current is None:
                continue  # put back by the REPLACE, or already gone
            name = str(made["address"]).partition("/")[2]
            deletes.append(
                Action(
                    ActionType.DELETE,
                    kind=kind,
                    name=live_name(kind, current) if kind is Kind.CREDENTIAL else name,
                    address=str(made["address"]),
                    id=str(made["id"]),
                    identity=identity(kind, current),
                    live_fingerprint=live_fingerprint(current),
                    reason="created by the apply being rolled back",
                )
            )
        deleted = {str(a.id) for a in deletes}
        still_used = _ids_in(self._final_objects(deleted))
        # e.g. the credential of a rotated secret stays: the old secret cannot come back
        self.actions.extend(a for a in deletes if a.id not in still_used)

    def _final_objects(self, deleted: set[str]) -> list[Any]:
        """Every object as it will be after the rollback (PATCH replaces top-level fields)."""
        updates = {a.id: a.body for a in self.actions if a.action is ActionType.UPDATE}
        final: list[Any] = [a.body for a in self.actions if a.action is not ActionType.UPDATE]
        for _, item in self.live.all():
            item_id = str(item.get("id"))
            if item_id not in deleted:
                final.append({**item, **updates.get(item_id, {}), "id": None})
        return final


def _copy_path(source: Any, target: Any, path: str) -> None:
    """Copy the value at dotted `path` from `source` into `target`, where both have it."""
    *parents, last = parse_path(path)
    for part in parents:
        try:
            source, target = source[part], target[part]
        except (KeyError, IndexError, TypeError):
            return
    if isinstance(source, Mapping) and isinstance(target, dict) and last in source:
        target[last] = source[last]


def _same(restored: Any, current: Any) -> bool:
    if isinstance(restored, Ref):
        return False
    if restored is None and current is ABSENT:
        return True
    return matches(restored, current) and matches(current, restored)


def _shown(body: Any) -> Any:
    if isinstance(body, Ref):
        return "(known after apply)"
    if isinstance(body, Mapping):
        return {k: _shown(v) for k, v in body.items()}
    if isinstance(body, list):
        return [_shown(v) for v in body]
    return body


def _update_changes(body: Mapping[str, Any], current: Mapping[str, Any]) -> list[Change]:
    changes: list[Change] = []
    for name, value in body.items():
        before = current.get(name, ABSENT)
        found = diff({name: _shown(value)}, {name: before}) if value is not None else []
        changes.extend(found or [Change(name, before, _shown(value))])
    return changes


def _ids_in(values: list[Any]) -> set[str]:
    found: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, str):
            found.add(value)
        elif isinstance(value, Mapping):
            for member in value.values():
                walk(member)
        elif isinstance(value, list):
            for member in value:
                walk(member)

    for value in values:
        walk(value)
    return found


def _order(action: Action) -> tuple[int, int, str]:
    if action.action is ActionType.DELETE:
        return (1, -action.level, action.address)
    return (0, action.level, action.address)


def build_restoration(snapshot: Mapping[str, Any], live: LiveState) -> Restoration:
    return _Builder(snapshot, live).build()
