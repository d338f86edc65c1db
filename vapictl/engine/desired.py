"""Turn manifest entries into the API payloads they ask for.

References by manifest key become `Ref`s (resolved to ids when the plan is
made or, for resources not yet created, at apply time); secrets become
`SecretRef`s; `server.secret` becomes `server.credentialId` pointing at a
vapictl-managed credential (see credentials.py).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from vapictl.engine.credentials import (
    SECRET_PATH,
    bearer_credential_body,
    managed_credential_name,
    secret_digest,
)
from vapictl.engine.refs import SCALARS, Ref, SecretRef
from vapictl.manifest.types import Manifest, Resource
from vapictl.model import Kind, Reference, identity
from vapictl.model.sites import is_item_reference, item_references, reference_sites


@dataclass(frozen=True)
class DesiredResource:
    kind: Kind
    key: str
    payload: dict[str, Any]  # API body; may hold Ref / SecretRef placeholders
    identity: str | None
    pinned_id: str | None = None
    protect: bool = False
    source: Resource | None = None  # None for credentials vapictl derives
    owner: str | None = None  # for managed credentials: the address of the resource using it

    @cached_property
    def address(self) -> str:  # asked for again and again by the plan's passes
        return f"{self.kind.value}/{self.key}"


def get_path(body: Mapping[str, Any], path: str) -> Any:
    node: Any = body
    for part in path.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


def _set_path(body: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    node = body
    for part in parents:
        node = node[part]
    node[last] = value


def _resolve_references(kind: Kind, payload: dict[str, Any]) -> None:
    """Manifest keys -> Refs, in place, for every reference the registry lists
    (DESIGN.md §2: `foo: KEY` -> `fooId`, `foos: [KEY]` -> `fooIds`)."""
    for reference, _, container in reference_sites(kind, payload):
        if reference.field not in container or reference.item_key:
            continue  # item references are resolved with the list's plain one
        value = container[reference.field]
        refs = _key_list_refs(kind, reference, value) if reference.many else None
        # An empty list where inline objects are allowed is the API's own field, as written.
        if refs is not None and (value or not reference.inline):
            container.pop(reference.field)
            raw_ids = list(container.get(reference.api_field) or [])
            container[reference.api_field] = raw_ids + refs
        elif not reference.many and isinstance(value, str):
            del container[reference.field]
            if reference.tag is not None:
                container[reference.tag[0]] = reference.tag[1]
            container[reference.api_field] = Ref(reference.target, value)
        elif value is None and not reference.inline:
            del container[reference.field]  # `assistant: null` clears `assistantId`
            container[reference.api_field] = None
        # Otherwise an inline definition (an object), passed through as written.


def _key_list_refs(kind: Kind, reference: Reference, value: Any) -> list[Ref] | None:
    """The Refs of a list of manifest keys, in order (a string is a key of the reference's
    target; `{knowledgeBase: KEY}` one of an item reference on the same list); None when
    the list holds the API's own inline objects."""
    if not isinstance(value, list):
        return None
    siblings = item_references(kind, reference)
    refs: list[Ref] = []
    for item in value:
        if isinstance(item, str):
            refs.append(Ref(reference.target, item))
            continue
        item_ref = next((r for r in siblings if is_item_reference(r, item)), None)
        if item_ref is None:
            return None
        refs.append(Ref(item_ref.target, item[item_ref.item_key], item_ref.output))
    return refs


def _copy_body(node: Any) -> Any:
    """A deep copy of a body's plain JSON data, 2.5x faster than copy.deepcopy (which
    keeps a memo for shared and cyclic objects a manifest body never has)."""
    kind = type(node)
    if kind is dict:
        return {
            key: value if type(value) in SCALARS else _copy_body(value)
            for key, value in node.items()
        }
    if kind is list:
        return [value if type(value) in SCALARS else _copy_body(value) for value in node]
    if kind in SCALARS:
        return node
    return copy.deepcopy(node)


def desired_resources(manifest: Manifest) -> Iterator[DesiredResource]:
    """Every resource the manifests ask for, managed credentials included (fresh
    payloads, the caller's to change)."""
    for resource in manifest.all_resources():
        yield from _desired_of(resource)


_DESIRED = "desired"  # the key of the shared bodies in Resource.derived


def shared_desired(manifest: Manifest) -> list[DesiredResource]:
    """`desired_resources`, each entry's computed once and kept on its Resource: the
    spec check (in the load), the plan and the routing lints share them. The payloads
    are shared too: read them, never change them (copy what you must change)."""
    found: list[DesiredResource] = []
    for resource in manifest.all_resources():
        cached = resource.derived.get(_DESIRED)
        if cached is None:
            cached = resource.derived[_DESIRED] = tuple(_desired_of(resource))
        found.extend(cached)
    return found


def _desired_of(resource: Resource) -> Iterator[DesiredResource]:
    """The resource's API body (and the managed credential its server secret needs)."""
    payload = _copy_body(resource.body)
    _resolve_references(resource.kind, payload)
    if resource.upload is not None:
        del payload["path"]  # the local file: uploaded as `file`, never sent as a field
        payload["file"] = resource.upload.described()
    for path in sorted(resource.secret_paths):
        value = get_path(payload, path)
        if not isinstance(value, str):
            continue
        digest = secret_digest(value, path)
        if path == SECRET_PATH:
            yield _credential_for(resource, value, digest)
            server = payload["server"]
            del server["secret"]
            server["credentialId"] = Ref(Kind.CREDENTIAL, resource.address)
        else:
            _set_path(payload, path, SecretRef(resource.address, path, digest))
    if resource.kind is Kind.CREDENTIAL:
        _fingerprint_name(resource, payload)
    ident = "org" if resource.kind is Kind.ORG else identity(resource.kind, payload)
    yield DesiredResource(
        kind=resource.kind,
        key=resource.key,
        payload=payload,
        identity=ident,
        pinned_id=resource.pinned_id,
        protect=resource.protect,
        source=resource,
    )


def _fingerprint_name(resource: Resource, payload: dict[str, Any]) -> None:
    """A provider credential's live name ends in a fingerprint of all its secrets, so a
    changed secret shows in the plan without being read back (DESIGN.md §5)."""
    values = [
        f"{path}={value}"
        for path in sorted(resource.secret_paths)
        if isinstance(value := get_path(resource.body, path), str)
    ]
    if values and isinstance(payload.get("name"), str):
        payload["name"] = f"{payload['name']}-{secret_digest(chr(0).join(values), 'credential')}"


def _credential_for(resource: Resource, value: str, digest: str) -> DesiredResource:
    name = managed_credential_name(resource.kind, resource.key, digest)
    token = SecretRef(resource.address, SECRET_PATH, digest)
    return DesiredResource(
        kind=Kind.CREDENTIAL,
        key=resource.address,  # one managed credential per owner
        payload=bearer_credential_body(name, token),
        identity=name,
        owner=resource.address,
    )
