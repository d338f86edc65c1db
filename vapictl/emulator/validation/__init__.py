"""Request-body validation per resource kind, mirroring the real API's DTOs.

`validate_create` / `validate_update` return NestJS messages ("property X should not
exist", "name must be shorter than or equal to 40 characters", ...); an empty list
means the body is valid. Rules are hand-derived from the OpenAPI spec (API-REFERENCE §8).
"""

from __future__ import annotations

from typing import Any

from vapictl.emulator.validation import (
    assistant,
    credential,
    kinds,
    org,
    phone_number,
    squad,
    tool,
)
from vapictl.emulator.validation.core import Messages

__all__ = ["validate_create", "validate_update"]


def validate_create(kind: str, body: dict[str, Any]) -> Messages:
    out: Messages = []
    if kind == "assistant":
        assistant.validate(body, "", out)
    elif kind == "tool":
        tool.validate_create(body, "", out)
    elif kind == "squad":
        squad.validate(body, out)
    elif kind == "phone-number":
        phone_number.validate_create(body, out)
    elif kind == "credential":
        credential.validate_create(body, out)
    elif kind == "file":
        kinds.validate_file_upload(body, out)
    elif kind in kinds.SHAPES:
        kinds.check(kinds.SHAPES[kind], body, "", out, creating=True)
    else:
        raise ValueError(f"no create rules for {kind}")
    return out


def validate_update(kind: str, body: dict[str, Any], stored: dict[str, Any]) -> Messages:
    out: Messages = []
    if kind == "assistant":
        assistant.validate(body, "", out)
    elif kind == "tool":
        tool.validate_update(body, stored, out)
    elif kind == "squad":
        squad.validate(body, out)
    elif kind == "phone-number":
        phone_number.validate_update(body, stored, out)
    elif kind == "credential":
        credential.validate_update(body, stored, out)
    elif kind == "org":
        org.validate(body, out)
    elif kind == "file":
        kinds.check(kinds.FILE_UPDATE, body, "", out, creating=False)
    elif kind in kinds.SHAPES:
        kinds.check(kinds.SHAPES[kind], body, "", out, creating=False)
    else:
        raise ValueError(f"no update rules for {kind}")
    return out
