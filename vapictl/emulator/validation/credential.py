"""Credentials: a union keyed by `provider` (API-REFERENCE §3). The five providers
vapictl uses are checked strictly; the other 50-odd are accepted loosely."""

from __future__ import annotations

from typing import Any

from vapictl.emulator.validation import core
from vapictl.emulator.validation.core import Messages, Variant

_BEARER_KEYS = frozenset({"type", "token", "headerName", "bearerPrefixEnabled"})
_HMAC_KEYS = frozenset(
    core.words(
        "type secretKey algorithm signatureHeader timestampHeader signaturePrefix includeTimestamp "
        "payloadFormat messageIdHeader signatureEncoding secretIsBase64"
    )
)
_OAUTH2_KEYS = frozenset({"type", "url", "clientId", "clientSecret", "scope"})
_PLANS: dict[str, tuple[frozenset[str], tuple[str, ...]]] = {
    "bearer": (_BEARER_KEYS, ("token",)),
    "hmac": (_HMAC_KEYS, ("secretKey", "algorithm")),
    "oauth2": (_OAUTH2_KEYS, ("url", "clientId", "clientSecret")),
}


def _authentication_plan(body: dict[str, Any], prefix: str, out: Messages) -> None:
    plan = _PLANS.get(body.get("type"))  # type: ignore[arg-type]
    if plan is None:
        out.append(f"{prefix}type must be one of the following values: {', '.join(_PLANS)}")
        return
    keys, required = plan
    core.unknown_keys(body, keys, prefix, out)
    core.required(body, required, prefix, out)
    core.boolean(body, "bearerPrefixEnabled", prefix, out)


def _plan_check(body: dict[str, Any], prefix: str, out: Messages) -> None:
    core.nested(body, "authenticationPlan", _authentication_plan, prefix, out)


def _name_check(body: dict[str, Any], prefix: str, out: Messages) -> None:
    core.string(body, "name", prefix, out, min_length=1, max_length=40)


def _variant(keys: str, required: tuple[str, ...], *checks: core.NestedCheck) -> Variant:
    return Variant(
        frozenset(("provider name " + keys).split()),
        ("provider", *required),
        (_name_check, *checks),
    )


STRICT: dict[str, Variant] = {
    "twilio": _variant("authToken apiKey apiSecret accountSid", ("accountSid",)),
    "vonage": _variant("apiKey apiSecret", ("apiKey", "apiSecret")),
    "byo-sip-trunk": _variant(
        "gateways outboundAuthenticationPlan outboundLeadingPlusEnabled techPrefix "
        "sipDiversionHeader",
        ("gateways",),
    ),
    "webhook": _variant("authenticationPlan", ("authenticationPlan",), _plan_check),
    "custom-credential": _variant(
        "authenticationPlan encryptionPlan", ("authenticationPlan",), _plan_check
    ),
}


def validate_create(body: dict[str, Any], out: Messages) -> None:
    provider = body.get("provider")
    if not isinstance(provider, str) or not provider:
        out.append("provider should not be empty")
        return
    variant = STRICT.get(provider)
    if variant is None:
        _name_check(body, "", out)
        return
    core.check_variant(body, variant, "", out, creating=True)


def validate_update(body: dict[str, Any], stored: dict[str, Any], out: Messages) -> None:
    provider = body.get("provider", stored["provider"])
    if provider != stored["provider"]:
        out.append(f"provider cannot be changed from {stored['provider']} to {provider}")
        return
    variant = STRICT.get(provider)
    if variant is None:
        _name_check(body, "", out)
        return
    core.check_variant(body, variant, "", out, creating=False)
