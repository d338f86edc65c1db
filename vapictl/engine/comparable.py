"""A desired payload as live state would show it, for diffing and for matching."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from vapictl.engine.refs import UNKNOWN, Ref, SecretRef, substitute
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

    # Secrets are never read back: left out of mappings; a list keeps its length.
    result: dict[str, Any] = substitute(readable, fill, _UNREADABLE)
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
