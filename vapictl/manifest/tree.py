"""Operations on located YAML trees: merging overlays, expanding variables,
and turning them back into plain data with a location table.

All functions return new containers: YAML aliases share objects, so mutating
in place could expand one value twice.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from vapictl.errors import Location
from vapictl.manifest.fields import secret_paths_for
from vapictl.manifest.file_tag import FileText, TextFile
from vapictl.manifest.located import LocatedDict, LocatedList
from vapictl.manifest.report import PathParts, Report, format_path
from vapictl.manifest.variable_policy import (
    FORBIDDEN_VARIABLES,
    VariableUse,
    forbidden_reference_message,
    guarded_lookup,
)
from vapictl.manifest.variables import Expansion, expand
from vapictl.model import RESOURCE_SECTIONS, Kind
from vapictl.secrets import is_sensitive_path, register_secret


def merge(base: Any, overlay: Any) -> Any:
    """Overlay wins key by key, recursively for mappings; lists are replaced
    whole; an explicit null replaces too (it clears the field in the API)."""
    if not (isinstance(base, LocatedDict) and isinstance(overlay, LocatedDict)):
        return overlay
    merged = LocatedDict(overlay.location)
    for key, value in base.items():
        merged[key] = value
        merged.key_locations[key] = base.key_locations[key]
        merged.value_locations[key] = base.value_locations[key]
    for key, value in overlay.items():
        merged[key] = merge(merged[key], value) if key in merged else value
        merged.key_locations[key] = overlay.key_locations[key]
        merged.value_locations[key] = overlay.value_locations[key]
    return merged


def merge_documents(documents: list[Any]) -> LocatedDict | None:
    """Merge top-level documents in order. An empty section (`tools:` with
    nothing under it) adds nothing rather than clearing earlier files."""
    result: LocatedDict | None = None
    for document in documents:
        if not isinstance(document, LocatedDict):
            continue
        if result is None:
            result = LocatedDict(document.location)
        for key, value in document.items():
            if value is None and key in result:
                continue
            result[key] = merge(result[key], value) if key in result else value
            result.key_locations[key] = document.key_locations[key]
            result.value_locations[key] = document.value_locations[key]
    return result


def secret_path_kind(parts: PathParts) -> bool:
    """Is the value at `parts` (from the document root) a secret field?"""
    if not parts or not isinstance(parts[0], str):
        return False
    if parts[0] == "org":
        return _is_secret_relative(parts[0], parts[1:])
    if parts[0] in RESOURCE_SECTIONS and len(parts) >= 2:
        return _is_secret_relative(parts[0], parts[2:])
    return False


@functools.lru_cache(maxsize=4096)
def _is_secret_relative(section: str, relative: PathParts) -> bool:
    # Cached: every resource of a section repeats the same relative paths, and this
    # runs for every scalar of the manifests.
    if any(isinstance(part, int) for part in relative):
        return False
    kind = Kind.ORG if section == "org" else RESOURCE_SECTIONS[section]
    return ".".join(str(part) for part in relative) in secret_paths_for(kind)


def sensitive_leaf(parts: PathParts) -> bool:
    """A credential-named field inside a resource (`apiKey`), or any value under a
    credential-named header (`headers.Authorization`, `headers.properties.X-Api-Key.value`)."""
    if not parts or parts[0] not in ("org", *RESOURCE_SECTIONS):
        return False
    return is_sensitive_path(parts[1:] if parts[0] == "org" else parts[2:])


class SecretValue:
    """A secret field as written: where, and how it was expanded (None: not a string)."""

    def __init__(self, parts: PathParts, location: Location | None, expansion: Expansion | None):
        self.parts = parts
        self.location = location
        self.expansion = expansion


def expand_tree(
    tree: Any,
    lookup: Callable[[str], str | None],
    report: Report,
    secrets: list[SecretValue],
    uses: list[VariableUse] | None = None,
) -> Any:
    """Expand `${VAR}` in every string value (not keys); record secrets and the
    paths whose values came from variables in `report`, every reference in `uses`.
    A forbidden variable (VAPI_API_KEY) is reported and never looked up."""
    lookup = guarded_lookup(lookup)

    def walk(node: Any, parts: PathParts, location: Location | None) -> Any:
        if isinstance(node, LocatedDict):
            copy = LocatedDict(node.location)
            copy.key_locations = dict(node.key_locations)
            copy.value_locations = dict(node.value_locations)
            for key, value in node.items():
                copy[key] = walk(value, (*parts, key), node.value_locations.get(key))
            return copy
        if isinstance(node, LocatedList):
            items = LocatedList(node.location)
            items.item_locations = list(node.item_locations)
            for index, value in enumerate(node):
                item_location = (
                    node.item_locations[index] if index < len(node.item_locations) else None
                )
                items.append(walk(value, (*parts, index), item_location))
            return items
        is_secret = secret_path_kind(parts)
        if is_secret:
            report.secret_paths.add(format_path(parts))
        if isinstance(node, FileText):  # inserted verbatim: prompts may contain `$`
            if is_secret:  # a literal in a file is still a literal
                secrets.append(SecretValue(parts, location, Expansion(str(node))))
            return node
        if not isinstance(node, str):
            # `secret: null` clears the field (API-REFERENCE §5): nothing to protect.
            if is_secret and node is not None:
                secrets.append(SecretValue(parts, location, None))
            return node
        if not is_secret and "$" not in node:
            return node  # most values: nothing to expand, nothing to record
        return expand_string(node, parts, location, is_secret, lookup, report, secrets, uses)

    return walk(tree, (), getattr(tree, "location", None))


def expand_string(
    text: str,
    parts: PathParts,
    location: Location | None,
    is_secret: bool,
    lookup: Callable[[str], str | None],
    report: Report,
    secrets: list[SecretValue],
    uses: list[VariableUse] | None,
) -> str:
    """One string value expanded (`lookup` already guarded): its variable references
    recorded in `uses`, problems in `report`, and, for a secret field, the secret."""
    path = format_path(parts)
    expansion = expand(text, lookup)
    # A variable in a credential-named field (`headers...Authorization.value`) is let
    # through by the variable policy as a secret; its value is then masked like one.
    holds_secret = is_secret or (bool(expansion.references) and sensitive_leaf(parts))
    for name in expansion.references:
        if name in FORBIDDEN_VARIABLES:
            report.error(forbidden_reference_message(name), location, path, "variable-policy")
        if uses is not None:
            uses.append(VariableUse(name, path, location, holds_secret))
    for problem in expansion.problems:
        report.error(problem, location, path, code="variable")
    if expansion.variables:
        report.variable_paths[path] = expansion.variables
    if holds_secret and expansion.value and not expansion.problems:
        register_secret(expansion.value)
    if is_secret:
        secrets.append(SecretValue(parts, location, expansion))
    return expansion.value


def to_plain(
    node: Any,
    prefix: str = "",
    locations: dict[str, Location] | None = None,
    text_files: dict[str, TextFile] | None = None,
) -> tuple[Any, dict[str, Location]]:
    """Plain dicts/lists, plus dotted path -> location of every value below.

    A `!file` string becomes a plain str; `text_files`, when given, receives
    dotted path -> the file it came from.
    """
    table: dict[str, Location] = {} if locations is None else locations
    if isinstance(node, LocatedDict):
        plain_dict: dict[str, Any] = {}
        for key, value in node.items():
            path = f"{prefix}.{key}" if prefix else key
            if key in node.value_locations:
                table[path] = node.value_locations[key]
            plain_dict[key] = to_plain(value, path, table, text_files)[0]
        return plain_dict, table
    if isinstance(node, LocatedList):
        plain_list: list[Any] = []
        for index, value in enumerate(node):
            path = f"{prefix}[{index}]"
            if index < len(node.item_locations):
                table[path] = node.item_locations[index]
            plain_list.append(to_plain(value, path, table, text_files)[0])
        return plain_list, table
    if isinstance(node, FileText):
        if text_files is not None:
            text_files[prefix] = node.source
        return str(node), table
    if isinstance(node, dict):
        return {
            k: to_plain(v, f"{prefix}.{k}", table, text_files)[0] for k, v in node.items()
        }, table
    if isinstance(node, list):
        return [
            to_plain(v, f"{prefix}[{i}]", table, text_files)[0] for i, v in enumerate(node)
        ], table
    return node, table
