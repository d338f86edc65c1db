"""Credentials: a union keyed by `provider` over the 57 Create*CredentialDTOs [OAS
CreateAssistantDTO.credentials; CONFIG-KINDS §3.13]: each provider's keys and required
fields; an unknown provider is a 400. `provider` never changes on PATCH."""

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


# Providers whose DTO is `{provider, name, apiKey}` with `apiKey` required.
_API_KEY_ONLY = core.words(
    "anthropic anyscale assembly-ai cerebras deep-seek deepinfra gladia gohighlevel google groq "
    "hume inflection-ai inworld lmnt mistral neuphonic openai openrouter perplexity-ai rime-ai "
    "runpod smallest-ai speechmatics tavus together-ai wellsaid xai"
)
_API_KEY_AND_URL = core.words("11labs cartesia deepgram soniox")
_BUCKETS = "bucketPlan fallbackIndex"
_OAUTH_AUTHORIZATIONS = core.words(
    "google.calendar.oauth2-authorization google.sheets.oauth2-authorization "
    "slack.oauth2-authorization"
)

VARIANTS: dict[str, Variant] = {
    **{provider: _variant("apiKey", ("apiKey",)) for provider in _API_KEY_ONLY},
    **{provider: _variant("apiKey apiUrl", ("apiKey",)) for provider in _API_KEY_AND_URL},
    **{
        provider: _variant("authorizationId", ("authorizationId",))
        for provider in _OAUTH_AUTHORIZATIONS
    },
    "anthropic-bedrock": _variant("region authenticationPlan", ("region", "authenticationPlan")),
    "azure": _variant(f"apiKey region service {_BUCKETS}", ("service",)),
    "azure-openai": _variant(
        "region models openAIKey ocpApimSubscriptionKey openAIEndpoint",
        ("region", "models", "openAIKey", "openAIEndpoint"),
    ),
    "byo-sip-trunk": _variant(
        "gateways outboundAuthenticationPlan outboundLeadingPlusEnabled techPrefix "
        "sipDiversionHeader",
        ("gateways",),
    ),
    "cloudflare": _variant(f"accountId apiKey accountEmail {_BUCKETS}", ()),
    "custom-credential": _variant(
        "authenticationPlan encryptionPlan", ("authenticationPlan",), _plan_check
    ),
    "custom-llm": _variant("apiKey authenticationPlan", ("apiKey",)),
    "email": _variant("email", ("email",)),
    "gcp": _variant(f"gcpKey region {_BUCKETS}", ("gcpKey",)),
    "ghl.oauth2-authorization": _variant("authenticationSession", ("authenticationSession",)),
    "google.calendar.oauth2-client": _variant("", ()),
    "langfuse": _variant("publicKey apiKey apiUrl", ("publicKey", "apiKey", "apiUrl")),
    "make": _variant("teamId region apiKey", ("teamId", "region", "apiKey")),
    "microsoft": _variant("apiKey region", ("apiKey",)),
    "minimax": _variant("apiKey groupId", ("apiKey", "groupId")),
    "playht": _variant("apiKey userId", ("apiKey", "userId")),
    "s3": _variant(
        "awsAccessKeyId awsSecretAccessKey region s3BucketName s3PathPrefix fallbackIndex",
        ("awsAccessKeyId", "awsSecretAccessKey", "region", "s3BucketName", "s3PathPrefix"),
    ),
    "s3-compatible": _variant(_BUCKETS, ("bucketPlan",)),
    "slack-webhook": _variant("webhookUrl", ("webhookUrl",)),
    "supabase": _variant(_BUCKETS, ()),
    "twilio": _variant("authToken apiKey apiSecret accountSid", ("accountSid",)),
    "vonage": _variant("apiKey apiSecret", ("apiKey", "apiSecret")),
    "webhook": _variant("authenticationPlan", ("authenticationPlan",), _plan_check),
}
PROVIDERS = tuple(sorted(VARIANTS))


def validate_create(body: dict[str, Any], out: Messages) -> None:
    provider = body.get("provider")
    if not isinstance(provider, str) or not provider:
        out.append("provider should not be empty")
        return
    variant = VARIANTS.get(provider)
    if variant is None:
        out.append(f"provider must be one of the following values: {', '.join(PROVIDERS)}")
        return
    core.check_variant(body, variant, "", out, creating=True)


def validate_update(body: dict[str, Any], stored: dict[str, Any], out: Messages) -> None:
    provider = body.get("provider", stored["provider"])
    if provider != stored["provider"]:
        out.append(f"provider cannot be changed from {stored['provider']} to {provider}")
        return
    variant = VARIANTS.get(provider)
    if variant is None:  # stored before the emulator knew the whole union
        _name_check(body, "", out)
        return
    core.check_variant(body, variant, "", out, creating=False)
