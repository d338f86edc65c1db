"""Every entry's API body checked against Vapi's own request schema, offline (issue 19).

What is checked is the body vapictl would send: references turned into ids (a
placeholder id here), `server.secret` into a credential id, vapictl-only keys gone
(engine/desired.py builds it). Each problem is mapped back to the manifest field it
came from, so the error points at file:line:col. `settings.allowUnknownFields` lets a
field newer than the bundled schema through.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any

from vapictl.apischema import (
    Operation,
    SpecProblem,
    check_request,
    has_schema,
    is_valid_request,
)
from vapictl.engine.desired import get_path, shared_desired
from vapictl.engine.refs import SCALARS, Ref, SecretRef
from vapictl.manifest import fields as f
from vapictl.manifest.report import PathParts, Report, format_path, locate
from vapictl.manifest.suggest import closest
from vapictl.manifest.types import Manifest, Resource, Settings
from vapictl.model import SPECS, Kind

PLACEHOLDER_ID = "00000000-0000-4000-8000-000000000000"  # stands for a resolved reference
_REF_STAND_IN = ((Ref, PLACEHOLDER_ID),)


@dataclass(frozen=True)
class EntryProblem:
    resource: Resource
    problem: SpecProblem


def spec_problems(
    org: Resource | None, resources: dict[Kind, dict[str, Resource]]
) -> Iterator[EntryProblem]:
    """The problems of every entry's API body (managed credentials are vapictl's own)."""
    manifest = Manifest(org=org, resources=resources, settings=Settings(), sources=())
    operations: dict[Kind, Operation] = {}
    for desired in shared_desired(manifest):  # computed here, reused by plan and routes
        resource = desired.source
        if resource is None:
            continue
        api_path = SPECS[desired.kind].api_path
        operation = operations.get(desired.kind)
        if operation is None:
            # The org is only ever PATCHed; an entry of any other kind may be created.
            creatable = desired.kind is not Kind.ORG and has_schema(api_path, "create")
            operation = operations[desired.kind] = "create" if creatable else "update"
        body = _api_body(desired.kind, desired.payload)
        stand_in = functools.partial(_stand_in, resource)
        if resource.secret_paths:  # a secret is checked as itself: copied in
            body = _fill_in(body, stand_in, resource.body)
        if is_valid_request(api_path, operation, body, _REF_STAND_IN):
            continue  # references checked as placeholder ids, without a copy
        body = _fill_in(body, stand_in, resource.body)
        for problem in check_request(api_path, operation, body):
            yield EntryProblem(resource, problem)


def _api_body(kind: Kind, payload: dict[str, Any]) -> dict[str, Any]:
    """The part of the payload a JSON request carries: an upload's multipart fields
    (file, purpose) have no JSON schema, only its naming PATCH does; attachments are
    sub-resource calls, not fields (both checked by the manifest schema instead)."""
    spec = SPECS[kind]
    if spec.upload:
        return {k: v for k, v in payload.items() if k == "name"}
    if spec.attachments is not None:
        return {k: v for k, v in payload.items() if k != spec.attachments.field}
    return payload


def _fill_in(node: Any, replace: Callable[[Ref | SecretRef], Any], body: Any = None) -> Any:
    """`substitute`, copying only the containers that hold a placeholder: the payload
    is shared with the plan (desired.shared_desired) and must stay as it is. What the
    payload still shares with the entry's `body` holds none and is not walked."""
    if isinstance(node, dict):
        changed: dict[Any, Any] | None = None
        original = body if isinstance(body, dict) else {}
        for key, value in node.items():
            if type(value) not in SCALARS and original.get(key) is not value:
                filled = _filled_value(value, replace, original.get(key))
                if filled is not value:
                    changed = dict(node) if changed is None else changed
                    changed[key] = filled
        return node if changed is None else changed
    if isinstance(node, list):
        copied: list[Any] | None = None
        items = body if isinstance(body, list) and len(body) == len(node) else None
        for index, value in enumerate(node):
            if type(value) not in SCALARS and (items is None or items[index] is not value):
                filled = _filled_value(value, replace, items[index] if items else None)
                if filled is not value:
                    copied = list(node) if copied is None else copied
                    copied[index] = filled
        return node if copied is None else copied
    return node


def _filled_value(value: Any, replace: Callable[[Ref | SecretRef], Any], body: Any) -> Any:
    if isinstance(value, Ref | SecretRef):
        return replace(value)
    if isinstance(value, dict | list):
        return _fill_in(value, replace, body)
    return value


def _stand_in(resource: Resource, ref: Ref | SecretRef) -> Any:
    """A placeholder id for a reference; the secret itself (messages never show values)."""
    if isinstance(ref, Ref):
        return PLACEHOLDER_ID
    value = get_path(resource.body, ref.path)
    return value if value is not None else "secret"


def check_spec(
    tree: Any,
    org: Resource | None,
    resources: dict[Kind, dict[str, Resource]],
    allow_unknown: Sequence[str],
    report: Report,
) -> None:
    """Report every problem Vapi's schema finds, at the manifest field it came from."""
    found_all = list(spec_problems(org, resources))
    # `voiceID` for `voiceId`: the did-you-mean says it all; "voiceId should not be
    # empty" would only repeat it.
    misspelt = {
        (id(found.resource), (*found.problem.path[:-1], found.problem.suggestion))
        for found in found_all
        if found.problem.suggestion
    }
    for found in found_all:
        resource, problem = found.resource, found.problem
        if (id(resource), problem.path) in misspelt:
            continue
        unknown = problem.message.endswith(" should not exist") and bool(problem.path)
        if unknown and _allowed(resource.kind, problem.path, allow_unknown):
            continue
        parts = _manifest_path(resource, problem.path)
        message = _unknown_message(resource, problem) if unknown else problem.message
        code = "unknown-key" if unknown else "spec"
        report.error(message, locate(tree, parts, key=unknown), format_path(parts), code)


def field_glob_path(kind: Kind, path: PathParts) -> str:
    """("model", "tools", 0, "x") -> "assistant/model.tools.x": what the globs match."""
    return f"{kind.value}/" + ".".join(str(p) for p in path if not isinstance(p, int))


def _allowed(kind: Kind, path: PathParts, globs: Sequence[str]) -> bool:
    text = field_glob_path(kind, path)
    return any(fnmatchcase(text, glob) for glob in globs)


def _unknown_message(resource: Resource, problem: SpecProblem) -> str:
    key = str(problem.path[-1])
    suggestion = problem.suggestion
    if len(problem.path) == 1:
        # At the top level the manifest's own spelling wins (`assistant`, not `assistantId`).
        suggestion = closest(key, f.KIND_FIELDS.get(resource.kind, ()), 0.8) or suggestion
    if suggestion and suggestion != key:
        return f"unknown field '{key}'; did you mean '{suggestion}'?"
    glob = field_glob_path(resource.kind, problem.path)
    return (
        f"unknown field '{key}': Vapi's API refuses it ({problem.message}); if it is newer "
        f"than vapictl's bundled schema, allow it with settings.allowUnknownFields: ['{glob}']"
    )


def _manifest_path(resource: Resource, path: PathParts) -> PathParts:
    """Where in the manifest a body path was written. References and secrets are renamed
    in the body (`assistant` -> `assistantId`), but their stand-ins are always valid, so
    a problem's path is the manifest's own; `locate` falls back to the nearest ancestor."""
    section = SPECS[resource.kind].section
    prefix = (section,) if resource.kind is Kind.ORG else (section, resource.key)
    return (*prefix, *path)
