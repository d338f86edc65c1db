"""Placeholders in desired payloads for values known only at apply time.

A `Ref` stands for the live id of another resource (a tool an assistant uses,
the assistant a number answers with); a `SecretRef` stands for a secret value
that is read from the manifests at apply time, so a plan (in memory or saved)
never holds a plaintext secret.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from vapictl.model import Kind


@dataclass(frozen=True, slots=True)
class Ref:
    """The id of the resource `kind/key` (or, with `output`, another value it has, such
    as a knowledge base's `toolId`), resolved once it exists."""

    kind: Kind
    key: str
    output: str = "id"
    # Made once: a plan asks each Ref for them again and again (a Ref is shared by every
    # body that points at its target), and an f-string per ask was ~8% of its CPU.
    address: str = field(init=False, repr=False, compare=False)
    # Where the value is kept among known ids: the address, or `address#output`.
    slot: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        address = f"{self.kind.value}/{self.key}"
        object.__setattr__(self, "address", address)
        object.__setattr__(self, "slot", slot(address, self.output))


def slot(address: str, output: str = "id") -> str:
    return address if output == "id" else f"{address}#{output}"


@dataclass(frozen=True, slots=True)
class SecretRef:
    """The secret at `path` of the manifest entry `address`; `digest` tells versions apart."""

    address: str
    path: str
    digest: str


UNKNOWN = "(known after apply)"


def json_slot(value: Mapping[str, Any]) -> str | None:
    """The known-ids slot a serialised `{"$ref": ...}` stands for, else None."""
    if "$ref" in value and set(value) <= {"$ref", "output"}:
        return slot(str(value["$ref"]), str(value.get("output", "id")))
    return None


# Leaves that are never a placeholder and hold nothing: the walks below skip them
# without a call (a plan walks every field of every body several times).
SCALARS = frozenset({str, int, float, bool, type(None)})


_KEEP_ALL = object()  # `substitute`'s default `drop`: no mapping entry is left out


def substitute(
    value: Any, replace: Callable[[Ref | SecretRef], Any], drop: object = _KEEP_ALL
) -> Any:
    """Copy `value`, replacing every Ref/SecretRef with `replace(ref)`; a mapping entry
    replaced by `drop` is left out (a list keeps its items)."""
    kind = type(value)
    if kind is list:  # exact types first: isinstance against the ABCs is 3x slower
        return [v if type(v) in SCALARS else substitute(v, replace, drop) for v in value]
    if kind in SCALARS:
        return value
    if kind is not dict:
        if isinstance(value, Ref | SecretRef):
            return replace(value)
        if not isinstance(value, Mapping):
            if isinstance(value, list | tuple):
                return [substitute(v, replace, drop) for v in value]
            return value
    if drop is _KEEP_ALL:
        return {
            k: v if type(v) in SCALARS else substitute(v, replace, drop) for k, v in value.items()
        }
    pairs = (
        (k, v if type(v) in SCALARS else substitute(v, replace, drop)) for k, v in value.items()
    )
    return {k: v for k, v in pairs if v is not drop}


def refs_in(value: Any) -> list[Ref]:
    """Every Ref inside `value`, in order (a walk that copies nothing)."""
    found: list[Ref] = []
    _collect_refs(value, found)
    return found


def _collect_refs(value: Any, found: list[Ref]) -> None:
    kind = type(value)
    items: Any
    if kind is dict:
        items = value.values()
    elif kind is list:
        items = value
    elif isinstance(value, Ref | SecretRef):
        if isinstance(value, Ref):
            found.append(value)
        return
    elif isinstance(value, Mapping):
        items = value.values()
    elif isinstance(value, list | tuple):
        items = value
    else:
        return
    for item in items:
        if type(item) not in SCALARS:
            _collect_refs(item, found)


def to_json(value: Any) -> Any:
    """Serialise placeholders for a plan file: `{"$ref": ...}` / `{"$secret": ...}`."""

    def encode(ref: Ref | SecretRef) -> Any:
        if isinstance(ref, Ref):
            # An id reference keeps the format-2 shape, so older plan files read the same.
            return {"$ref": ref.address, **({"output": ref.output} if ref.output != "id" else {})}
        return {"$secret": ref.address, "path": ref.path, "digest": ref.digest}

    return substitute(value, encode)


def from_json(value: Any) -> Any:
    """Inverse of `to_json`."""
    if isinstance(value, Mapping):
        if "$ref" in value and set(value) <= {"$ref", "output"}:
            kind, _, key = str(value["$ref"]).partition("/")
            return Ref(Kind(kind), key, str(value.get("output", "id")))
        if "$secret" in value:
            return SecretRef(str(value["$secret"]), str(value["path"]), str(value["digest"]))
        return {k: from_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [from_json(v) for v in value]
    return value
