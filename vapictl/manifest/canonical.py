"""From the merged, expanded tree to canonical `Resource`s (types.py docstring).

Tolerant of invalid input (validation reports it separately): an entry that is
not a mapping is skipped, never a crash.
"""

from __future__ import annotations

import functools
from typing import Any

from vapictl.errors import Location
from vapictl.manifest.fields import NAMED_TOOL_TYPES, SERVER_ALIASES, secret_paths_for
from vapictl.manifest.file_tag import TextFile
from vapictl.manifest.located import LocatedDict
from vapictl.manifest.tree import to_plain
from vapictl.manifest.types import DEFAULT_MAX_DELETES, Resource, Settings
from vapictl.manifest.variable_policy import public_variables_of
from vapictl.model import RESOURCE_SECTIONS, SPECS, Kind


def build_resources(
    tree: LocatedDict | None,
) -> tuple[Resource | None, dict[Kind, dict[str, Resource]]]:
    """The org and every resource entry of the tree, canonicalised."""
    resources: dict[Kind, dict[str, Resource]] = {kind: {} for kind in RESOURCE_SECTIONS.values()}
    if tree is None:
        return None, resources
    org: Resource | None = None
    org_entry = tree.get("org")
    if isinstance(org_entry, LocatedDict):
        org = build_resource(Kind.ORG, "org", org_entry, tree.key_locations["org"])
    for section, kind in RESOURCE_SECTIONS.items():
        entries = tree.get(section)
        if not isinstance(entries, LocatedDict):
            continue
        for key, entry in entries.items():
            if isinstance(entry, LocatedDict):
                resources[kind][key] = build_resource(kind, key, entry, entries.key_locations[key])
    return org, resources


def build_resource(kind: Kind, key: str, entry: LocatedDict, location: Location) -> Resource:
    text_files: dict[str, TextFile] = {}
    body, locations = located_body(entry, text_files)
    return canonical_resource(kind, key, body, location, locations, text_files)


def located_body(
    entry: LocatedDict, text_files: dict[str, TextFile]
) -> tuple[dict[str, Any], dict[str, Location]]:
    """A plain copy of `entry` and where each of its fields was written (the
    vapictl-only keys `id`/`protect` included in the body, not in the table)."""
    body, locations = to_plain(entry, text_files=text_files)
    locations.pop("id", None)
    locations.pop("protect", None)
    _fold_server_aliases(body, locations, text_files)
    return body, locations


def canonical_resource(
    kind: Kind,
    key: str,
    body: dict[str, Any],
    location: Location,
    locations: dict[str, Location],
    text_files: dict[str, TextFile],
) -> Resource:
    """The Resource of a plain `body` this function may change (server aliases folded)."""
    pinned_id = body.pop("id", None)
    protect = body.pop("protect", False)
    _fold_server_aliases(body, {}, {})  # done already on the located path: a no-op there
    _fill_defaults(kind, key, body)
    if kind is Kind.PHONE_NUMBER and isinstance(body.get("numberDesiredAreaCode"), int):
        # A convenience: `numberDesiredAreaCode: 415` unquoted is an int in YAML.
        body["numberDesiredAreaCode"] = str(body["numberDesiredAreaCode"])
    return Resource(
        kind=kind,
        key=key,
        body=body,
        location=location,
        pinned_id=str(pinned_id) if pinned_id is not None else None,
        protect=protect is True,
        field_locations=locations,
        text_files=text_files,
        secret_paths=frozenset(
            dotted for dotted, parts in split_secret_paths(kind) if _has_path(body, parts)
        ),
    )


@functools.cache
def split_secret_paths(kind: Kind) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(dotted path, its parts) of each secret field of `kind`, split once."""
    return tuple((dotted, tuple(dotted.split("."))) for dotted in secret_paths_for(kind))


def _fold_server_aliases(
    body: dict[str, Any], locations: dict[str, Location], text_files: dict[str, TextFile]
) -> None:
    """`serverUrl`/`serverUrlSecret` -> `server.url`/`server.secret` (DESIGN.md §3).
    Both spellings at once is a validation error; here the `server` one wins."""
    for alias, field_name in SERVER_ALIASES.items():
        if alias not in body:
            continue
        value = body.pop(alias)
        location = locations.pop(alias, None)
        source = text_files.pop(alias, None)
        server = body.get("server")
        if server is None:
            server = body["server"] = {}
        if not isinstance(server, dict) or field_name in server:
            continue
        server[field_name] = value
        if location is not None:
            locations[f"server.{field_name}"] = location
        if source is not None:
            text_files[f"server.{field_name}"] = source


def _fill_defaults(kind: Kind, key: str, body: dict[str, Any]) -> None:
    if SPECS[kind].name_from_key:
        body.setdefault("name", key)
    elif kind is Kind.TOOL:
        tool_type = body.get("type")
        if tool_type == "function":
            function = body.setdefault("function", {})
            if isinstance(function, dict):
                function.setdefault("name", key)
        elif isinstance(tool_type, str) and tool_type in NAMED_TOOL_TYPES:
            body.setdefault("name", key)


def _has_path(body: dict[str, Any], parts: tuple[str, ...]) -> bool:
    node: Any = body
    for part in parts:
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return True


def build_settings(tree: dict[str, Any] | None) -> Settings:
    """`settings:` -> Settings; invalid values are reported by the schema check."""
    raw = tree.get("settings") if tree is not None else None
    if not isinstance(raw, dict):
        return Settings()
    prune = raw.get("prune", False)
    ignore = raw.get("ignore") or []
    max_deletes = raw.get("maxDeletes", DEFAULT_MAX_DELETES)
    allowed = raw.get("allowUnknownFields") or []
    return Settings(
        prune=prune is True,
        allow_empty=raw.get("allowEmpty") is True,
        public_variables=tuple(sorted(public_variables_of(tree))),
        ignore=tuple(str(p) for p in ignore) if isinstance(ignore, list) else (),
        allow_unknown_fields=tuple(str(p) for p in allowed) if isinstance(allowed, list) else (),
        max_deletes=max_deletes
        if isinstance(max_deletes, int) and not isinstance(max_deletes, bool)
        else DEFAULT_MAX_DELETES,
    )
