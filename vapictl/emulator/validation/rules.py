"""The rules the spec cannot express: cross-field and stored-state checks.

Everything a request schema can say (unknown keys, types, enums, ranges, lengths,
patterns, required fields, unions) comes from `vapictl.apischema.check_request`; what
is left here needs another field of the body, or the stored resource.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from vapictl.emulator.validation import core, kinds
from vapictl.emulator.validation.core import Messages

CreateRule = Callable[[dict[str, Any], Messages], None]
UpdateRule = Callable[[dict[str, Any], dict[str, Any], Messages], None]


def _e164(body: dict[str, Any], prefix: str, out: Messages, flag: Any) -> None:
    """`number` is E.164 unless numberE164CheckEnabled is false (API-REFERENCE §3)."""
    if isinstance(body.get("number"), str):
        core.phone_number(body, "number", prefix, out, e164=flag is not False)


def _fallback_number(body: dict[str, Any], out: Messages) -> None:
    destination = body.get("fallbackDestination")
    if isinstance(destination, dict) and destination.get("type") == "number":
        _e164(destination, "fallbackDestination.", out, destination.get("numberE164CheckEnabled"))


def _phone_create(body: dict[str, Any], out: Messages) -> None:
    if body.get("provider") != "vapi":  # a vapi number's `number` is server-assigned
        _e164(body, "", out, body.get("numberE164CheckEnabled"))
    _fallback_number(body, out)


def _immutable(field: str, noun: str) -> UpdateRule:
    """The union's discriminator cannot change on PATCH (API-REFERENCE §3, §5)."""

    def rule(body: dict[str, Any], stored: dict[str, Any], out: Messages) -> None:
        sent = body.get(field, stored.get(field))
        if sent != stored.get(field):
            out.append(
                f"{field} cannot be changed from {stored.get(field)} to {sent}; "
                f"delete the {noun} and create a new one"
            )

    return rule


def _phone_update(body: dict[str, Any], stored: dict[str, Any], out: Messages) -> None:
    _immutable("provider", "phone number")(body, stored, out)
    # A patched `number` follows the stored E.164 flag unless the PATCH sets the flag too.
    flag = body.get("numberE164CheckEnabled", stored.get("numberE164CheckEnabled"))
    _e164(body, "", out, flag)
    _fallback_number(body, out)


# Cross-field rules that hold on create and on update alike.
CROSS_FIELD: dict[str, CreateRule] = {
    "eval/simulation/scenario": kinds.scenario,
    "observability/scorecard": kinds.scorecard,
}
CREATE: dict[str, CreateRule] = {"phone-number": _phone_create, **CROSS_FIELD}
UPDATE: dict[str, UpdateRule] = {
    "phone-number": _phone_update,
    "tool": _immutable("type", "tool"),
    "credential": _immutable("provider", "credential"),
}
