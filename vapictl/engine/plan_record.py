"""A plan action as the record a saved plan keeps, and how two records differ.

The record is what a reviewer approved: the action, the exact request body it
would send (ids of existing resources filled in, resources the plan creates
as `{"$ref": ...}`, secrets as `{"$secret": ..., "digest": ...}`, never their
value), the changes shown, the live ids the body points at, and a digest of
each top-level field of the live object the action was planned against.
`apply FILE` rebuilds these records from the manifests and the live org and
compares them with the file's, field by field; any difference makes the plan
stale, with the difference named.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from vapictl.engine.credentials import secret_digest
from vapictl.engine.diff import ABSENT, Change
from vapictl.engine.live import LiveState
from vapictl.engine.plan_model import Action, ActionType
from vapictl.engine.refs import SecretRef, json_slot, to_json
from vapictl.manifest.report import format_path
from vapictl.model import Kind, server_managed
from vapictl.secrets import PathParts, replace_sensitive

Record = dict[str, Any]

# Compared one by one, in this order, before the body; each names itself in messages.
_SCALAR_FIELDS = ("action", "kind", "id", "name", "identity", "reason", "protect")
_MAX_BODY_DIFFERENCES = 5  # per action; the rest are counted
_MAX_VALUE_CHARS = 60


def action_records(
    actions: Iterable[Action], known_ids: Mapping[str, str], live: LiveState
) -> list[Record]:
    """`action_record` of each action, the live org's ids gathered once for all of
    them (gathered per action, a plan of 2,000 actions took ~4 s more to save)."""
    live_ids = _live_ids(live)
    return [action_record(action, known_ids, live, live_ids) for action in actions]


def action_record(
    action: Action,
    known_ids: Mapping[str, str],
    live: LiveState,
    live_ids: Mapping[str, str] | None = None,
) -> Record:
    """What a saved plan records of an action; `live_ids`: `_live_ids(live)` if known."""
    body = _resolve(to_json(_sealed(action)), known_ids)
    return {
        "action": action.action.value,
        "kind": action.kind.value,
        "name": action.name,
        "address": action.address,
        "id": action.id,
        "identity": action.identity,
        "reason": action.reason or None,
        "protect": action.protect,
        "changes": [_change_record(c) for c in action.changes],
        "body": body,
        "references": dict(
            _references(body, _live_ids(live) if live_ids is None else live_ids, "body")
        ),
        "liveFields": _field_digests(action.kind, _live_object(action, live)),
    }


def _change_record(change: Change) -> Record:
    # A field that is not set is left out, so "unset" and null stay distinct.
    record: Record = {"path": change.path, "sensitive": change.sensitive}
    if change.before is not ABSENT:
        record["before"] = change.before
    if change.after is not ABSENT:
        record["after"] = change.after
    return record


def _resolve(value: Any, known_ids: Mapping[str, str]) -> Any:
    """Fill in the ids of existing resources: the body exactly as it would be sent."""
    if isinstance(value, Mapping):
        ref_slot = json_slot(value)
        if ref_slot is not None and ref_slot in known_ids:
            return known_ids[ref_slot]
        return {k: _resolve(v, known_ids) for k, v in value.items()}
    if isinstance(value, list):
        return [_resolve(v, known_ids) for v in value]
    return value


def _sealed(action: Action) -> Any:
    """The body with every credential outside the registry's secret fields (a header's
    token, which the API returns and the plan compares) as a SecretRef, written as a
    `{"$secret": ...}` digest: `apply FILE` rebuilds and compares records, so the file
    never needs the value."""

    def seal(parts: PathParts, leaf: Any) -> Any:
        if not isinstance(leaf, str):
            return leaf
        path = format_path(parts)
        return SecretRef(action.address, path, secret_digest(leaf, path))

    return replace_sensitive(action.body, (), seal)


def _live_ids(live: LiveState) -> dict[str, str]:
    return {str(item["id"]): kind.value for kind, item in live.all() if "id" in item}


def _references(
    value: Any, live_ids: Mapping[str, str], path: str = ""
) -> Iterator[tuple[str, str]]:
    """(path, "kind/id") of every live id the body points at, raw ids included."""
    if isinstance(value, str) and value in live_ids:
        yield path, f"{live_ids[value]}/{value}"
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _references(item, live_ids, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _references(item, live_ids, f"{path}[{index}]")


def _live_object(action: Action, live: LiveState) -> Mapping[str, Any] | None:
    if action.action is ActionType.CREATE:
        return None
    if action.kind is Kind.ORG:
        return live.org
    return live.by_id(action.kind).get(action.id or "")


def _field_digests(kind: Kind, item: Mapping[str, Any] | None) -> dict[str, str] | None:
    """A digest per top-level field, so an out-of-band edit can be named by field
    without the file holding live values; server-assigned fields (a number's status,
    updatedAt) change on their own and are left out."""
    if item is None:
        return None
    return {
        key: hashlib.sha256(_canonical(value).encode()).hexdigest()[:16]
        for key, value in sorted(item.items())
        if key not in server_managed(kind)
    }


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)


# -- comparing --------------------------------------------------------------------------


def record_differences(saved: list[Record], fresh: list[Record]) -> list[str]:
    """Why the saved records differ from the fresh ones, one line per difference."""
    problems: list[str] = []
    fresh_by_address = {str(r.get("address")): r for r in fresh}
    saved_addresses = set()
    for record in saved:
        address = str(record.get("address"))
        saved_addresses.add(address)
        now = fresh_by_address.get(address)
        label = f"{address} ({record.get('action')})"
        if now is None:
            problems.append(f"{label}: in the saved plan, but a new plan has no such action")
            continue
        problems.extend(f"{label}: {reason}" for reason in _action_differences(record, now))
    for record in fresh:
        if str(record.get("address")) not in saved_addresses:
            problems.append(
                f"{record['address']} ({record['action']}): a new plan has this action; "
                "the saved plan does not"
            )
    return problems


def _action_differences(saved: Record, now: Record) -> list[str]:
    reasons = [
        f"{name}: the saved plan says {_show(saved.get(name))}, now {_show(now.get(name))}"
        for name in _SCALAR_FIELDS
        if saved.get(name) != now.get(name)
    ]
    reasons.extend(_vanished(saved.get("references"), now.get("references")))
    reasons.extend(_live_edits(saved.get("liveFields"), now.get("liveFields")))
    body = list(_paths_differing(saved.get("body"), now.get("body"), "body"))
    for path, was, is_now in body[:_MAX_BODY_DIFFERENCES]:
        reasons.append(f"{path}: the saved plan sends {_show(was)}, now {_show(is_now)}")
    if len(body) > _MAX_BODY_DIFFERENCES:
        reasons.append(f"and {len(body) - _MAX_BODY_DIFFERENCES} more differences in the body")
    if not reasons:
        shown = {str(c.get("path")): c for c in _as_list(saved.get("changes"))}
        fresh = {str(c.get("path")): c for c in _as_list(now.get("changes"))}
        differing = sorted(p for p in set(shown) | set(fresh) if shown.get(p) != fresh.get(p))
        if differing:
            reasons.append(f"the changes it shows differ at {', '.join(differing)}")
    return reasons


def _vanished(saved: Any, now: Any) -> Iterator[str]:
    now_refs = now if isinstance(now, Mapping) else {}
    for path, target in (saved if isinstance(saved, Mapping) else {}).items():
        if now_refs.get(path) != target:
            kind, _, ident = str(target).partition("/")
            yield f"{path} refers to {kind} {ident}, which no longer exists live"


def _live_edits(saved: Any, now: Any) -> Iterator[str]:
    if not isinstance(saved, Mapping) or not isinstance(now, Mapping):
        return
    edited = sorted(k for k in set(saved) | set(now) if saved.get(k) != now.get(k))
    if edited:
        yield f"changed live since the plan was made ({', '.join(edited)})"


def _paths_differing(a: Any, b: Any, path: str) -> Iterator[tuple[str, Any, Any]]:
    if isinstance(a, Mapping) and isinstance(b, Mapping) and not _is_placeholder(a, b):
        for key in list(a) + [k for k in b if k not in a]:
            yield from _paths_differing(a.get(key, ABSENT), b.get(key, ABSENT), f"{path}.{key}")
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for index, (x, y) in enumerate(zip(a, b, strict=True)):
            yield from _paths_differing(x, y, f"{path}[{index}]")
    elif _canonical(a) != _canonical(b) or (a is ABSENT) != (b is ABSENT):
        yield path, a, b


def _is_placeholder(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    # A planted `{"$secret": ...}` or `{"$ref": ...}` is one difference, not one per key.
    return any(key in m for m in (a, b) for key in ("$secret", "$ref"))


def _as_list(value: Any) -> list[Mapping[str, Any]]:
    return [v for v in value if isinstance(v, Mapping)] if isinstance(value, list) else []


def _show(value: Any) -> str:
    if value is ABSENT:
        return "(unset)"
    text = _canonical(value) if not isinstance(value, str) else json.dumps(value)
    return text if len(text) <= _MAX_VALUE_CHARS else text[: _MAX_VALUE_CHARS - 3] + "..."
