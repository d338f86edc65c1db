"""Phone numbers: a union keyed by `provider` (API-REFERENCE §3 table)."""

from __future__ import annotations

from typing import Any

from vapictl.emulator.validation import core
from vapictl.emulator.validation.core import Messages, Variant
from vapictl.emulator.validation.shared import fallback_check, server_check

_COMMON = frozenset(
    core.words("fallbackDestination hooks provider name assistantId workflowId squadId server")
)
_VAPI_SIP_AUTH_KEYS = frozenset({"realm", "username", "password"})


def _common(body: dict[str, Any], prefix: str, out: Messages) -> None:
    core.string(body, "name", prefix, out, max_length=40)
    for key in ("assistantId", "squadId", "workflowId", "credentialId"):
        core.string(body, key, prefix, out)
    if body.get("hooks") is not None and not isinstance(body["hooks"], list):
        out.append(f"{prefix}hooks must be an array")
    server_check(body, prefix, out)
    fallback_check(body, prefix, out)


def _number(body: dict[str, Any], prefix: str, out: Messages) -> None:
    core.string(body, "number", prefix, out, min_length=3, max_length=40)
    core.phone_number(
        body, "number", prefix, out, e164=body.get("numberE164CheckEnabled") is not False
    )


def _twilio(body: dict[str, Any], prefix: str, out: Messages) -> None:
    for key in ("twilioAccountSid", "twilioAuthToken", "twilioApiKey", "twilioApiSecret"):
        core.string(body, key, prefix, out)
    core.boolean(body, "smsEnabled", prefix, out)


def _sip_authentication(body: dict[str, Any], prefix: str, out: Messages) -> None:
    core.unknown_keys(body, _VAPI_SIP_AUTH_KEYS, prefix, out)
    core.required(body, ("username", "password"), prefix, out)
    core.string(body, "username", prefix, out, min_length=20, max_length=40)
    core.string(body, "password", prefix, out, min_length=20, max_length=40)


def _vapi(body: dict[str, Any], prefix: str, out: Messages) -> None:
    core.string(body, "numberDesiredAreaCode", prefix, out, min_length=3, max_length=3)
    code = body.get("numberDesiredAreaCode")
    if isinstance(code, str) and len(code) == 3 and not code.isdigit():
        out.append(f"{prefix}numberDesiredAreaCode must be a number string")
    core.string(body, "sipUri", prefix, out)
    core.nested(body, "authentication", _sip_authentication, prefix, out)


def _variant(extra: str, required: tuple[str, ...], *checks: core.NestedCheck) -> Variant:
    return Variant(_COMMON | frozenset(extra.split()), ("provider", *required), (_common, *checks))


CREATE: dict[str, Variant] = {
    "byo-phone-number": _variant(
        "numberE164CheckEnabled number credentialId", ("credentialId",), _number
    ),
    "twilio": _variant(
        "smsEnabled number twilioAccountSid twilioAuthToken twilioApiKey twilioApiSecret",
        ("number", "twilioAccountSid"),
        _number,
        _twilio,
    ),
    "vonage": _variant("number credentialId", ("number", "credentialId"), _number),
    "telnyx": _variant("number credentialId", ("number", "credentialId"), _number),
    "vapi": _variant("numberDesiredAreaCode sipUri authentication", (), _vapi),
}
# Update*PhoneNumberDTO: same fields, all optional; a vapi number's area code is create-only.
UPDATE: dict[str, Variant] = {
    name: Variant(v.keys - {"numberDesiredAreaCode"}, v.required, v.checks)
    for name, v in CREATE.items()
}
PROVIDERS = tuple(CREATE)


def validate_create(body: dict[str, Any], out: Messages) -> None:
    variant = CREATE.get(body.get("provider"))  # type: ignore[arg-type]
    if variant is None:
        out.append(f"provider must be one of the following values: {', '.join(PROVIDERS)}")
        return
    core.check_variant(body, variant, "", out, creating=True)


def validate_update(body: dict[str, Any], stored: dict[str, Any], out: Messages) -> None:
    """The PATCH union is keyed by provider; no source documents changing it (§3)."""
    provider = body.get("provider", stored["provider"])
    if provider != stored["provider"]:
        out.append(
            f"provider cannot be changed from {stored['provider']} to {provider}; "
            "delete the phone number and create a new one"
        )
        return
    variant = UPDATE[provider]
    checks = tuple(check for check in variant.checks if check is not _number)
    core.check_variant(
        body, Variant(variant.keys, variant.required, checks), "", out, creating=False
    )
    if "number" in variant.keys:
        # A patched `number` follows the stored E.164 flag unless the PATCH sets the flag too.
        flag = body.get("numberE164CheckEnabled", stored.get("numberE164CheckEnabled"))
        core.string(body, "number", "", out, min_length=3, max_length=40)
        core.phone_number(body, "number", "", out, e164=flag is not False)
