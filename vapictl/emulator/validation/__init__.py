"""Request-body validation per resource kind, answering like the real API.

`validate_create` / `validate_update` return NestJS messages ("property X should not
exist", "voice.speed must not be greater than 1.2", ...); an empty list means the body
is valid. Every kind with a request schema is checked against Vapi's own spec through
`vapictl.apischema` (the same check `vapictl validate` runs on manifests), plus the few
cross-field and stored-state rules the spec cannot express (rules.py, kinds.py). A file
upload, a multipart body with no JSON schema, has its own rules (kinds.py).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from vapictl.apischema import check_request, has_schema, spec_data
from vapictl.emulator.validation import kinds, rules
from vapictl.emulator.validation.core import Messages

__all__ = ["api_path_for", "validate_create", "validate_update"]


@cache
def api_path_for(kind: str) -> str:
    """The emulator's kind ("phone-number", "eval/simulation/personality") -> the API's
    collection path ("/phone-number", ...); also a unique last segment ("personality")."""
    path = kind if kind.startswith("/") else f"/{kind}"
    roots = spec_data().roots
    if path in roots:
        return path
    matches = [root for root in roots if root.endswith(path)]
    return matches[0] if len(matches) == 1 else path


def validate_create(kind: str, body: dict[str, Any]) -> Messages:
    api_path = api_path_for(kind)
    if not has_schema(api_path, "create"):
        if kind == "file":
            out: Messages = []
            kinds.validate_file_upload(body, out)
            return out
        raise ValueError(f"no create rules for {kind}")
    out = [p.message for p in check_request(api_path, "create", body)]
    if kind in rules.CREATE:
        rules.CREATE[kind](body, out)
    return out


def validate_update(kind: str, body: dict[str, Any], stored: dict[str, Any]) -> Messages:
    api_path = api_path_for(kind)
    if not has_schema(api_path, "update"):
        raise ValueError(f"no update rules for {kind}")
    out: Messages = []
    if kind in rules.UPDATE:
        rules.UPDATE[kind](body, stored, out)
        if out:
            return out  # a changed discriminator: the rest would check the wrong variant
    out.extend(p.message for p in check_request(api_path, "update", body, stored=stored))
    if kind in rules.CROSS_FIELD:
        rules.CROSS_FIELD[kind](body, out)
    return out
