"""Build a plan: the ordered create/update/replace/delete actions, field by field."""

from __future__ import annotations

import dataclasses
import fnmatch
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from vapictl.engine.attachments import attachment_change, outputs_of
from vapictl.engine.builtins import builtin_ids, check_resolvable
from vapictl.engine.comparable import comparable
from vapictl.engine.credentials import (
    SECRET_PATH,
    digest_of_credential_name,
    is_managed_credential,
)
from vapictl.engine.desired import DesiredResource, shared_desired
from vapictl.engine.diff import ABSENT, Change, diff, merge_for_patch, top_level_fields
from vapictl.engine.live import LiveState
from vapictl.engine.match import match_resources
from vapictl.engine.plan_model import Action, ActionType, Plan, live_fingerprint
from vapictl.engine.provider_credentials import ROTATED, check_creatable, rotations
from vapictl.engine.refs import UNKNOWN, Ref, SecretRef, refs_in, substitute
from vapictl.engine.safety import check_empty_prune
from vapictl.engine.targets import check_targets_match, known_addresses
from vapictl.engine.unchanged import unchanged
from vapictl.engine.uploads import (
    INTERRUPTED_REPLACE,
    content_changes,
    content_reason,
    leftover_uploads,
)
from vapictl.gc_pause import collector_paused
from vapictl.manifest.report import parse_path
from vapictl.manifest.types import Manifest
from vapictl.model import (
    RESOURCE_SECTIONS,
    SPECS,
    Kind,
    identity,
    is_platform_default,
    live_name,
)
from vapictl.secrets import MASK, is_sensitive_path, mask_sensitive

# Every kind a manifest declares by key; managed credentials have their own cleanup.
PRUNABLE_KINDS = tuple(RESOURCE_SECTIONS.values())


@dataclass(frozen=True)
class PlanOptions:
    prune: bool | None = None  # None: the manifest's `settings.prune`
    targets: tuple[str, ...] = ()  # "kind/name" patterns; empty = everything


def build_plan(manifest: Manifest, live: LiveState, options: PlanOptions | None = None) -> Plan:
    with collector_paused():  # walks every body, builds no cycles (gc_pause.py)
        return _build_plan(manifest, live, options or PlanOptions())


def _build_plan(manifest: Manifest, live: LiveState, options: PlanOptions) -> Plan:
    # Shared with the load's spec check and the routing lints; a provider credential's
    # name may be changed below (rotations), so credentials get their own payload.
    desired = [_own_credential(d) for d in shared_desired(manifest)]
    matched = match_resources(desired, live)
    matched.update(_match_credentials(desired, matched, live))
    rotated = rotations(desired, matched)
    check_creatable(desired, matched)
    replaced = {d.address: reason for d in desired if (reason := _replace_reason(d, matched))}
    known_ids = {
        address: str(item["id"])
        for address, item in matched.items()
        if address not in replaced and "id" in item
    }
    for address, item in matched.items():
        if address not in replaced and SPECS[kind := kind_of_address(address)].outputs:
            known_ids.update(outputs_of(kind, address, item))
    known_ids.update(builtin_ids(live))
    check_resolvable(desired, known_ids)

    actions: list[Action] = []
    for resource in desired:
        action = _action_for(resource, matched.get(resource.address), known_ids, replaced)
        if action is not None:
            actions.append(action)
    prune = manifest.settings.prune if options.prune is None else options.prune
    actions.extend(_credential_cleanup(desired, matched, live, prune))
    leftovers = leftover_uploads(desired, matched, live)
    actions.extend(_delete(kind, item, INTERRUPTED_REPLACE) for kind, item in leftovers)
    for old in rotated.values():
        actions.append(
            _delete(Kind.CREDENTIAL, old, f"{ROTATED}; {SPECS[Kind.CREDENTIAL].org_wide}")
        )
    if prune:
        gone = (*matched.values(), *rotated.values(), *(item for _, item in leftovers))
        handled = {str(item.get("id")) for item in gone}
        pruned = _prune(handled, live, manifest.settings.ignore)
        check_empty_prune(manifest, pruned)
        actions.extend(pruned)
    if options.targets:
        check_targets_match(options.targets, known_addresses(manifest, live))
        actions = _targeted(actions, options.targets)
    actions.sort(key=_order)
    return Plan(
        actions=tuple(actions),
        digest_source=manifest,
        known_ids=known_ids,
        warnings=manifest.warnings,
        prune=prune,
    )


def _own_credential(resource: DesiredResource) -> DesiredResource:
    if resource.kind is not Kind.CREDENTIAL:
        return resource
    return dataclasses.replace(resource, payload=dict(resource.payload))


def kind_of_address(address: str) -> Kind:
    prefix = address.partition("/")[0]
    return _KINDS.get(prefix) or Kind(prefix)  # a dict, not Enum's slower call


_KINDS = {kind.value: kind for kind in Kind}


def _order(action: Action) -> tuple[int, int, str]:
    if action.action is ActionType.DELETE:
        return (1, -action.level, action.address)
    return (0, action.level, action.address)


def _match_credentials(
    desired: list[DesiredResource], matched: Mapping[str, dict[str, Any]], live: LiveState
) -> dict[str, dict[str, Any]]:
    """A managed credential matches when its owner already uses one with the same name
    (same secret), or when one with that exact name exists (left by an interrupted apply)."""
    by_id = live.by_id(Kind.CREDENTIAL)
    by_name = {c.get("name"): c for c in live.of(Kind.CREDENTIAL)}
    found: dict[str, dict[str, Any]] = {}
    for credential in desired:
        if credential.kind is not Kind.CREDENTIAL or credential.owner is None:
            continue
        current = by_id.get(_credential_id_of(matched.get(credential.owner)) or "")
        # Same fingerprint = same secret, whatever key the name was made under.
        if current is not None and digest_of_credential_name(
            str(current.get("name", ""))
        ) == digest_of_credential_name(str(credential.identity)):
            found[credential.address] = current
        elif credential.identity in by_name:
            found[credential.address] = by_name[credential.identity]
    return found


def _credential_id_of(item: Mapping[str, Any] | None) -> str | None:
    server = (item or {}).get("server")
    value = server.get("credentialId") if isinstance(server, Mapping) else None
    return value if isinstance(value, str) else None


def _replace_reason(resource: DesiredResource, matched: Mapping[str, dict[str, Any]]) -> str:
    if resource.kind not in _REPLACEABLE:
        return ""  # nothing of it is replaced (most kinds: assistants, squads)
    live = matched.get(resource.address)
    if live is None or resource.kind is Kind.CREDENTIAL:
        return ""
    changed = content_reason(resource.kind, resource.payload, live)
    if changed:
        return changed
    for field_name in SPECS[resource.kind].replace_fields:
        if field_name in resource.payload and resource.payload[field_name] != live.get(field_name):
            if field_name == "numberDesiredAreaCode" and field_name not in live:
                continue  # create-only and not echoed: nothing to compare against
            return f"{field_name} cannot be changed in place"
    return ""


# Kinds with something a change replaces: an upload's content, a create-only field.
_REPLACEABLE = frozenset(k for k, spec in SPECS.items() if spec.upload or spec.replace_fields)


def _present_changes(resource: DesiredResource, changes: Iterable[Change]) -> tuple[Change, ...]:
    """Mask secrets, and show a managed credential swap as the secret it stands for."""
    shown: list[Change] = []
    secret_paths = resource.source.secret_paths if resource.source else frozenset()
    server = resource.payload.get("server")
    secret_backed = isinstance(server, Mapping) and isinstance(server.get("credentialId"), Ref)
    for change in changes:
        if secret_backed and change.path == "server.credentialId":
            shown.append(
                Change(SECRET_PATH, MASK if change.before is not ABSENT else ABSENT, MASK, True)
            )
            continue
        parts, sensitive = _path_facts(change.path)
        if sensitive or change.path in secret_paths:
            shown.append(Change(change.path, MASK, MASK, True))
        else:  # a mapping added or removed whole may hold a credential-named header
            before = _masked(change.before, parts)
            shown.append(Change(change.path, before, _masked(change.after, parts)))
    return tuple(shown)


@lru_cache(maxsize=4096)
def _path_facts(path: str) -> tuple[tuple[str | int, ...], bool]:
    """A change's path as parts, and whether its value is a credential. The same paths
    come back for every resource of a kind (a plan of 2,000 creates has 20,000 changes)."""
    parts = parse_path(path)
    return parts, is_sensitive_path(parts)


def _masked(value: Any, parts: tuple[str | int, ...]) -> Any:
    """mask_sensitive: only a container can hold a credential below a path that is not
    one itself (a leaf there is returned as it is)."""
    return mask_sensitive(value, parts) if isinstance(value, dict | list) else value


def _creation_changes(
    resource: DesiredResource, known_ids: Mapping[str, str]
) -> tuple[Change, ...]:
    def fill(ref: Ref | SecretRef) -> Any:
        return known_ids.get(ref.slot, UNKNOWN) if isinstance(ref, Ref) else MASK

    changes = diff(substitute(resource.payload, fill), {})
    return _present_changes(
        resource, content_changes(resource.kind, resource.payload, None, changes)
    )


def _action_for(
    resource: DesiredResource,
    live: dict[str, Any] | None,
    known_ids: Mapping[str, str],
    replaced: Mapping[str, str],
) -> Action | None:
    name = resource.key
    reason = replaced.get(resource.address, "")
    if resource.kind is Kind.CREDENTIAL and resource.owner is not None:
        name = str(resource.payload.get("name", resource.key))
    elif live is None and SPECS[resource.kind].org_wide:
        reason = SPECS[resource.kind].org_wide

    def make(action_type: ActionType, changes: tuple[Change, ...], body: dict[str, Any]) -> Action:
        return Action(
            action_type,
            kind=resource.kind,
            name=name,
            address=resource.address,
            id=None if live is None else str(live.get("id")),
            changes=changes,
            body=body,
            identity=resource.identity,
            live_fingerprint=None if live is None else live_fingerprint(live),
            protect=resource.protect,
            reason=reason,
        )

    if live is None:
        return make(ActionType.CREATE, _creation_changes(resource, known_ids), resource.payload)
    if resource.kind is Kind.CREDENTIAL and resource.owner is not None:
        return None  # matched by name, which carries the secret's fingerprint: nothing to do
    if unchanged(resource.kind, resource.payload, known_ids, live):
        changes = []  # the common case, found without copying the body (unchanged.py)
    else:
        changes = diff(comparable(resource.kind, resource.payload, known_ids), live)
    changes = content_changes(resource.kind, resource.payload, live, changes)
    attached = attachment_change(resource.kind, resource.payload, live, known_ids)
    if attached is not None:
        changes.append(attached)
    if resource.address in replaced:
        return make(ActionType.REPLACE, _present_changes(resource, changes), resource.payload)
    if not changes:
        return None
    body = _patch_body(resource, live, changes)
    return make(ActionType.UPDATE, _present_changes(resource, changes), body)


def _patch_body(
    resource: DesiredResource, live: Mapping[str, Any], changes: list[Change]
) -> dict[str, Any]:
    fields = top_level_fields(changes)
    # Fields some update DTOs require on every PATCH (squad members, phone provider).
    fields.extend(f for f in SPECS[resource.kind].patch_always if f in resource.payload)
    attachments = SPECS[resource.kind].attachments
    if attachments is not None and attachments.live_field in fields:
        # The whole wanted set: apply attaches and detaches against the set it finds.
        fields.remove(attachments.live_field)
        return {
            **{f: merge_for_patch(live.get(f), resource.payload[f]) for f in dict.fromkeys(fields)},
            attachments.field: resource.payload[attachments.field],
        }
    return {f: merge_for_patch(live.get(f), resource.payload[f]) for f in dict.fromkeys(fields)}


def _credential_cleanup(
    desired: list[DesiredResource],
    matched: Mapping[str, dict[str, Any]],
    live: LiveState,
    prune: bool,
) -> list[Action]:
    """Delete managed credentials that a rotation or a removed secret leaves behind (and,
    with prune, orphans); never one another live resource still uses."""
    kept = {
        str(matched[d.address]["id"])
        for d in desired
        if d.kind is Kind.CREDENTIAL and d.address in matched
    }
    # Live id -> the managed credential it lets go of: an owner whose secret rotated (it
    # is repointed at the new one) or was removed (`server.secret: null`).
    rotated: dict[str, str] = {}
    cleared: dict[str, str] = {}
    for resource in desired:
        if resource.kind is Kind.CREDENTIAL and resource.owner and resource.address not in matched:
            owner = matched.get(resource.owner)
            if owner is not None and (old := _credential_id_of(owner)):
                rotated[str(owner["id"])] = old
        elif _clears_credential(resource):
            item = matched.get(resource.address)
            if item is not None and (old := _credential_id_of(item)):
                cleared[str(item["id"])] = old
    # What any other live resource points at (e.g. set in the dashboard) stays: a walk
    # of the whole live org, only when something may be deleted.
    in_use = (
        {
            _credential_id_of(item)
            for _, item in live.all()
            if str(item.get("id")) not in rotated and str(item.get("id")) not in cleared
        }
        if rotated or cleared or prune
        else set()
    )
    rotated_out = set(rotated.values()) - in_use
    cleared_out = set(cleared.values()) - in_use
    actions = []
    for credential in live.of(Kind.CREDENTIAL):
        cred_id = str(credential.get("id"))
        if not is_managed_credential(credential) or cred_id in kept:
            continue
        if cred_id in rotated_out:
            actions.append(_delete(Kind.CREDENTIAL, credential, "secret rotated"))
        elif cred_id in cleared_out:
            actions.append(_delete(Kind.CREDENTIAL, credential, "secret removed"))
        elif prune and cred_id not in in_use:
            actions.append(_delete(Kind.CREDENTIAL, credential, "unused"))
    return actions


def _clears_credential(resource: DesiredResource) -> bool:
    """True when the manifests clear the server's credential (`server.secret: null`)."""
    server = resource.payload.get("server")
    return (
        isinstance(server, Mapping) and "credentialId" in server and server["credentialId"] is None
    )


def _delete(kind: Kind, item: Mapping[str, Any], reason: str) -> Action:
    name = live_name(kind, item)
    return Action(
        ActionType.DELETE,
        kind=kind,
        name=name,
        address=f"{kind.value}/{name}",
        id=str(item.get("id")),
        identity=identity(kind, item),
        live_fingerprint=live_fingerprint(item),
        reason=reason,
    )


def _prune(managed_ids: set[str], live: LiveState, ignore: tuple[str, ...]) -> list[Action]:
    """Deletes of live resources no entry manages (platform defaults and ignored aside)."""
    actions = []
    for kind in PRUNABLE_KINDS:
        for item in live.of(kind):
            if str(item.get("id")) in managed_ids or is_platform_default(kind, item):
                continue
            address = f"{kind.value}/{live_name(kind, item)}"
            if any(fnmatch.fnmatchcase(address, pattern) for pattern in ignore):
                continue
            reason = "not declared in the manifests (prune)"
            if SPECS[kind].org_wide:
                reason += f"; {SPECS[kind].org_wide}"
            actions.append(_delete(kind, item, reason))
    return actions


def _targeted(actions: list[Action], targets: tuple[str, ...]) -> list[Action]:
    """Actions on the targets, plus what they need created first (their references)."""
    by_address = {a.address: a for a in actions}
    # The managed credential of a targeted owner, found by address (a scan of every
    # action for each chosen one made a targeted plan of 2,000 creates take 0.5 s more).
    credentials: dict[str, list[Action]] = defaultdict(list)
    for other in actions:
        if other.kind is Kind.CREDENTIAL:
            credentials[other.address].append(other)
    chosen: dict[str, Action] = {}
    pending = [a for a in actions if any(_target_matches(a, t) for t in targets)]
    while pending:
        action = pending.pop()
        if action.address in chosen:
            continue
        chosen[action.address] = action
        for ref in refs_in(action.body):
            if ref.address in by_address:
                pending.append(by_address[ref.address])
        pending.extend(credentials.get(action.address, ()))
    return list(chosen.values())


def _target_matches(action: Action, target: str) -> bool:
    return fnmatch.fnmatchcase(action.address, target) or fnmatch.fnmatchcase(
        f"{action.kind.value}/{action.name}", target
    )
