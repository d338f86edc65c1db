"""Turn manifest entries into the API payloads they ask for.

References by manifest key become `Ref`s (resolved to ids when the plan is
made or, for resources not yet created, at apply time); secrets become
`SecretRef`s; `server.secret` becomes `server.credentialId` pointing at a
vapictl-managed credential (see credentials.py).
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
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
from vapictl.model.sites import (
    Steps,
    container_steps,
    is_item_reference,
    item_references,
    site_keys,
)


# Slots: a plan of 10,000 resources keeps 10,000 of these (and their Refs) to the end.
@dataclass(frozen=True, slots=True)
class DesiredResource:
    kind: Kind
    key: str
    payload: dict[str, Any]  # API body; may hold Ref / SecretRef placeholders
    identity: str | None
    pinned_id: str | None = None
    protect: bool = False
    source: Resource | None = None  # None for credentials vapictl derives
    owner: str | None = None  # for managed credentials: the address of the resource using it
    # Every Ref the payload holds, noted while it was built (the plan's check that each
    # resolves then needs no walk of the payload); None: not noted, walk it.
    refs: tuple[Ref, ...] | None = field(default=None, repr=False, compare=False)
    # "kind/key", asked for again and again by the plan's passes: made once
    address: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "address", f"{self.kind.value}/{self.key}")


def get_path(body: Mapping[str, Any], path: str) -> Any:
    node: Any = body
    for part in path.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


class _CopyOnWrite:
    """A payload that shares every container with its entry's body except the ones it
    changes: those are copied first (a body is never changed once loaded). A deep copy
    of every body cost a plan of 10,000 resources ~15 MB and a walk of every field."""

    def __init__(self, body: dict[str, Any]) -> None:
        self.payload = dict(body)
        self._owned = {id(self.payload)}

    def own(self, parent: Any, key: Any) -> Any:
        """`parent[key]`, replaced by a copy of it first if it is a shared container."""
        child = parent[key]
        if id(child) in self._owned or type(child) not in (dict, list):
            return child
        child = parent[key] = dict(child) if type(child) is dict else list(child)
        self._owned.add(id(child))
        return child

    def containers(self, at: str, field: str) -> list[dict[str, Any]]:
        """Own copies of the objects at `at` (model.sites.containers' paths) that hold
        `field`; the others are left shared."""
        return [
            self.own_path(steps)
            for steps, container in container_steps(self.payload, at)
            if field in container
        ]

    def own_path(self, steps: Steps) -> Any:
        node = self.payload
        for step in steps:
            node = self.own(node, step)
        return node

    def set_path(self, path: str, value: Any) -> None:
        *parents, last = path.split(".")
        node = self.payload
        for part in parents:
            node = self.own(node, part)
        node[last] = value


def _resolve_references(kind: Kind, body: _CopyOnWrite) -> list[Ref]:
    """Manifest keys -> Refs, in place, for every reference the registry lists
    (DESIGN.md §2: `foo: KEY` -> `fooId`, `foos: [KEY]` -> `fooIds`); the Refs made."""
    made: list[Ref] = []
    payload = body.payload
    for reference, key in _plain_sites(kind):
        field = reference.field
        if key is None:  # deeper than one key: walked
            for container in body.containers(reference.at, field):
                made += _resolve_reference(kind, reference, container)
        elif not key:  # the entry itself
            if field in payload:
                made += _resolve_reference(kind, reference, payload)
        elif isinstance(child := payload.get(key), dict) and field in child:
            made += _resolve_reference(kind, reference, body.own(payload, key))
    return made


@cache  # asked for every entry
def _plain_sites(kind: Kind) -> tuple[tuple[Reference, str | None], ...]:
    """model.sites.site_keys but item references (resolved with their list's plain one)."""
    return tuple((r, at) for r, at in site_keys(kind) if not r.item_key)


def _resolve_reference(kind: Kind, reference: Reference, container: dict[str, Any]) -> list[Ref]:
    value = container[reference.field]
    refs = _key_list_refs(kind, reference, value) if reference.many else None
    # An empty list where inline objects are allowed is the API's own field, as written.
    if refs is not None and (value or not reference.inline):
        container.pop(reference.field)
        raw_ids = list(container.get(reference.api_field) or [])
        container[reference.api_field] = raw_ids + refs
        return refs
    if not reference.many and isinstance(value, str):
        del container[reference.field]
        if reference.tag is not None:
            container[reference.tag[0]] = reference.tag[1]
        ref = container[reference.api_field] = _ref(reference.target, value)
        return [ref]
    if value is None and not reference.inline:
        del container[reference.field]  # `assistant: null` clears `assistantId`
        container[reference.api_field] = None
    return []  # otherwise an inline definition (an object), passed through as written


@lru_cache(maxsize=4096)
def _ref(kind: Kind, key: str) -> Ref:
    """One Ref object per target (immutable, so shared): hundreds of assistants use
    the same tools."""
    return Ref(kind, key)


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
            refs.append(_ref(reference.target, item))
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
    """Every resource the manifests ask for, managed credentials included (payloads
    copied whole: the caller's to change)."""
    for resource in manifest.all_resources():
        for desired in _desired_of(resource):
            yield dataclasses.replace(desired, payload=_copy_body(desired.payload))


_DESIRED = "desired"  # the key of the shared bodies in Resource.derived


def shared_desired(manifest: Manifest) -> list[DesiredResource]:
    """`desired_resources`, each entry's computed once and kept on its Resource: the
    spec check (in the load), the plan and the routing lints share them. The payloads
    share containers with the bodies too: read them, never change them."""
    found: list[DesiredResource] = []
    for resource in manifest.all_resources():
        cached = resource.derived.get(_DESIRED)
        if cached is None:
            cached = resource.derived[_DESIRED] = _desired_of(resource)
        found.extend(cached)
    return found


def _desired_of(resource: Resource) -> tuple[DesiredResource, ...]:
    """The resource's API body (after the managed credential its server secret needs)."""
    body = _CopyOnWrite(resource.body)
    payload = body.payload
    refs = _resolve_references(resource.kind, body)
    if resource.upload is not None:
        del payload["path"]  # the local file: uploaded as `file`, never sent as a field
        payload["file"] = resource.upload.described()
    credential: DesiredResource | None = None
    for path in sorted(resource.secret_paths) if resource.secret_paths else ():
        value = get_path(payload, path)
        if not isinstance(value, str):
            continue
        digest = secret_digest(value, path)
        if path == SECRET_PATH:
            credential = _credential_for(resource, value, digest)
            server = body.own(payload, "server")
            del server["secret"]
            server["credentialId"] = credential_ref = Ref(Kind.CREDENTIAL, resource.address)
            refs.append(credential_ref)
        else:
            body.set_path(path, SecretRef(resource.address, path, digest))
    _clear_server_secret(body, payload)
    if resource.kind is Kind.CREDENTIAL:
        _fingerprint_name(resource, payload)
    ident = "org" if resource.kind is Kind.ORG else identity(resource.kind, payload)
    desired = DesiredResource(
        kind=resource.kind,
        key=resource.key,
        payload=payload,
        identity=ident,
        pinned_id=resource.pinned_id,
        protect=resource.protect,
        source=resource,
        refs=tuple(refs),
    )
    return (desired,) if credential is None else (credential, desired)


def _clear_server_secret(body: _CopyOnWrite, payload: dict[str, Any]) -> None:
    """`server.secret: null` clears the secret: the API has no `secret` field, so the
    server's credential reference is cleared instead (the plan then deletes the managed
    credential it pointed at, as after a rotation)."""
    server = payload.get("server")
    if not isinstance(server, dict) or "secret" not in server or server["secret"] is not None:
        return
    server = body.own(payload, "server")
    del server["secret"]
    server.setdefault("credentialId", None)


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
        refs=(),  # its one placeholder is the secret
    )
