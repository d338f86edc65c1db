"""The JSON Schema (draft 2020-12) of the manifest format, built in code.

This function is the single source of truth: `schemas/vapictl.schema.json` is
its output (`vapictl schema > schemas/vapictl.schema.json`; a test compares
them), editors load that file through yaml-language-server, and `vapictl
validate` checks the merged manifest against it before the semantic rules.

Resource entries allow extra properties: fields vapictl does not know pass
through to the API (DESIGN.md §3). Only the top level and `settings` are
closed. `errorMessage` (a yaml-language-server extension, ignored by
validators) states what is expected; `vapictl validate` uses it too.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from vapictl.manifest import fields as f
from vapictl.model import PHONE_PROVIDERS, TOP_LEVEL_SECTIONS

SCHEMA_ID = "https://github.com/vapictl/vapictl/schemas/vapictl.schema.json"
JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
E164_MESSAGE = "expected an E.164 number like +14155551234"

Schema = dict[str, Any]


def _typed(
    types: str | list[str], description: str = "", nullable: bool = True, **extra: Any
) -> Schema:
    """A typed property; optional fields also accept null, which clears them (API-REFERENCE §5)."""
    names = [types] if isinstance(types, str) else list(types)
    if nullable:
        names.append("null")
    schema: Schema = {"type": names[0] if len(names) == 1 else names}
    if description:
        schema["description"] = description
    schema.update(extra)
    return schema


def _ref(name: str, description: str = "") -> Schema:
    schema: Schema = {"$ref": f"#/$defs/{name}"}
    if description:
        schema["description"] = description
    return schema


def _passthrough(names: tuple[str, ...], typed: Schema) -> Schema:
    """Known fields without a specific schema accept anything (completion only)."""
    return {name: typed.get(name, {}) for name in names}


def _server() -> Schema:
    typed: Schema = {
        "url": _typed(
            "string",
            "Absolute http(s) URL receiving this level's webhooks "
            "(tool > assistant > phone number > org).",
        ),
        "secret": _typed(
            "string",
            "Shared secret sent as X-Vapi-Secret; must be a ${VARIABLE}. "
            "vapictl stores it as a managed credential.",
        ),
        "headers": _typed("object", additionalProperties={"type": "string"}),
        "timeoutSeconds": _typed(
            "number", "Seconds to wait for the server (1-300, default 20).", minimum=1, maximum=300
        ),
        "credentialId": _typed("string"),
        "staticIpAddressesEnabled": _typed("boolean"),
        "encryptedPaths": _typed("array", items={"type": "string"}),
        "backoffPlan": _typed("object"),
    }
    return {"type": "object", "properties": _passthrough(f.SERVER_FIELDS, typed)}


def _aliases() -> Schema:
    return {
        "serverUrl": _typed("string", "Alias of server.url (seed-era spelling)."),
        "serverUrlSecret": _typed("string", "Alias of server.secret (seed-era spelling)."),
    }


def _entry_keys() -> Schema:
    return {
        "id": {
            "type": "string",
            "pattern": f.UUID_PATTERN,
            "description": "Pin this entry to one live resource by id (a rename is an update).",
            "errorMessage": "expected a resource id (uuid)",
        },
        "protect": {
            "type": "boolean",
            "description": "Never delete this resource (prune, replace).",
        },
    }


def _name(max_length: int | None, nullable: bool = False) -> Schema:
    """Identity names cannot be null; a phone number's (identified by its number) can."""
    schema = _typed("string", "Name in Vapi; defaults to the manifest key.", nullable=nullable)
    if max_length:
        schema["maxLength"] = max_length
        schema["errorMessage"] = f"expected a name of at most {max_length} characters"
    return schema


def _org() -> Schema:
    typed: Schema = {
        "name": _name(f.NAME_MAX_LENGTH),
        "server": _ref("server", "The org's default server (lowest precedence)."),
        "channel": _typed("string", enum=["daily", "default", "weekly", "intuit", "hcs", None]),
        "billingLimit": _typed("number", minimum=0, maximum=1000),
        "concurrencyLimit": _typed("number", minimum=1, maximum=10),
        "hipaaEnabled": _typed("boolean"),
        "compliancePlan": _typed("object"),
        "subscriptionId": _typed("string"),
    }
    return {"type": "object", "properties": {**_passthrough(f.ORG_FIELDS, typed), **_aliases()}}


def _tool() -> Schema:
    typed: Schema = {
        "type": {
            "type": "string",
            "enum": list(f.TOOL_TYPES),
            "description": "Tool type (immutable: changing it replaces the tool).",
        },
        "name": _typed("string", "Name of tool types that have one (not function tools)."),
        "function": _ref("function"),
        "server": _ref("server", "Receives this tool's tool-calls (highest precedence)."),
        "async": _typed("boolean"),
        "messages": _typed("array", items={"type": "object"}),
        "description": _typed("string"),
        "url": _typed("string"),
        "method": _typed("string"),
        "headers": _typed("object"),
        "timeoutSeconds": _typed("number", minimum=1, maximum=300),
        "destinations": _typed("array", items={"type": "object"}),
    }
    return {
        "type": "object",
        "required": ["type"],
        "properties": {**_passthrough(f.TOOL_FIELDS, typed), **_entry_keys()},
    }


def _function() -> Schema:
    return {
        "type": "object",
        "properties": {
            "name": {
                "type": "string",
                "pattern": f.FUNCTION_NAME_PATTERN,
                "description": "The name the model calls; defaults to the manifest key.",
                "errorMessage": "expected a function name of 1-64 letters, digits, '_' or '-'",
            },
            "description": _typed("string"),
            "parameters": _typed("object"),
            "strict": _typed("boolean"),
        },
    }


def _model() -> Schema:
    typed: Schema = {
        "provider": {"type": "string", "description": "LLM provider, e.g. openai, anthropic."},
        "model": {"type": "string", "description": "Model name, e.g. gpt-4o."},
        "tools": _typed(
            "array",
            "Tools by manifest key (strings) or inline tool objects.",
            items={"type": ["string", "object"]},
        ),
        "toolIds": _typed(
            "array", "Raw ids of tools vapictl does not manage.", items={"type": "string"}
        ),
        "messages": _typed("array", items={"type": "object"}),
        "temperature": _typed("number", minimum=0, maximum=2),
        "maxTokens": _typed("integer", minimum=0),
    }
    return {"type": "object", "properties": _passthrough(f.MODEL_FIELDS, typed)}


def _assistant() -> Schema:
    typed: Schema = {
        "name": _name(f.NAME_MAX_LENGTH),
        "firstMessage": _typed("string"),
        "firstMessageMode": _typed(
            "string",
            enum=[
                "assistant-speaks-first",
                "assistant-speaks-first-with-model-generated-message",
                "assistant-waits-for-user",
                None,
            ],
        ),
        "model": _ref("model"),
        "voice": _typed("object"),
        "transcriber": _typed("object"),
        "server": _ref("server", "Receives this assistant's events (after tool servers)."),
        "serverMessages": _typed("array", items={"type": "string"}),
        "clientMessages": _typed("array", items={"type": "string"}),
        "metadata": _typed("object"),
        "maxDurationSeconds": _typed("number", minimum=10, maximum=43200),
        "endCallPhrases": _typed("array", items={"type": "string"}),
        "voicemailMessage": _typed("string", maxLength=1000),
        "endCallMessage": _typed("string", maxLength=1000),
    }
    return {
        "type": "object",
        "properties": {
            **_passthrough(f.ASSISTANT_FIELDS, typed),
            **_aliases(),
            **_entry_keys(),
        },
    }


def _squad() -> Schema:
    member: Schema = {
        "type": "object",
        "properties": {
            **_passthrough(f.SQUAD_MEMBER_FIELDS, {}),
            "assistant": {
                "type": ["string", "object"],
                "description": "An assistant's manifest key, or an inline assistant.",
            },
            "assistantId": _typed("string", "Raw id of an assistant vapictl does not manage."),
            "assistantDestinations": _typed("array", items={"type": "object"}),
            "assistantOverrides": _typed("object"),
        },
    }
    return {
        "type": "object",
        "required": ["members"],
        "properties": {
            **_passthrough(f.SQUAD_FIELDS, {}),
            "name": _name(None),
            "members": {"type": "array", "minItems": 1, "items": member},
            "membersOverrides": _typed("object"),
            **_entry_keys(),
        },
    }


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
        if required:
            fields_text = " and ".join(required)
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


def _phone_number() -> Schema:
    typed: Schema = {
        "provider": {"type": "string", "enum": list(PHONE_PROVIDERS), "description": "Immutable."},
        "name": _name(f.NAME_MAX_LENGTH, nullable=True),
        "number": _typed("string", "The phone number, E.164 (+14155551234).", nullable=False),
        "numberE164CheckEnabled": _typed("boolean"),
        "credentialId": _typed("string", "Usually a ${VARIABLE}.", nullable=False),
        "assistant": _typed("string", "Manifest key of the assistant answering calls."),
        "squad": _typed("string", "Manifest key of the squad answering calls."),
        "assistantId": _typed("string"),
        "squadId": _typed("string"),
        "workflowId": _typed("string"),
        "server": _ref("server", "Receives assistant-request when no assistant or squad is set."),
        "fallbackDestination": _ref("fallbackDestination"),
        "hooks": _typed("array", items={"type": "object"}),
        "smsEnabled": _typed("boolean"),
        "twilioAccountSid": _typed("string", nullable=False),
        "twilioAuthToken": _typed("string", "Write-only secret: must be a ${VARIABLE}."),
        "twilioApiKey": _typed("string"),
        "twilioApiSecret": _typed("string", "Write-only secret: must be a ${VARIABLE}."),
        "numberDesiredAreaCode": {
            "type": ["string", "integer"],
            "pattern": f.AREA_CODE_PATTERN,
            "minimum": 100,
            "maximum": 999,
            "description": "Area code of a free vapi number (US, create-only).",
            "errorMessage": 'expected an area code of exactly 3 digits, like "415"',
        },
        "sipUri": _typed(
            "string",
            "SIP URI of a vapi SIP number, e.g. sip:acme@sip.vapi.ai.",
            pattern=f.SIP_URI_PATTERN,
            errorMessage="expected a SIP URI like sip:acme-support@sip.vapi.ai",
        ),
        "authentication": _typed(
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
            **_passthrough(f.PHONE_FIELDS, typed),
            **_aliases(),
            **_entry_keys(),
        },
        "allOf": [*_provider_rules(), _number_format()],
    }


def _fallback_destination() -> Schema:
    return {
        "type": ["object", "null"],
        "description": "Where calls go when assistant-request fails (not a URL).",
        "required": ["type"],
        "properties": {
            **_passthrough(f.FALLBACK_FIELDS, {}),
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


def _settings() -> Schema:
    return {
        "type": ["object", "null"],
        "description": "vapictl's own settings.",
        "additionalProperties": False,
        "properties": {
            "prune": {"type": "boolean", "description": "Delete live resources absent here."},
            "ignore": {
                "type": "array",
                "items": {"type": "string"},
                "description": 'Globs of "kind/name" never touched, e.g. "assistant/legacy-*".',
            },
            "maxDeletes": {
                "type": "integer",
                "minimum": 0,
                "description": "Refuse plans deleting more than this (default 10).",
            },
        },
    }


def _section(definition: str) -> Schema:
    return {
        "type": ["object", "null"],
        "description": "A mapping from manifest key to entry; the key is the name unless set.",
        "propertyNames": {"minLength": 1},
        "additionalProperties": _ref(definition),
    }


@functools.cache
def _build() -> str:
    sections: Schema = {
        "org": _ref("org"),
        "tools": _section("tool"),
        "assistants": _section("assistant"),
        "squads": _section("squad"),
        "phoneNumbers": _section("phoneNumber"),
        "settings": _settings(),
    }
    assert tuple(sections) == TOP_LEVEL_SECTIONS
    schema: Schema = {
        "$schema": JSON_SCHEMA_DIALECT,
        "$id": SCHEMA_ID,
        "title": "vapictl manifest",
        "description": "Vapi configuration as code: org, tools, assistants, squads, phone numbers.",
        "type": ["object", "null"],
        "properties": sections,
        # `x-*` keys hold YAML anchors to reuse (docker-compose convention).
        "patternProperties": {"^x-": {}},
        "additionalProperties": False,
        "$defs": {
            "server": _server(),
            "org": {**_org(), "type": ["object", "null"]},
            "tool": _tool(),
            "function": _function(),
            "model": _model(),
            "assistant": _assistant(),
            "squad": _squad(),
            "phoneNumber": _phone_number(),
            "fallbackDestination": _fallback_destination(),
        },
    }
    return json.dumps(schema, sort_keys=True)


def manifest_schema() -> dict[str, Any]:
    """The manifest's JSON Schema (a fresh copy: callers may mutate it)."""
    result: dict[str, Any] = json.loads(_build())
    return result


def schema_text() -> str:
    """The exact text of schemas/vapictl.schema.json."""
    return json.dumps(manifest_schema(), indent=2, sort_keys=True) + "\n"
