"""Nested objects several resources share: `server` and `fallbackDestination` [OAS]."""

from __future__ import annotations

from typing import Any

from vapictl.emulator.validation import core
from vapictl.emulator.validation.core import Messages

_SERVER_KEYS = frozenset(
    {
        "url",
        "headers",
        "credentialId",
        "staticIpAddressesEnabled",
        "encryptedPaths",
        "timeoutSeconds",
        "backoffPlan",
    }
)
_BACKOFF_KEYS = frozenset({"type", "maxRetries", "baseDelaySeconds", "excludedStatusCodes"})
_NUMBER_DESTINATION_KEYS = frozenset(
    {
        "type",
        "number",
        "numberE164CheckEnabled",
        "extension",
        "callerId",
        "transferPlan",
        "message",
        "description",
    }
)
_SIP_DESTINATION_KEYS = frozenset(
    {"type", "sipUri", "sipHeaders", "callerId", "transferPlan", "message", "description"}
)


def _backoff_plan(plan: dict[str, Any], prefix: str, out: Messages) -> None:
    core.unknown_keys(plan, _BACKOFF_KEYS, prefix, out)
    core.required(plan, ("type", "maxRetries", "baseDelaySeconds"), prefix, out)
    core.one_of(plan, "type", ("fixed", "exponential"), prefix, out)
    core.number(plan, "maxRetries", prefix, out, minimum=0, maximum=10)
    core.number(plan, "baseDelaySeconds", prefix, out, minimum=0, maximum=10)


def server(body: dict[str, Any], prefix: str, out: Messages) -> None:
    """The `Server` schema: `secret`/`serverUrl` are gone since 2025-05 (API-REFERENCE §4)."""
    core.unknown_keys(body, _SERVER_KEYS, prefix, out)
    core.string(body, "url", prefix, out)
    core.string(body, "credentialId", prefix, out)
    core.number(body, "timeoutSeconds", prefix, out, minimum=1, maximum=300)
    core.boolean(body, "staticIpAddressesEnabled", prefix, out)
    if body.get("headers") is not None and not core.is_object(body["headers"]):
        out.append(f"{prefix}headers must be an object")
    core.nested(body, "backoffPlan", _backoff_plan, prefix, out)


def fallback_destination(body: dict[str, Any], prefix: str, out: Messages) -> None:
    """TransferDestinationNumber | TransferDestinationSip, keyed by `type`."""
    kind = body.get("type")
    if kind == "number":
        core.unknown_keys(body, _NUMBER_DESTINATION_KEYS, prefix, out)
        core.required(body, ("number",), prefix, out)
        core.string(body, "number", prefix, out, min_length=3, max_length=40)
        core.phone_number(
            body, "number", prefix, out, e164=body.get("numberE164CheckEnabled") is not False
        )
        core.string(body, "extension", prefix, out, min_length=1, max_length=10)
    elif kind == "sip":
        core.unknown_keys(body, _SIP_DESTINATION_KEYS, prefix, out)
        core.required(body, ("sipUri",), prefix, out)
        core.string(body, "sipUri", prefix, out)
    else:
        out.append(f"{prefix}type must be one of the following values: number, sip")


def server_check(body: dict[str, Any], prefix: str, out: Messages) -> None:
    core.nested(body, "server", server, prefix, out)


def fallback_check(body: dict[str, Any], prefix: str, out: Messages) -> None:
    core.nested(body, "fallbackDestination", fallback_destination, prefix, out)
