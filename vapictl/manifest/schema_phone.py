"""The phone-number part of the manifest JSON Schema: providers, required
fields per provider, number formats, fallback destinations (API-REFERENCE §3)."""

from __future__ import annotations

from vapictl.manifest import fields as f
from vapictl.manifest.schema_common import (
    Schema,
    aliases,
    entry_keys,
    name_schema,
    passthrough,
    ref,
    typed,
)
from vapictl.model import PHONE_PROVIDERS

E164_MESSAGE = "expected an E.164 number like +14155551234"


def _number_format() -> Schema:
    """`number` is E.164 unless numberE164CheckEnabled is false (API-REFERENCE §3)."""
    return {
        "if": {
            "properties": {"numberE164CheckEnabled": {"const": False}},
            "required": ["numberE164CheckEnabled"],
        },
        "then": {
            "properties": {
                "number": {
                    "pattern": f.NON_E164_NUMBER_PATTERN,
                    "errorMessage": "expected letters and digits with an optional leading '+'",
                }
            }
        },
        "else": {
            "properties": {"number": {"pattern": f.E164_PATTERN, "errorMessage": E164_MESSAGE}}
        },
    }


def _provider_rules() -> list[Schema]:
    rules: list[Schema] = []
    for provider, required in f.PHONE_REQUIRED.items():
        condition: Schema = {
            "properties": {"provider": {"const": provider}},
            "required": ["provider"],
        }
        fields_text = " and ".join(required)
        if "credentialId" in required:
            # `credential: KEY` (a declared credential) stands for `credentialId`.
            rules.append(
                {
                    "if": {**condition, "not": {"required": ["credential"]}},
                    "then": {
                        "required": ["credentialId"],
                        "errorMessage": f"a {provider} number needs {fields_text} "
                        "(or credential: KEY)",
                    },
                }
            )
            required = tuple(name for name in required if name != "credentialId")
            if not required:
                continue
        if required:
            then: Schema = {
                "required": list(required),
                "errorMessage": f"a {provider} number needs {fields_text}",
            }
        else:  # vapi: a free number by area code, or a SIP URI
            then = {
                "anyOf": [{"required": ["numberDesiredAreaCode"]}, {"required": ["sipUri"]}],
                "errorMessage": "a vapi number needs numberDesiredAreaCode (3 digits) or sipUri",
            }
        rules.append({"if": condition, "then": then})
    return rules


def phone_number() -> Schema:
    specific: Schema = {
        "provider": {"type": "string", "enum": list(PHONE_PROVIDERS), "description": "Immutable."},
        "name": name_schema(f.NAME_MAX_LENGTH, nullable=True),
        "number": typed("string", "The phone number, E.164 (+14155551234).", nullable=False),
        "numberE164CheckEnabled": typed("boolean"),
        "credentialId": typed(
            "string", "Raw id of a credential vapictl does not manage.", nullable=False
        ),
        "credential": typed(
            "string", "Manifest key of the credential (under credentials).", nullable=False
        ),
        "assistant": typed("string", "Manifest key of the assistant answering calls."),
        "squad": typed("string", "Manifest key of the squad answering calls."),
        "assistantId": typed("string"),
        "squadId": typed("string"),
        "workflowId": typed("string"),
        "server": ref("server", "Receives assistant-request when no assistant or squad is set."),
        "fallbackDestination": ref("fallbackDestination"),
        "hooks": typed("array", items={"type": "object"}),
        "smsEnabled": typed("boolean"),
        "twilioAccountSid": typed("string", nullable=False),
        "twilioAuthToken": typed("string", "Write-only secret: must be a ${VARIABLE}."),
        "twilioApiKey": typed("string"),
        "twilioApiSecret": typed("string", "Write-only secret: must be a ${VARIABLE}."),
        "numberDesiredAreaCode": {
            "type": ["string", "integer"],
            "pattern": f.AREA_CODE_PATTERN,
            "minimum": 100,
            "maximum": 999,
            "description": "Area code of a free vapi number (US, create-only).",
            "errorMessage": 'expected an area code of exactly 3 digits, like "415"',
        },
        "sipUri": typed(
            "string",
            "SIP URI of a vapi SIP number, e.g. sip:acme@sip.vapi.ai.",
            pattern=f.SIP_URI_PATTERN,
            errorMessage="expected a SIP URI like sip:acme-support@sip.vapi.ai",
        ),
        "authentication": typed(
            "object",
            properties={
                "realm": {"type": "string"},
                "username": {"type": "string", "minLength": 20, "maxLength": 40},
                "password": {"type": "string", "description": "Secret: must be a ${VARIABLE}."},
            },
        ),
    }
    return {
        "type": "object",
        "required": ["provider"],
        "properties": {
            **passthrough(f.PHONE_FIELDS, specific),
            **aliases(),
            **entry_keys(),
        },
        "allOf": [*_provider_rules(), _number_format()],
    }


def fallback_destination() -> Schema:
    return {
        "type": ["object", "null"],
        "description": "Where calls go when assistant-request fails (not a URL).",
        "required": ["type"],
        "properties": {
            **passthrough(f.FALLBACK_FIELDS, {}),
            "type": {"type": "string", "enum": ["number", "sip"]},
            "number": {"type": "string"},
            "sipUri": {
                "type": "string",
                "pattern": f.SIP_URI_PATTERN,
                "errorMessage": "expected a SIP URI like sip:desk@example.com",
            },
        },
        "allOf": [
            {
                "if": {"properties": {"type": {"const": "number"}}, "required": ["type"]},
                "then": {"required": ["number"], **_number_format()},
            },
            {
                "if": {"properties": {"type": {"const": "sip"}}, "required": ["type"]},
                "then": {"required": ["sipUri"]},
            },
        ],
    }
