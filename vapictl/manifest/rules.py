"""Semantic rules on single entries: names, phone numbers, server URLs and secrets.
(Cross-entry rules live in references.py; fields unknown to the API, misspelt ones
included, are reported by spec_check.py against Vapi's own schemas.)

They run on the merged, expanded tree after the JSON Schema check, and skip a
field the schema already reported (`Report` keeps one error per field).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from typing import Any

from vapictl.errors import Location
from vapictl.manifest import fields as f
from vapictl.manifest.located import LocatedDict, LocatedList
from vapictl.manifest.report import PathParts, Report, format_path, locate
from vapictl.manifest.tree import SecretValue
from vapictl.model import LEASE_PREFIX, RESOURCE_SECTIONS, SPECS, Kind
from vapictl.url_parts import url_parts

_LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "0.0.0.0"})
_FUNCTION_NAME_RE = re.compile(f.FUNCTION_NAME_PATTERN)


def entries(
    tree: dict[str, Any] | None,
) -> Iterator[tuple[Kind, str, tuple[str, ...], dict[str, Any]]]:
    """(kind, key, path prefix, entry) for the org and every mapping entry (of a located
    tree or of the fast path's plain one)."""
    if tree is None:
        return
    org = tree.get("org")
    if isinstance(org, dict):
        yield Kind.ORG, "org", ("org",), org
    for section, kind in RESOURCE_SECTIONS.items():
        section_entries = tree.get(section)
        if isinstance(section_entries, dict):
            for key, entry in section_entries.items():
                if isinstance(entry, dict):
                    yield kind, key, (section, key), entry


def check_entries(tree: dict[str, Any] | None, report: Report) -> None:
    for kind, key, prefix, entry in entries(tree):
        _check_aliases(tree, prefix, entry, report)
        _check_names(tree, kind, key, prefix, entry, report)
        if SPECS[kind].has_server:
            _check_server(tree, prefix, entry, report)
        if kind is Kind.PHONE_NUMBER:
            _check_phone_targets(tree, prefix, entry, report)


def _check_aliases(
    tree: Any, prefix: tuple[str, ...], entry: dict[str, Any], report: Report
) -> None:
    server = entry.get("server")
    for alias, field_name in f.SERVER_ALIASES.items():
        if alias in entry and isinstance(server, dict) and field_name in server:
            path = (*prefix, alias)
            report.error(
                f"both '{alias}' and 'server.{field_name}' are set; keep one "
                f"('{alias}' is the old spelling of 'server.{field_name}')",
                locate(tree, path, key=True),
                format_path(path),
                "alias-conflict",
            )


def _check_names(
    tree: Any, kind: Kind, key: str, prefix: tuple[str, ...], entry: dict[str, Any], report: Report
) -> None:
    key_location = locate(tree, prefix, key=True)
    spec = SPECS[kind]
    named_by_key = spec.name_from_key and "name" not in entry
    if named_by_key and spec.name_max is not None and len(key) > spec.name_max:
        report.error(
            f"the manifest key is the {spec.label} name, and names are at most "
            f"{spec.name_max} characters; found {len(key)}: set a shorter `name:`",
            key_location,
            format_path((*prefix, "name")),
            "name-length",
        )
    if kind is Kind.TOOL and entry.get("type") == "function":
        if "name" in entry:
            path = (*prefix, "name")
            report.error(
                "function tools have no top-level 'name' (the API rejects it); "
                "set function.name instead",
                locate(tree, path, key=True),
                format_path(path),
                "function-name",
            )
        function = entry.get("function")
        has_name = isinstance(function, dict) and "name" in function
        name = function["name"] if isinstance(function, dict) and has_name else key
        if isinstance(name, str) and name.startswith(LEASE_PREFIX):
            path = (*prefix, "function", "name")
            report.error(
                f"function names starting with {LEASE_PREFIX!r} are reserved for the "
                "lock objects of vapictl's apply lease",
                locate(tree, path) if has_name else key_location,
                format_path(path),
                "reserved-name",
            )
        if not has_name and not _FUNCTION_NAME_RE.match(key):
            report.error(
                f"the manifest key is the function name and must match {f.FUNCTION_NAME_PATTERN}"
                f", found {key!r}: set function.name",
                key_location,
                format_path((*prefix, "function", "name")),
                "function-name",
            )


def _check_server(
    tree: Any, prefix: tuple[str, ...], entry: dict[str, Any], report: Report
) -> None:
    if isinstance(entry.get("serverUrl"), str):
        _check_url(tree, (*prefix, "serverUrl"), entry["serverUrl"], report)
    server = entry.get("server")
    if isinstance(server, dict) and isinstance(server.get("url"), str):
        _check_url(tree, (*prefix, "server", "url"), server["url"], report)


def _check_url(tree: Any, parts: tuple[str | int, ...], value: str, report: Report) -> None:
    split = url_parts(value)
    host = split.hostname if split is not None else ""
    local = host in _LOCAL_HOSTS or host.endswith(".localhost")
    if split is not None and split.scheme == "https" and host and " " not in value and not local:
        return  # nearly every URL: nothing to report, no location to find
    path = format_path(parts)
    location = locate(tree, parts)
    if split is None or split.scheme not in ("http", "https") or not host or " " in value:
        report.error(
            "expected an absolute http(s) URL like https://example.com/vapi, "
            f"found {report.found(path, value)}",
            location,
            path,
            "server-url",
        )
        return
    if local:
        report.warning(
            f"server URL points to {host}, which Vapi's servers cannot reach "
            "(use a public URL or a tunnel)",
            location,
            path,
            "server-url-local",
        )
    elif split.scheme == "http":
        report.warning(
            "server URL uses plain http://: webhooks and their secret travel unencrypted; "
            "use https://",
            location,
            path,
            "server-url-http",
        )


def _check_phone_targets(
    tree: Any, prefix: tuple[str, ...], entry: dict[str, Any], report: Report
) -> None:
    """A number routes to one assistant or one squad (or neither: assistant-request)."""
    assistants = [k for k in ("assistant", "assistantId") if entry.get(k) is not None]
    squads = [k for k in ("squad", "squadId") if entry.get(k) is not None]
    if assistants and squads:
        path = (*prefix, squads[0])
        report.error(
            f"both '{assistants[0]}' and '{squads[0]}' are set; a number is answered by "
            "an assistant or a squad, not both",
            locate(tree, path, key=True),
            format_path(path),
            "phone-target",
        )
    elif len(assistants) == 2 or len(squads) == 2:
        both = assistants if len(assistants) == 2 else squads
        path = (*prefix, both[1])
        report.error(
            f"both '{both[0]}' (a manifest key) and '{both[1]}' (a raw id) are set; keep one",
            locate(tree, path, key=True),
            format_path(path),
            "phone-target",
        )


def check_secrets(secrets: list[SecretValue], report: Report) -> None:
    """A secret must come from a variable, never a literal (DESIGN.md §3)."""
    for secret in secrets:
        path = format_path(secret.parts)
        expansion = secret.expansion
        if expansion is not None and expansion.problems:
            continue  # the unset variable is already reported
        example = _variable_name(secret.parts)
        if expansion is None or not expansion.variables or expansion.defaulted:
            detail = "found a literal value"
            if expansion is not None and expansion.defaulted:
                names = ", ".join(expansion.defaulted)
                detail = (
                    f"{names} is unset, so the literal default written in the file would be used"
                )
            report.error(
                f"secret must come from a variable, e.g. ${{{example}}}; {detail}",
                secret.location,
                path,
                "literal-secret",
            )
        elif not expansion.value:
            names = ", ".join(expansion.variables)
            report.error(
                f"secret is empty: {names} is set to an empty string",
                secret.location,
                path,
                "empty-secret",
            )
        elif len(expansion.value) < f.MIN_SECRET_LENGTH:
            report.error(
                f"secret is shorter than {f.MIN_SECRET_LENGTH} characters: it is easy to guess "
                "and too short to be scrubbed reliably from output; use a long random value "
                "(e.g. `openssl rand -hex 32`)",
                secret.location,
                path,
                "weak-secret",
            )


def _variable_name(parts: tuple[str | int, ...]) -> str:
    """A suggested variable name: assistants.support.server.secret -> SUPPORT_SERVER_SECRET."""
    words = [str(p) for p in (parts[1:] if parts and parts[0] != "org" else parts)]
    snake = "_".join(re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", w) for w in words)
    return re.sub(r"[^A-Za-z0-9]+", "_", snake).strip("_").upper()


def check_numbers(tree: Any, report: Report) -> None:
    """`.nan`, `.inf` and `-.inf` are valid YAML but not JSON: the API cannot take them and
    a plan printed as JSON would be invalid. Report each where it was written."""
    try:  # the C encoder says "all finite" in a fraction of the walk's time
        json.dumps(tree, allow_nan=False, default=str)
        return
    except ValueError:
        pass
    stack: list[tuple[Any, PathParts, Location | None]] = [(tree, (), None)]
    while stack:  # iterative: nesting depth is the user's to choose
        node, parts, location = stack.pop()
        if isinstance(node, LocatedDict):
            stack.extend(
                (value, (*parts, key), node.value_locations.get(key)) for key, value in node.items()
            )
        elif isinstance(node, LocatedList):
            stack.extend(
                (value, (*parts, index), node.item_locations[index])
                for index, value in enumerate(node)
                if index < len(node.item_locations)
            )
        elif isinstance(node, float) and not math.isfinite(node):
            report.error(
                f"expected a finite number, found {node} (.nan and .inf are not valid JSON "
                "and the Vapi API rejects them)",
                location,
                format_path(parts),
                "non-finite-number",
            )
