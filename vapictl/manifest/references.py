"""Cross-entry rules: references by key resolve, identities are unique.

They run on the canonical resources (names already defaulted from keys), so
two entries whose names only collide after defaulting are caught too.
"""

from __future__ import annotations

from typing import Any

from vapictl.errors import Location
from vapictl.manifest.report import Report
from vapictl.manifest.suggest import closest
from vapictl.manifest.types import Resource
from vapictl.model import SPECS, Kind, Reference, identity, is_weak, twin_key
from vapictl.model.sites import (
    is_item_reference,
    item_references,
    join,
    manifest_keys,
    reference_sites,
)

_MAX_LISTED = 10


def _label(kind: Kind) -> str:
    return SPECS[kind].label


def check_references(resources: dict[Kind, dict[str, Resource]], report: Report) -> None:
    """Every `foo: KEY` / `foos: [KEY]` the registry lists names a declared entry
    (or a platform built-in, like Vapi's default personalities)."""
    for kind, entries in resources.items():
        for resource in entries.values():
            for reference, base, container in reference_sites(kind, resource.body):
                if reference.field in container:  # most sites a kind has are not written
                    _check_site(resource, reference, base, container, resources, report)
    for squad in resources.get(Kind.SQUAD, {}).values():
        members = squad.body.get("members")
        if isinstance(members, list):
            _check_destinations(squad, members, resources, report)


def _check_site(
    owner: Resource,
    reference: Reference,
    base: str,
    container: dict[str, Any],
    resources: dict[Kind, dict[str, Resource]],
    report: Report,
) -> None:
    value = container.get(reference.field)
    if not reference.item_key and _all_declared(reference, value, resources):
        return  # a declared key or a list of them: nearly every site, nothing to report
    field_path = join(base, reference.field)
    siblings = item_references(owner.kind, reference)
    plain = [
        v
        for v in (value if isinstance(value, list) else [])
        if not any(is_item_reference(r, v) for r in siblings)
    ]
    mixed = {type(v) for v in plain} >= {str, dict}
    if reference.many and not reference.item_key and mixed:
        target = SPECS[reference.target]
        report.error(
            f"{field_path} mixes {target.label} keys and inline {target.label} objects; "
            f"use keys only (declare the inline ones under {target.section}:) or inline "
            "objects only",
            owner.location_of(field_path),
            f"{SPECS[owner.kind].section}.{owner.key}.{field_path}",
            "mixed-references",
        )
    if reference.target is Kind.CREDENTIAL and any(isinstance(v, dict) for v in plain):
        # The API takes inline credential objects, but their keys would sit in plain
        # fields: printed in plans and kept in plan files. Declared, a key is a secret.
        report.error(
            f"{field_path} holds an inline credential object; declare it under "
            "credentials: (its keys from variables) and list its key here",
            owner.location_of(field_path),
            f"{SPECS[owner.kind].section}.{owner.key}.{field_path}",
            "inline-credential",
        )
    for relative, key in manifest_keys(reference, container):
        _resolve(owner, join(base, relative), key, reference.target, resources, report)


def _all_declared(
    reference: Reference, value: Any, resources: dict[Kind, dict[str, Resource]]
) -> bool:
    """Would the full check below find nothing to report? Only said for the common
    shapes (one key, keys only); anything else gets the full check."""
    if value is None or (reference.many and isinstance(value, str)):
        return True  # no key written (`null`), or one the schema check reports
    declared = resources.get(reference.target, {})
    builtins = SPECS[reference.target].builtins
    if isinstance(value, str):
        return value in declared or value in builtins
    if not (reference.many and isinstance(value, list)):
        return False
    for item in value:
        if not isinstance(item, str) or (item not in declared and item not in builtins):
            return False
    return True


def _resolve(
    owner: Resource,
    field_path: str,
    key: str,
    kind: Kind,
    resources: dict[Kind, dict[str, Resource]],
    report: Report,
) -> None:
    declared = resources.get(kind, {})
    if key in declared or key in SPECS[kind].builtins:
        return
    known = sorted(declared)
    listed = ", ".join(known[:_MAX_LISTED]) + (", ..." if len(known) > _MAX_LISTED else "")
    message = f"no {_label(kind)} with key '{key}' (known: {listed or 'none'})"
    match = closest(key, [*known, *SPECS[kind].builtins])
    if match:
        message += f"; did you mean '{match}'?"
    path = f"{SPECS[owner.kind].section}.{owner.key}.{field_path}"
    report.error(message, owner.location_of(field_path), path, "reference")


def _check_destinations(
    squad: Resource,
    members: list[Any],
    resources: dict[Kind, dict[str, Resource]],
    report: Report,
) -> None:
    """Transfers name an assistant by its `name`; it should be one of the squad's members."""
    names: set[str] = set()
    for member in members:
        if not isinstance(member, dict):
            continue
        assistant = member.get("assistant")
        if isinstance(assistant, str) and assistant in resources.get(Kind.ASSISTANT, {}):
            name = resources.get(Kind.ASSISTANT, {})[assistant].body.get("name")
        elif isinstance(assistant, dict):
            name = assistant.get("name")
        else:
            return  # a member we cannot name (raw assistantId): no reliable warning
        if isinstance(name, str):
            names.add(name)
    for index, member in enumerate(members):
        destinations = member.get("assistantDestinations") if isinstance(member, dict) else None
        if not isinstance(destinations, list):
            continue
        for position, destination in enumerate(destinations):
            target = destination.get("assistantName") if isinstance(destination, dict) else None
            if isinstance(target, str) and target not in names:
                field_path = f"members[{index}].assistantDestinations[{position}].assistantName"
                report.warning(
                    f"no member of this squad is named '{target}' "
                    f"(members: {', '.join(sorted(names))}); the transfer would fail",
                    squad.location_of(field_path),
                    f"squads.{squad.key}.{field_path}",
                    "squad-destination",
                )


def check_identities(resources: dict[Kind, dict[str, Resource]], report: Report) -> None:
    """Two entries with one identity would fight over one live resource (DESIGN.md §2)."""
    for kind, section in resources.items():
        seen: dict[str, Resource] = {}
        pinned: dict[str, Resource] = {}
        for resource in section.values():
            ident = identity(kind, resource.body)
            if resource.pinned_id or is_weak(kind, ident):
                # Pinned entries are found by id; entries with no name to go by are
                # found by content (engine/match.py), so only identical twins clash.
                twin = twin_key(kind, resource.body)
                first = seen.setdefault(twin, resource) if not resource.pinned_id else resource
                if first is not resource:
                    report.error(
                        f"{_label(kind)} '{resource.key}' is identical to '{first.key}' and has "
                        "no name to tell them apart; remove one, or pin each with `id:`",
                        resource.location,
                        f"{SPECS[kind].section}.{resource.key}",
                        "duplicate-identity",
                    )
            elif ident is not None:
                first = seen.setdefault(ident, resource)
                if first is not resource:
                    field_name, _, value = ident.partition(":")
                    if kind is Kind.TOOL:
                        field_name = "function.name" if field_name == "function" else "name"
                    elif kind is not Kind.PHONE_NUMBER:
                        field_name, value = "name", ident
                    _duplicate(resource, first, field_name, value, report)
            if resource.pinned_id:
                first = pinned.setdefault(resource.pinned_id, resource)
                if first is not resource:
                    _duplicate(resource, first, "id", resource.pinned_id, report)


def _duplicate(
    resource: Resource, first: Resource, field_name: str, value: str, report: Report
) -> None:
    location = (
        resource.location_of(field_name)
        if field_name in resource.field_locations
        else resource.location
    )
    report.error(
        f"{field_name} '{value}' is already used by {_label(first.kind)} '{first.key}' "
        f"at {_where(first, field_name)}; each {_label(resource.kind)} needs its own",
        location,
        f"{SPECS[resource.kind].section}.{resource.key}.{field_name}",
        "duplicate-identity",
    )


def _where(resource: Resource, field_name: str) -> Location:
    if field_name in resource.field_locations:
        return resource.field_locations[field_name]
    return resource.location
