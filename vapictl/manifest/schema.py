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
from vapictl.manifest.schema_common import (
    Schema,
    aliases,
    entry_keys,
    name_schema,
    passthrough,
    ref,
    typed,
)
from vapictl.manifest.schema_kinds import registry_definitions
from vapictl.manifest.schema_phone import fallback_destination, phone_number
from vapictl.model import RESOURCE_SECTIONS, TOP_LEVEL_SECTIONS

SCHEMA_ID = "https://github.com/vapictl/vapictl/schemas/vapictl.schema.json"
JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _server() -> Schema:
    specific: Schema = {
        "url": typed(
            "string",
            "Absolute http(s) URL receiving this level's webhooks "
            "(tool > assistant > phone number > org).",
        ),
        "secret": typed(
            "string",
            "Shared secret sent as X-Vapi-Secret; must be a ${VARIABLE}. "
            "vapictl stores it as a managed credential.",
        ),
        "headers": typed("object", additionalProperties={"type": "string"}),
        "timeoutSeconds": typed(
            "number", "Seconds to wait for the server (1-300, default 20).", minimum=1, maximum=300
        ),
        "credentialId": typed("string", "Raw id of a credential vapictl does not manage."),
        "credential": typed("string", "Manifest key of a credential (under credentials)."),
        "staticIpAddressesEnabled": typed("boolean"),
        "encryptedPaths": typed("array", items={"type": "string"}),
        "backoffPlan": typed("object"),
    }
    return {"type": "object", "properties": passthrough(f.SERVER_FIELDS, specific)}


def _org() -> Schema:
    specific: Schema = {
        "name": name_schema(f.NAME_MAX_LENGTH),
        "server": ref("server", "The org's default server (lowest precedence)."),
        "channel": typed("string", enum=["daily", "default", "weekly", "intuit", "hcs", None]),
        "billingLimit": typed("number", minimum=0, maximum=1000),
        "concurrencyLimit": typed("number", minimum=1, maximum=10),
        "hipaaEnabled": typed("boolean"),
        "compliancePlan": typed("object"),
        "subscriptionId": typed("string"),
    }
    return {"type": "object", "properties": {**passthrough(f.ORG_FIELDS, specific), **aliases()}}


def _tool() -> Schema:
    specific: Schema = {
        "type": {
            "type": "string",
            "enum": list(f.TOOL_TYPES),
            "description": "Tool type (immutable: changing it replaces the tool).",
        },
        "name": typed("string", "Name of tool types that have one (not function tools)."),
        "function": ref("function"),
        "server": ref("server", "Receives this tool's tool-calls (highest precedence)."),
        "async": typed("boolean"),
        "messages": typed("array", items={"type": "object"}),
        "description": typed("string"),
        "url": typed("string"),
        "method": typed("string"),
        "headers": typed("object"),
        "timeoutSeconds": typed("number", minimum=1, maximum=300),
        "destinations": typed("array", items={"type": "object"}),
    }
    return {
        "type": "object",
        "required": ["type"],
        "properties": {**passthrough(f.TOOL_FIELDS, specific), **entry_keys()},
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
            "description": typed("string"),
            "parameters": typed("object"),
            "strict": typed("boolean"),
        },
    }


def _model() -> Schema:
    specific: Schema = {
        "provider": {"type": "string", "description": "LLM provider, e.g. openai, anthropic."},
        "model": {"type": "string", "description": "Model name, e.g. gpt-4o."},
        "tools": typed(
            "array",
            "Tools by manifest key (strings), a knowledge base's search tool "
            "({knowledgeBase: KEY}), or inline tool objects.",
            items={"type": ["string", "object"]},
        ),
        "toolIds": typed(
            "array", "Raw ids of tools vapictl does not manage.", items={"type": "string"}
        ),
        "messages": typed("array", items={"type": "object"}),
        "temperature": typed("number", minimum=0, maximum=2),
        "maxTokens": typed("integer", minimum=0),
    }
    return {"type": "object", "properties": passthrough(f.MODEL_FIELDS, specific)}


def _assistant() -> Schema:
    specific: Schema = {
        # null: adopt an unnamed live assistant; it then needs an `id:` pin to be found.
        "name": name_schema(f.NAME_MAX_LENGTH, nullable=True),
        "firstMessage": typed("string"),
        "firstMessageMode": typed(
            "string",
            enum=[
                "assistant-speaks-first",
                "assistant-speaks-first-with-model-generated-message",
                "assistant-waits-for-user",
                None,
            ],
        ),
        "model": ref("model"),
        "voice": typed("object"),
        "transcriber": typed("object"),
        "server": ref("server", "Receives this assistant's events (after tool servers)."),
        "serverMessages": typed("array", items={"type": "string"}),
        "clientMessages": typed("array", items={"type": "string"}),
        "metadata": typed("object"),
        "maxDurationSeconds": typed("number", minimum=10, maximum=43200),
        "endCallPhrases": typed("array", items={"type": "string"}),
        "voicemailMessage": typed("string", maxLength=1000),
        "endCallMessage": typed("string", maxLength=1000),
    }
    return {
        "type": "object",
        "properties": {
            **passthrough(f.ASSISTANT_FIELDS, specific),
            **aliases(),
            **entry_keys(),
        },
    }


def _squad() -> Schema:
    member: Schema = {
        "type": "object",
        "properties": {
            **passthrough(f.SQUAD_MEMBER_FIELDS, {}),
            "assistant": {
                "type": ["string", "object"],
                "description": "An assistant's manifest key, or an inline assistant.",
            },
            "assistantId": typed("string", "Raw id of an assistant vapictl does not manage."),
            "assistantDestinations": typed("array", items={"type": "object"}),
            "assistantOverrides": typed("object"),
        },
    }
    return {
        "type": "object",
        "required": ["members"],
        "properties": {
            **passthrough(f.SQUAD_FIELDS, {}),
            "name": name_schema(None, nullable=True),  # null: unnamed, found by `id:` pin
            "members": {"type": "array", "minItems": 1, "items": member},
            "membersOverrides": typed("object"),
            **entry_keys(),
        },
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
            "publicVariables": {
                "type": "array",
                "items": {"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$"},
                "description": "Variables whose names look secret (KEY, TOKEN, ...) but whose "
                "values are not, so they may fill ordinary fields.",
            },
            "allowEmpty": {
                "type": "boolean",
                "description": "The manifests deliberately declare no resources: with prune, "
                "delete every live one (refused otherwise).",
            },
            "allowUnknownFields": {
                "type": "array",
                "items": {"type": "string"},
                "description": 'Globs of "kind/field.path" that Vapi\'s bundled schema does not '
                'know but that are sent anyway, e.g. "assistant/newField", "assistant/model.*".',
            },
        },
    }


def _section(definition: str) -> Schema:
    return {
        "type": ["object", "null"],
        "description": "A mapping from manifest key to entry; the key is the name unless set.",
        "propertyNames": {"minLength": 1},
        "additionalProperties": ref(definition),
    }


@functools.cache
def _build() -> str:
    sections: Schema = {"org": ref("org")}
    for section, kind in RESOURCE_SECTIONS.items():
        sections[section] = _section(kind.value)
    sections["settings"] = _settings()
    assert tuple(sections) == TOP_LEVEL_SECTIONS
    schema: Schema = {
        "$schema": JSON_SCHEMA_DIALECT,
        "$id": SCHEMA_ID,
        "title": "vapictl manifest",
        "description": "Vapi configuration as code: every kind of org configuration.",
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
            "phoneNumber": phone_number(),
            "fallbackDestination": fallback_destination(),
            **registry_definitions(),
        },
    }
    return json.dumps(schema, sort_keys=True)


def schema_source() -> str:
    """The schema as compact, key-sorted JSON: what a compiled validator is keyed by."""
    return _build()


def manifest_schema() -> dict[str, Any]:
    """The manifest's JSON Schema (a fresh copy: callers may mutate it)."""
    result: dict[str, Any] = json.loads(_build())
    return result


def schema_text() -> str:
    """The exact text of schemas/vapictl.schema.json."""
    return json.dumps(manifest_schema(), indent=2, sort_keys=True) + "\n"
