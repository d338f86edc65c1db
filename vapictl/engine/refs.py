"""Placeholders in desired payloads for values known only at apply time.

A `Ref` stands for the live id of another resource (a tool an assistant uses,
the assistant a number answers with); a `SecretRef` stands for a secret value
that is read from the manifests at apply time, so a plan (in memory or saved)
never holds a plaintext secret.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from vapictl.model import Kind


@dataclass(frozen=True)
class Ref:
    """The id of the resource `kind/key`, resolved once it exists."""

    kind: Kind
    key: str

    @property
    def address(self) -> str:
        return f"{self.kind.value}/{self.key}"


@dataclass(frozen=True)
class SecretRef:
    """The secret at `path` of the manifest entry `address`; `digest` tells versions apart."""

    address: str
    path: str
    digest: str


UNKNOWN = "(known after apply)"


def substitute(value: Any, replace: Callable[[Ref | SecretRef], Any]) -> Any:
    """Copy `value`, replacing every Ref/SecretRef with `replace(ref)`."""
    if isinstance(value, Ref | SecretRef):
        return replace(value)
    if isinstance(value, Mapping):
        return {k: substitute(v, replace) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [substitute(v, replace) for v in value]
    return value


def refs_in(value: Any) -> list[Ref]:
    """Every Ref inside `value`, in order."""
    found: list[Ref] = []

    def collect(ref: Ref | SecretRef) -> Any:
        if isinstance(ref, Ref):
            found.append(ref)
        return ref

    substitute(value, collect)
    return found


def to_json(value: Any) -> Any:
    """Serialise placeholders for a plan file: `{"$ref": ...}` / `{"$secret": ...}`."""

    def encode(ref: Ref | SecretRef) -> Any:
        if isinstance(ref, Ref):
            return {"$ref": ref.address}
        return {"$secret": ref.address, "path": ref.path, "digest": ref.digest}

    return substitute(value, encode)


def from_json(value: Any) -> Any:
    """Inverse of `to_json`."""
    if isinstance(value, Mapping):
        if set(value) == {"$ref"}:
            kind, _, key = str(value["$ref"]).partition("/")
            return Ref(Kind(kind), key)
        if "$secret" in value:
            return SecretRef(str(value["$secret"]), str(value["path"]), str(value["digest"]))
        return {k: from_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [from_json(v) for v in value]
    return value
