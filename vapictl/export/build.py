"""Live state -> manifest sections: the core of `vapictl export` (issue 6).

Nothing here talks to the API or prints: the command reads `LiveState`, calls
`build_export`, then writes the files and shows the variables and notes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from vapictl.engine.live import LiveState
from vapictl.export.keys import assign_keys
from vapictl.export.placeholders import Variable, placeholder
from vapictl.export.transform import ExportContext, to_entry
from vapictl.export.write import order_fields
from vapictl.model import (
    DECLARED_KINDS,
    RESOURCE_SECTIONS,
    SPECS,
    Kind,
    is_platform_default,
    twin_key,
)

# Every kind a manifest declares (the registry's sections), the org first.
EXPORTABLE_KINDS: tuple[Kind, ...] = DECLARED_KINDS
_LISTED_KINDS = EXPORTABLE_KINDS[1:]


@dataclass(frozen=True)
class ExportResult:
    # "org" -> entry; every other section (model.RESOURCE_SECTIONS) -> key -> entry
    sections: dict[str, Any]
    variables: tuple[Variable, ...]  # to set before plan/apply, sorted by name
    notes: tuple[str, ...]  # references kept raw, ids pinned, ... (for stderr)

    def count(self, section: str) -> int:
        content = self.sections.get(section)
        if section == "org":
            return 1 if content else 0
        return len(content) if isinstance(content, Mapping) else 0

    def summary(self) -> str:
        """`"1 org, 4 tools, 1 squad"`: what was exported, for the closing line."""
        parts = []
        for kind in EXPORTABLE_KINDS:
            spec = SPECS[kind]
            if spec.section in self.sections:
                count = self.count(spec.section)
                parts.append(f"{count} {spec.label if count == 1 else spec.plural}")
        return ", ".join(parts)

    def variables_message(self) -> str:
        listed = ", ".join(f"{var.name} ({var.description})" for var in self.variables)
        return f"Set these variables before plan/apply: {listed}"


def build_export(
    live: LiveState, kinds: Collection[Kind] = EXPORTABLE_KINDS, *, pin_ids: bool = False
) -> ExportResult:
    """Manifest sections reproducing `live` (limited to `kinds`), with `${VAR}` for secrets."""
    items = {
        kind: [i for i in live.of(kind) if not is_platform_default(kind, i)]
        for kind in _LISTED_KINDS
        if kind in kinds
    }
    keys = {kind: assign_keys(kind, items[kind]) for kind in items}
    ctx = ExportContext(keys=keys, credentials=live.by_id(Kind.CREDENTIAL))
    sections: dict[str, Any] = {}
    if Kind.ORG in kinds and live.org is not None:
        sections["org"] = order_fields(to_entry(Kind.ORG, "org", live.org, ctx))
    for kind in _LISTED_KINDS:
        if kind not in kinds:
            continue
        kind_keys = keys[kind]
        pinned = _ids_to_pin(kind, items[kind], kind_keys, pin_ids, ctx.notes)
        entries: dict[str, Any] = {}
        for item in sorted(items[kind], key=lambda item: kind_keys[str(item.get("id"))]):
            item_id = str(item.get("id"))
            key = kind_keys[item_id]
            entry = to_entry(kind, key, item, ctx)
            if item_id in pinned:
                entry["id"] = item_id
            entries[key] = order_fields(entry)
        sections[SPECS[kind].section] = entries
    names = ctx.variables.names()
    filled = _fill_placeholders(sections, {token: var.name for token, var in names.items()})
    exported_ids = {
        item_id: f"{kind.value}/{key}" for kind, ids in keys.items() for item_id, key in ids.items()
    }
    return ExportResult(
        sections=filled,
        variables=tuple(sorted(names.values(), key=lambda var: var.name)),
        notes=(*ctx.notes, *_raw_ids_left(filled, exported_ids)),
    )


def _ids_to_pin(
    kind: Kind,
    items: list[dict[str, Any]],
    keys: Mapping[str, str],
    pin_ids: bool,
    notes: list[str],
) -> set[str]:
    """Ids to write as `id:` pins: all with --pin-ids, else those plan could not find.

    Plan finds a resource by its identity (model.identity) or, when it has no name
    to go by (an unnamed assistant or squad, one of several nameless tools of one
    type), by its content (engine/match.py). Only two live resources sharing a name,
    or two nameless ones that look exactly alike, need a pin to stay apart.
    """
    if pin_ids:
        return {str(item.get("id")) for item in items}
    shared = Counter(twin_key(kind, item) for item in items)
    pinned: set[str] = set()
    for item in sorted(items, key=lambda i: keys[str(i.get("id"))]):
        item_id = str(item.get("id"))
        count = shared[twin_key(kind, item)]
        if count > 1:
            notes.append(
                f"{kind.value}/{keys[item_id]}: {count} live {kind.value}s cannot be told "
                "apart by name or content, so its id is pinned."
            )
            pinned.add(item_id)
    return pinned


def _raw_ids_left(sections: Mapping[str, Any], exported_ids: Mapping[str, str]) -> list[str]:
    """Where an exported resource is still named by raw id (a handoff destination's
    `assistantId`, `toolRefs`, an inline squad assistant): the manifest has no key
    reference for those places, so they are reported rather than silently kept."""
    notes: list[str] = []

    def walk(value: Any, path: str) -> None:
        if isinstance(value, str) and value in exported_ids:
            notes.append(f"{path}: raw id of {exported_ids[value]} kept (no key reference here).")
        elif isinstance(value, Mapping):
            for name, member in value.items():
                walk(member, f"{path}.{name}")
        elif isinstance(value, list):
            for index, member in enumerate(value):
                walk(member, f"{path}[{index}]")

    for section, content in sections.items():
        if section == "org":
            walk(content, "org")
            continue
        for key, entry in content.items():
            kind = RESOURCE_SECTIONS[section]
            for name, member in entry.items():
                if name != "id":  # the pin is meant to be the raw id
                    walk(member, f"{kind.value}/{key} {name}")
    return notes


def _fill_placeholders(value: Any, variables: Mapping[str, str]) -> Any:
    """Tokens -> `${VAR}`; every other `${` is escaped as `$${` so that a prompt
    mentioning `${price}` is not expanded by the loader (manifest/variables.py)."""
    if isinstance(value, str):
        return placeholder(variables[value]) if value in variables else value.replace("${", "$${")
    if isinstance(value, Mapping):
        return {name: _fill_placeholders(member, variables) for name, member in value.items()}
    if isinstance(value, list):
        return [_fill_placeholders(member, variables) for member in value]
    return value
