"""Live state -> manifest sections: the core of `vapictl export` (issue 6).

Nothing here talks to the API or prints: the command reads `LiveState`, calls
`build_export`, then writes the files and shows the variables and notes.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from vapictl.engine.attachments import attached_ids
from vapictl.engine.builtins import builtin_ids, slug
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
from vapictl.secrets import MASK, redact

UPLOADS_DIR = "files"  # exported file content, beside the manifests
_SAFE_FILENAME = re.compile(r"[^A-Za-z0-9._-]+")
_SUFFIXES = {"text/markdown": ".md", "application/pdf": ".pdf", "text/csv": ".csv"}

# Every kind a manifest declares (the registry's sections), the org first.
EXPORTABLE_KINDS: tuple[Kind, ...] = DECLARED_KINDS
_LISTED_KINDS = EXPORTABLE_KINDS[1:]
# Deeper values are not exported: real configuration nests a handful of levels, and
# the YAML writer and the manifest loader recurse (~4 frames a level, limit 1000).
MAX_EXPORT_DEPTH = 64


@dataclass(frozen=True)
class Download:
    """A file entry's content, to fetch from the live `url` into `path` (relative to the
    manifest holding the entry)."""

    address: str
    path: str
    url: str | None
    size: int | None


@dataclass(frozen=True)
class ExportResult:
    # "org" -> entry; every other section (model.RESOURCE_SECTIONS) -> key -> entry
    sections: dict[str, Any]
    variables: tuple[Variable, ...]  # to set before plan/apply, sorted by name
    notes: tuple[str, ...]  # references kept raw, ids pinned, ... (for stderr)
    downloads: tuple[Download, ...] = ()  # uploaded files' content, for `path:` entries

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
    live: LiveState,
    kinds: Collection[Kind] = EXPORTABLE_KINDS,
    *,
    pin_ids: bool = False,
    known_keys: Mapping[Kind, Mapping[str, str]] | None = None,
) -> ExportResult:
    """Manifest sections reproducing `live` (limited to `kinds`), with `${VAR}` for secrets.
    `known_keys` (kind -> live id -> key) keeps the keys resources already have in
    manifests, so that references to them read as the manifests write them (pull)."""
    items = {
        kind: [i for i in live.of(kind) if not is_platform_default(kind, i)]
        for kind in _LISTED_KINDS
        if kind in kinds
    }
    keys = {
        kind: {**assign_keys(kind, items[kind]), **(known_keys or {}).get(kind, {})}
        for kind in items
    }
    ctx = ExportContext(
        keys=_with_builtins(keys, live),
        credentials=live.by_id(Kind.CREDENTIAL),
        output_keys=_output_keys(items, keys),
    )
    downloads: list[Download] = []
    sections: dict[str, Any] = {}
    if Kind.ORG in kinds and live.org is not None:
        org = _without_deep_fields(Kind.ORG, "org", live.org, ctx.notes)
        sections["org"] = order_fields(to_entry(Kind.ORG, "org", org, ctx))
    for kind in _LISTED_KINDS:
        if kind not in kinds:
            continue
        kind_keys = keys[kind]
        pinned = _ids_to_pin(kind, items[kind], kind_keys, pin_ids, ctx.notes)
        entries: dict[str, Any] = {}
        for item in sorted(items[kind], key=lambda item: kind_keys[str(item.get("id"))]):
            item_id = str(item.get("id"))
            key = kind_keys[item_id]
            entry = to_entry(
                kind, key, _without_deep_fields(kind, key, _flat(kind, item), ctx.notes), ctx
            )
            if SPECS[kind].upload:
                downloads.append(_upload_entry(kind, key, item, entry, downloads))
            if item_id in pinned:
                entry["id"] = item_id
            entries[key] = order_fields(entry)
        sections[SPECS[kind].section] = entries
    names = ctx.variables.names()
    filled = _fill_placeholders(sections, {token: var.name for token, var in names.items()})
    filled = _mask_known_secrets(filled, ctx.notes)
    exported_ids = {
        item_id: f"{kind.value}/{key}" for kind, ids in keys.items() for item_id, key in ids.items()
    }
    return ExportResult(
        sections=filled,
        variables=tuple(sorted(names.values(), key=lambda var: var.name)),
        notes=(*ctx.notes, *_raw_ids_left(filled, exported_ids)),
        downloads=tuple(downloads),
    )


def _output_keys(
    items: Mapping[Kind, list[dict[str, Any]]], keys: Mapping[Kind, Mapping[str, str]]
) -> dict[tuple[Kind, str], dict[str, str]]:
    """(kind, output) -> output value -> key, e.g. a base's `toolId` -> the base's key."""
    found: dict[tuple[Kind, str], dict[str, str]] = {}
    for kind, kind_items in items.items():
        for output in SPECS[kind].outputs:
            found[(kind, output)] = {
                str(item[output]): keys[kind][str(item.get("id"))]
                for item in kind_items
                if item.get(output)
            }
    return found


def _flat(kind: Kind, item: dict[str, Any]) -> dict[str, Any]:
    """Attachment objects (a base's `files[]`) as the ids the manifest's keys stand for."""
    attachments = SPECS[kind].attachments
    if attachments is None or attachments.live_field not in item:
        return item
    flat = {k: v for k, v in item.items() if k != attachments.live_field}
    return {**flat, attachments.field: attached_ids(kind, item)}


def _upload_entry(
    kind: Kind, key: str, item: Mapping[str, Any], entry: dict[str, Any], seen: list[Download]
) -> Download:
    """`path: files/<originalName>` on the entry (key-prefixed if two share a name), and
    where its content comes from."""
    original = item.get("originalName") or item.get("name") or key
    filename = _SAFE_FILENAME.sub("-", PurePath(str(original)).name).strip(".-") or key
    if not PurePath(filename).suffix and isinstance(item.get("mimetype"), str):
        filename += _SUFFIXES.get(str(item["mimetype"]), ".txt")
    path = f"{UPLOADS_DIR}/{filename}"
    if any(d.path == path for d in seen):
        path = f"{UPLOADS_DIR}/{key}-{filename}"
    entry["path"] = path
    url = item.get("url")
    size = item.get("bytes")
    return Download(
        f"{kind.value}/{key}",
        path,
        url if isinstance(url, str) else None,
        size if isinstance(size, int) else None,
    )


def _without_deep_fields(
    kind: Kind, key: str, item: dict[str, Any], notes: list[str]
) -> dict[str, Any]:
    """`item` minus the fields nested deeper than MAX_EXPORT_DEPTH (checked iteratively).

    Copying, writing YAML, loading and diffing all recurse, so a 700-deep `metadata`
    would crash them; such a field is left out, with a note. Not declared, it is then
    never compared, so plan after export still shows no changes."""
    deep = [name for name, value in item.items() if _deeper_than(value, MAX_EXPORT_DEPTH)]
    for name in deep:
        notes.append(
            f"{kind.value}/{key}: {name} nests deeper than {MAX_EXPORT_DEPTH} levels and was "
            "left out (vapictl does not manage it; it stays as it is in the live org)."
        )
    return {name: value for name, value in item.items() if name not in deep} if deep else item


def _deeper_than(value: Any, limit: int) -> bool:
    stack = [(value, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(node, Mapping):
            stack.extend((member, depth + 1) for member in node.values())
        elif isinstance(node, list):
            stack.extend((member, depth + 1) for member in node)
    return False


def _with_builtins(
    keys: Mapping[Kind, Mapping[str, str]], live: LiveState
) -> dict[Kind, dict[str, str]]:
    """References to platform built-ins (Vapi's personalities) export as their slug."""
    result = {kind: dict(ids) for kind, ids in keys.items()}
    for address, live_id in builtin_ids(live).items():
        kind, _, name = address.partition("/")
        if name == slug(name):
            result.setdefault(Kind(kind), {})[live_id] = name
    return result


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


def _mask_known_secrets(sections: dict[str, Any], notes: list[str]) -> dict[str, Any]:
    """No live value that holds the API key (registered by the client) or another secret
    vapictl knows reaches a file: it is written masked, with a note saying where."""
    masked: dict[str, Any] = {}
    for section, content in sections.items():
        entries = {"org": content} if section == "org" else content
        out: dict[str, Any] = {}
        for key, entry in entries.items():
            out[key] = _masked(entry)
            if out[key] != entry:
                where = "org" if section == "org" else f"{RESOURCE_SECTIONS[section].value}/{key}"
                notes.append(
                    f"{where}: a live value holds the API key or a known secret; it was "
                    f"written as {MASK}. Rotate that secret and correct the live value."
                )
        masked[section] = out["org"] if section == "org" else out
    return masked


def _masked(value: Any) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, Mapping):
        return {name: _masked(member) for name, member in value.items()}
    if isinstance(value, list):
        return [_masked(member) for member in value]
    return value


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
