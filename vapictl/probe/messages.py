"""Realistic Vapi server messages, as Vapi would POST them to a server URL.

Every event is `POST {"message": {"type": ..., "call": ..., "phoneNumber": ...,
"assistant": ..., "customer": ..., ...}}` (API-REFERENCE §4; docs.vapi.ai
server-url/events). Probe messages are marked so that a receiver can tell them
from real calls: `call.id` starts with `vapictl-probe-` and the request carries
the `X-Vapictl-Probe` header.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Mapping
from typing import Any

PROBE_ID_PREFIX = "vapictl-probe-"
PROBE_HEADER = "X-Vapictl-Probe"
PROBE_CUSTOMER_NUMBER = "+15555550100"  # a fictional number (555-01xx is reserved)

# Informational events (replies are ignored, a 2xx is all Vapi needs) and the
# assistant's default subscription when `serverMessages` is omitted (API-REFERENCE §3).
INFORMATIONAL_EVENTS: tuple[str, ...] = (
    "assistant.started",
    "conversation-update",
    "end-of-call-report",
    "hang",
    "speech-update",
    "status-update",
    "transcript",
    "user-interrupted",
    "model-output",
    "transfer-update",
    "language-changed",
)
DEFAULT_SERVER_MESSAGES: tuple[str, ...] = (
    "conversation-update",
    "end-of-call-report",
    "function-call",
    "hang",
    "speech-update",
    "status-update",
    "tool-calls",
    "transfer-destination-request",
    "handoff-destination-request",
    "user-interrupted",
    "assistant.started",
)

_MAX_SCHEMA_DEPTH = 8


def new_probe_id() -> str:
    return f"{PROBE_ID_PREFIX}{uuid.uuid4()}"


def _call(call_id: str, phone: Mapping[str, Any] | None) -> dict[str, Any]:
    call: dict[str, Any] = {
        "id": call_id,
        "orgId": f"{PROBE_ID_PREFIX}org",
        "type": "inboundPhoneCall" if phone else "webCall",
        "status": "in-progress",
        "createdAt": time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime()),
    }
    if phone:
        call["phoneNumberId"] = phone.get("id", f"{PROBE_ID_PREFIX}phone-number")
        call["customer"] = {"number": PROBE_CUSTOMER_NUMBER}
    return call


def envelope(
    event: str,
    *,
    call_id: str,
    phone: Mapping[str, Any] | None = None,
    assistant: Mapping[str, Any] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The common envelope of every server message."""
    message: dict[str, Any] = {
        "type": event,
        "timestamp": int(time.time() * 1000),
        "call": _call(call_id, phone),
        "customer": {"number": PROBE_CUSTOMER_NUMBER},
    }
    if phone is not None:
        message["phoneNumber"] = dict(phone)
    if assistant is not None:
        message["assistant"] = dict(assistant)
    message.update(extra or {})
    return {"message": message}


def assistant_request(call_id: str, phone: Mapping[str, Any]) -> dict[str, Any]:
    body = envelope("assistant-request", call_id=call_id, phone=phone)
    body["message"]["call"]["status"] = "ringing"
    return body


def tool_calls(
    call_id: str,
    tool_call_id: str,
    function: Mapping[str, Any],
    server: Mapping[str, Any],
    assistant: Mapping[str, Any] | None,
    phone: Mapping[str, Any] | None,
) -> dict[str, Any]:
    """One function call with arguments generated from the tool's parameter schema."""
    name = str(function.get("name", "tool"))
    arguments = example_value(function.get("parameters") or {"type": "object"})
    tool_call = {
        "id": tool_call_id,
        "type": "function",
        "function": {"name": name, "arguments": arguments},
    }
    tool = {
        "type": "function",
        "function": dict(function),
        "server": {"url": server.get("url")},
        "messages": [],
        "toolCall": tool_call,
    }
    extra = {
        "toolCallList": [{"id": tool_call_id, "name": name, "arguments": arguments}],
        "toolWithToolCallList": [tool],
        "artifact": {"messages": []},
    }
    return envelope("tool-calls", call_id=call_id, phone=phone, assistant=assistant, extra=extra)


def informational(
    event: str,
    call_id: str,
    assistant: Mapping[str, Any] | None,
    phone: Mapping[str, Any] | None,
) -> dict[str, Any]:
    """An informational event with the fields receivers usually read."""
    extras: dict[str, dict[str, Any]] = {
        "status-update": {"status": "in-progress"},
        "end-of-call-report": {
            "endedReason": "customer-ended-call",
            "artifact": {"transcript": "AI: Hello.\nUser: Hi.", "messages": []},
            "summary": "A vapictl probe; no real call took place.",
        },
        "conversation-update": {"messages": [], "messagesOpenAIFormatted": []},
        "transcript": {"role": "user", "transcriptType": "final", "transcript": "Hello."},
        "speech-update": {"status": "started", "role": "assistant", "turn": 0},
        "model-output": {"output": "Hello."},
        "transfer-update": {"destination": {"type": "number", "number": PROBE_CUSTOMER_NUMBER}},
        "language-changed": {"language": "en"},
    }
    return envelope(
        event, call_id=call_id, phone=phone, assistant=assistant, extra=extras.get(event, {})
    )


def example_value(schema: Any, depth: int = 0) -> Any:
    """A plausible value for a JSON Schema (the tool's `parameters`): enums and
    examples first, then one value per type; objects fill every declared property."""
    if not isinstance(schema, Mapping) or depth > _MAX_SCHEMA_DEPTH:
        return "example"
    for key in ("const", "default"):
        if key in schema:
            return schema[key]
    enum = schema.get("enum")
    if isinstance(enum, list) and enum:
        return enum[0]
    examples = schema.get("examples")
    if isinstance(examples, list) and examples:
        return examples[0]
    for combinator in ("oneOf", "anyOf", "allOf"):
        options = schema.get(combinator)
        if isinstance(options, list) and options:
            return example_value(options[0], depth + 1)
    schema_type = schema.get("type")
    if isinstance(schema_type, list):
        schema_type = next((t for t in schema_type if t != "null"), "string")
    if schema_type == "object" or "properties" in schema:
        properties = schema.get("properties")
        if not isinstance(properties, Mapping):
            return {}
        return {str(k): example_value(v, depth + 1) for k, v in properties.items()}
    if schema_type == "array":
        return [example_value(schema.get("items", {}), depth + 1)]
    if schema_type == "integer":
        return int(schema.get("minimum", 1))
    if schema_type == "number":
        return schema.get("minimum", 1.5)
    if schema_type == "boolean":
        return True
    return _example_string(schema)


def _example_string(schema: Mapping[str, Any]) -> str:
    formats = {
        "date": "2026-01-15",
        "date-time": "2026-01-15T10:00:00Z",
        "time": "10:00:00",
        "email": "probe@example.com",
        "uri": "https://example.com",
        "uuid": "00000000-0000-4000-8000-000000000000",
    }
    value = formats.get(str(schema.get("format")), "example")
    min_length = schema.get("minLength")
    if isinstance(min_length, int) and len(value) < min_length:
        value = value.ljust(min_length, "x")
    return value
