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
from vapictl.model import Kind, identity, is_weak, twin_key

_SECTION = {
    Kind.TOOL: "tools",
    Kind.ASSISTANT: "assistants",
    Kind.SQUAD: "squads",
    Kind.PHONE_NUMBER: "phoneNumbers",
}
_LABEL = {
    Kind.TOOL: "tool",
    Kind.ASSISTANT: "assistant",
    Kind.SQUAD: "squad",
    Kind.PHONE_NUMBER: "phone number",
}
_MAX_LISTED = 10


def check_references(resources: dict[Kind, dict[str, Resource]], report: Report) -> None:
    for phone in resources[Kind.PHONE_NUMBER].values():
        for field_name, kind in (("assistant", Kind.ASSISTANT), ("squad", Kind.SQUAD)):
            _resolve(phone, field_name, phone.body.get(field_name), kind, resources, report)
    for assistant in resources[Kind.ASSISTANT].values():
        model = assistant.body.get("model")
        tools = model.get("tools") if isinstance(model, dict) else None
        if isinstance(tools, list):
            if any(isinstance(t, str) for t in tools) and any(isinstance(t, dict) for t in tools):
                report.error(
                    "model.tools mixes tool keys and inline tool objects; use keys only "
                    "(declare the inline tools under tools:) or inline objects only",
                    assistant.location_of("model.tools"),
                    f"assistants.{assistant.key}.model.tools",
                    "mixed-tools",
                )
            for index, tool in enumerate(tools):
                if isinstance(tool, str):  # a mapping is an inline tool, passed through
                    _resolve(assistant, f"model.tools[{index}]", tool, Kind.TOOL, resources, report)
    for squad in resources[Kind.SQUAD].values():
        members = squad.body.get("members")
        if isinstance(members, list):
            for index, member in enumerate(members):
                if isinstance(member, dict) and isinstance(member.get("assistant"), str):
                    path = f"members[{index}].assistant"
                    _resolve(squad, path, member["assistant"], Kind.ASSISTANT, resources, report)
            _check_destinations(squad, members, resources, report)


def _resolve(
    owner: Resource,
    field_path: str,
    key: Any,
    kind: Kind,
    resources: dict[Kind, dict[str, Resource]],
    report: Report,
) -> None:
    if not isinstance(key, str) or key in resources[kind]:
        return
    known = sorted(resources[kind])
    listed = ", ".join(known[:_MAX_LISTED]) + (", ..." if len(known) > _MAX_LISTED else "")
    message = f"no {kind.value} with key '{key}' (known: {listed or 'none'})"
    match = closest(key, known)
    if match:
        message += f"; did you mean '{match}'?"
    path = f"{_SECTION[owner.kind]}.{owner.key}.{field_path}"
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
        if isinstance(assistant, str) and assistant in resources[Kind.ASSISTANT]:
            name = resources[Kind.ASSISTANT][assistant].body.get("name")
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
                        f"{_LABEL[kind]} '{resource.key}' is identical to '{first.key}' and has "
                        "no name to tell them apart; remove one, or pin each with `id:`",
                        resource.location,
                        f"{_SECTION[kind]}.{resource.key}",
                        "duplicate-identity",
                    )
            elif ident is not None:
                first = seen.setdefault(ident, resource)
                if first is not resource:
                    field_name, _, value = ident.partition(":")
                    if kind is Kind.TOOL:
                        field_name = "function.name" if field_name == "function" else "name"
                    elif kind in (Kind.ASSISTANT, Kind.SQUAD):
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
        f"{field_name} '{value}' is already used by {_LABEL[first.kind]} '{first.key}' "
        f"at {_where(first, field_name)}; each {_LABEL[resource.kind]} needs its own",
        location,
        f"{_SECTION[resource.kind]}.{resource.key}.{field_name}",
        "duplicate-identity",
    )


def _where(resource: Resource, field_name: str) -> Location:
    if field_name in resource.field_locations:
        return resource.field_locations[field_name]
    return resource.location
