"""A desired payload as live state would show it, for diffing and for matching."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

from vapictl.engine.refs import SCALARS, UNKNOWN, Ref, SecretRef
from vapictl.model import SPECS, WRITE_ONLY_FIELDS, Kind

_UNREADABLE = object()


def comparable(
    kind: Kind,
    payload: Mapping[str, Any],
    known_ids: Mapping[str, str],
    *,
    ignore_credentials: bool = False,
) -> dict[str, Any]:
    """Ids filled in (UNKNOWN for resources not created yet); write-only fields and
    secrets dropped, since the API never returns them. `ignore_credentials` also drops
    managed-credential references, which are not known while resources are matched."""
    hidden = hidden_fields(kind)
    readable = {k: v for k, v in payload.items() if k not in hidden}

    def fill(ref: Ref | SecretRef) -> Any:
        if isinstance(ref, SecretRef) or (ignore_credentials and ref.kind is Kind.CREDENTIAL):
            return _UNREADABLE
        return known_ids.get(ref.slot, UNKNOWN)

    result: dict[str, Any] = _filled(readable, fill)
    return result


@cache
def hidden_fields(kind: Kind) -> frozenset[str]:
    """Top-level fields never compared: write-only ones are never returned; server-managed
    ones (a structured output's `assistantIds`, managed from the assistant's side) and
    attachments (a set, compared by engine/attachments.py) are compared elsewhere."""
    hidden = {*WRITE_ONLY_FIELDS.get(kind, ()), *SPECS[kind].server_managed}
    attachments = SPECS[kind].attachments
    if attachments is not None:
        hidden.add(attachments.field)
    return frozenset(hidden)


def _filled(value: Any, fill: Callable[[Ref | SecretRef], Any]) -> Any:
    """`substitute(value, fill)` with the mapping entries `fill` made `_UNREADABLE` left
    out, in one walk (items of a list are kept, as they always were)."""
    kind = type(value)
    if kind is dict or (kind is not list and isinstance(value, Mapping)):
        out = {}
        for key, item in value.items():
            if type(item) in SCALARS:
                out[key] = item
            else:
                filled = _filled(item, fill)
                if filled is not _UNREADABLE:
                    out[key] = filled
        return out
    if kind is list:
        return [item if type(item) in SCALARS else _filled(item, fill) for item in value]
    if kind in SCALARS:
        return value
    if isinstance(value, Ref | SecretRef):
        return fill(value)
    if isinstance(value, tuple | list):
        return [_filled(item, fill) for item in value]
    return value
