"""The loader's happy path: a valid manifest, read without locations.

Every check of the located path runs here too, on plain dicts and lists (fast_yaml.py).
Nothing to report is the common case, and then no location is needed: each
Resource gets its entry's own location (found in the text, below) and field
locations that are read only if something asks (lazy_locations.py). If anything
at all is to be reported, an error or a warning, or the fast reader refuses a file,
`load_plain` returns None and load.py loads everything again with the located
loader, which reports every problem at its file:line:col exactly as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path
from typing import Any

from vapictl.errors import Location
from vapictl.manifest.canonical import build_settings, canonical_resource, split_secret_paths
from vapictl.manifest.fast_yaml import parse_plain
from vapictl.manifest.fields import SERVER_ALIASES
from vapictl.manifest.file_tag import file_tag_root
from vapictl.manifest.lazy_locations import EntryLocator, LazyLocations, LocationSource
from vapictl.manifest.located import MAX_DEPTH
from vapictl.manifest.report import PathParts, Report, format_path
from vapictl.manifest.schema_check import warm_fast_validator
from vapictl.manifest.tree import SecretValue, expand_string, secret_path_kind
from vapictl.manifest.types import Manifest, Resource
from vapictl.manifest.validation import validate_manifest
from vapictl.manifest.variable_policy import (
    VariableUse,
    check_variable_policy,
    guarded_lookup,
    public_variables_of,
)
from vapictl.manifest.variables import make_lookup
from vapictl.model import RESOURCE_SECTIONS, Kind

EntryKey = tuple[str, str]  # (section, manifest key); ("org", "org") for the org
EntrySite = tuple[Location, int]  # where an entry's key was written, and its offset


def load_plain(
    paths: Sequence[Path],
    files: Sequence[Path],
    variables: Mapping[str, str] | None,
    environ: Mapping[str, str] | None,
    api_keys: Collection[str],
) -> Manifest | None:
    """The manifest of `files` if it is valid and the fast path can read it; else None."""
    documents: list[dict[str, Any]] = []
    sites: dict[EntryKey, list[tuple[int, EntrySite]]] = {}  # by file index
    source = LocationSource(files, file_tag_root(paths))
    has_variables = False
    if sum(_size(file) for file in files) >= WARM_VALIDATOR_BYTES:
        warm_fast_validator()
    for index, file in enumerate(files):
        try:
            text = file.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            return None
        data = parse_plain(text, MAX_DEPTH)
        if data is None:
            return None
        found = entry_locations(text, str(file), data)
        if found is None:
            return None
        for entry, site in found.items():
            sites.setdefault(entry, []).append((index, site))
        source.remember(index, text)
        has_variables = has_variables or "$" in text
        documents.append(data)
        del text, data  # the next file's text is not held beside this one's
    if not documents:
        return None

    report = Report()
    tree = merge_plain_documents(documents)
    lookup = make_lookup(variables, environ)
    secrets: list[SecretValue] = []
    uses: list[VariableUse] = []
    expand_plain(tree, lookup, report, secrets, uses, has_variables)
    check_variable_policy(uses, lookup, public_variables_of(tree), api_keys, report)
    org, resources = build_plain_resources(tree, sites, source)
    validate_manifest(tree, org, resources, secrets, report, source.root, finite_numbers=True)
    if report.diagnostics:
        return None
    return Manifest(org, resources, build_settings(tree), tuple(str(f) for f in files))


# About 200 entries (schema_check.FAST_PATH_MIN_ENTRIES) take at least this much text.
WARM_VALIDATOR_BYTES = 100_000


def _size(file: Path) -> int:
    try:
        return file.stat().st_size
    except OSError:
        return 0


# -- merging (tree.merge_documents without locations) -------------------------------


def _merge(base: Any, overlay: Any) -> Any:
    if not (isinstance(base, dict) and isinstance(overlay, dict)):
        return overlay
    merged = dict(base)
    for key, value in overlay.items():
        merged[key] = _merge(merged[key], value) if key in merged else value
    return merged


def merge_plain_documents(documents: list[dict[str, Any]]) -> dict[str, Any]:
    if len(documents) == 1:
        return documents[0]
    result: dict[str, Any] = {}
    for document in documents:
        for key, value in document.items():
            if value is None and key in result:
                continue
            result[key] = _merge(result[key], value) if key in result else value
    return result


# -- where each entry was written --------------------------------------------------


def entry_locations(
    text: str, file_name: str, data: dict[str, Any]
) -> dict[EntryKey, EntrySite] | None:
    """The location of every entry's key (and `org:`), found in `text`; None if the
    layout is not the usual block style (top-level keys at column 1, one entry per
    line at one indentation), which sends the load to the located loader."""
    found: dict[EntryKey, EntrySite] = {}
    if isinstance(data.get("org"), dict):
        at = _top_level_key(text, "org")
        if at is None:
            return None
        found[("org", "org")] = (Location(file_name, text.count("\n", 0, at) + 1, 1), at)
    headers: list[tuple[int, str]] = []
    for section in RESOURCE_SECTIONS:
        entries = data.get(section)
        if isinstance(entries, dict) and entries:
            header = _top_level_key(text, section)
            if header is None:
                return None
            headers.append((header, section))
    counter = _LineCounter(text)
    for header, section in sorted(headers):  # in the file's order: lines are counted once
        entries = data[section]
        first = re.compile(r"\n( +)" + re.escape(next(iter(entries))) + r":[ \n]")
        match = first.search(text, header)
        if match is None:
            return None
        indent = "\n" + match.group(1)
        at = header
        for key in entries:
            at = text.find(f"{indent}{key}:", at)
            end = at + len(indent) + len(key) + 1
            if at == -1 or text[end : end + 1] not in (" ", "\n"):
                return None
            at += 1
            location = Location(file_name, counter.line_of(at), len(indent))
            found[(section, key)] = (location, at + len(indent) - 1)
    return found


def _top_level_key(text: str, key: str) -> int | None:
    """Offset of the line `key:` at column 1, or None."""
    if text.startswith(f"{key}:"):
        at = 0
    else:
        at = text.find(f"\n{key}:")
        if at == -1:
            return None
        at += 1
    after = text[at + len(key) + 1 : at + len(key) + 2]
    return at if after in ("", " ", "\n") else None


class _LineCounter:
    """1-based line numbers of increasing offsets, counting each newline once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.offset = 0
        self.line = 1

    def line_of(self, offset: int) -> int:
        self.line += self.text.count("\n", self.offset, offset)
        self.offset = offset
        return self.line


# -- variables and secrets (tree.expand_tree in place, without locations) ------------


def expand_plain(
    tree: dict[str, Any],
    lookup: Callable[[str], str | None],
    report: Report,
    secrets: list[SecretValue],
    uses: list[VariableUse],
    has_variables: bool,
) -> None:
    """Expand `${VAR}` in place and record secrets, as expand_tree does. Secret fields
    are found by their known paths; other strings are looked at only if some file has
    a `$` at all."""
    lookup = guarded_lookup(lookup)
    for parts, parent, leaf in _secret_leaves(tree):
        parent[leaf] = _expand_value(parent[leaf], parts, True, lookup, report, secrets, uses)
    if not has_variables:
        return
    stack: list[tuple[Any, PathParts]] = [(tree, ())]
    while stack:
        node, parts = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in items:
            if isinstance(value, (dict, list)):
                stack.append((value, (*parts, key)))
            elif isinstance(value, str) and "$" in value:
                path = (*parts, key)
                if not secret_path_kind(path):  # secrets are expanded above
                    node[key] = _expand_value(value, path, False, lookup, report, secrets, uses)


def _secret_leaves(tree: dict[str, Any]) -> list[tuple[PathParts, dict[str, Any], str]]:
    """(path, parent mapping, key) of every scalar written at a secret field's path."""
    found: list[tuple[PathParts, dict[str, Any], str]] = []
    entries: list[tuple[Kind, PathParts, Any]] = [(Kind.ORG, ("org",), tree.get("org"))]
    for section, kind in RESOURCE_SECTIONS.items():
        section_entries = tree.get(section)
        if isinstance(section_entries, dict):
            entries.extend((kind, (section, key), e) for key, e in section_entries.items())
    for kind, prefix, entry in entries:
        if not isinstance(entry, dict):
            continue
        for _, parts in split_secret_paths(kind):
            *ancestors, leaf = parts
            parent: Any = entry
            for part in ancestors:
                parent = parent.get(part) if isinstance(parent, dict) else None
            written = isinstance(parent, dict) and leaf in parent
            if written and not isinstance(parent[leaf], (dict, list)):
                found.append(((*prefix, *parts), parent, leaf))
    return found


def _expand_value(
    value: Any,
    parts: PathParts,
    is_secret: bool,
    lookup: Callable[[str], str | None],
    report: Report,
    secrets: list[SecretValue],
    uses: list[VariableUse],
) -> Any:
    """expand_tree's handling of one scalar, without a location: anything reported here
    sends the load to the located loader, which reports it located."""
    if is_secret:
        report.secret_paths.add(format_path(parts))
    if not isinstance(value, str):
        if is_secret and value is not None:
            secrets.append(SecretValue(parts, None, None))
        return value
    return expand_string(value, parts, None, is_secret, lookup, report, secrets, uses)


# -- resources -----------------------------------------------------------------------


def build_plain_resources(
    tree: dict[str, Any],
    sites: dict[EntryKey, list[tuple[int, EntrySite]]],
    source: LocationSource,
) -> tuple[Resource | None, dict[Kind, dict[str, Resource]]]:
    """canonical.build_resources for a plain tree; the tree itself stays unchanged
    (validation reads it afterwards), so bodies copy what canonicalising changes."""
    resources: dict[Kind, dict[str, Resource]] = {kind: {} for kind in RESOURCE_SECTIONS.values()}
    org_entry = tree.get("org")
    org = None
    if isinstance(org_entry, dict):
        org = _resource(Kind.ORG, "org", "org", org_entry, sites[("org", "org")], source)
    for section, kind in RESOURCE_SECTIONS.items():
        entries = tree.get(section)
        if not isinstance(entries, dict):
            continue
        for key, entry in entries.items():
            if isinstance(entry, dict):
                site = sites[(section, key)]
                resources[kind][key] = _resource(kind, section, key, entry, site, source)
    return org, resources


def _resource(
    kind: Kind,
    section: str,
    key: str,
    entry: dict[str, Any],
    sites: list[tuple[int, EntrySite]],
    source: LocationSource,
) -> Resource:
    body = dict(entry)
    if any(alias in body for alias in SERVER_ALIASES) and isinstance(body.get("server"), dict):
        body["server"] = dict(body["server"])  # the alias is folded into it
    if kind is Kind.TOOL and isinstance(body.get("function"), dict):
        body["function"] = dict(body["function"])  # function.name may be filled in
    file_index, (location, offset) = sites[-1]  # the last file's entry wins, as in the merge
    # Written in one file: its text says where each field is.
    one_file = file_index if len(sites) == 1 else None
    site = EntryLocator(source, section, key, body, location, one_file, offset)
    return canonical_resource(kind, key, body, location, LazyLocations(site), {})
