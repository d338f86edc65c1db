"""Tools: a union keyed by `type` (API-REFERENCE §3, [OAS] Create*ToolDTO)."""

from __future__ import annotations

import re
from typing import Any

from vapictl.emulator.validation import core
from vapictl.emulator.validation.core import Messages, Variant
from vapictl.emulator.validation.shared import server_check

_FUNCTION_NAME = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")
_TOOL_NAME = re.compile(r"^[a-zA-Z0-9_-]{1,40}$")
_FUNCTION_KEYS = frozenset({"name", "description", "strict", "parameters"})
_COMMON = frozenset({"type", "messages", "rejectionPlan"})


def _function(body: dict[str, Any], prefix: str, out: Messages) -> None:
    core.unknown_keys(body, _FUNCTION_KEYS, prefix, out)
    core.required(body, ("name",), prefix, out)
    name = body.get("name")
    if name is not None and (not isinstance(name, str) or not _FUNCTION_NAME.match(name)):
        out.append(f"{prefix}name must match /^[a-zA-Z0-9_-]{{1,64}}$/ regular expression")
    core.boolean(body, "strict", prefix, out)
    if body.get("parameters") is not None and not core.is_object(body["parameters"]):
        out.append(f"{prefix}nested property parameters must be either object or array")


def _function_check(body: dict[str, Any], prefix: str, out: Messages) -> None:
    core.nested(body, "function", _function, prefix, out)


def _name_check(body: dict[str, Any], prefix: str, out: Messages) -> None:
    name = body.get("name")
    core.string(body, "name", prefix, out, max_length=40)
    if isinstance(name, str) and len(name) <= 40 and not _TOOL_NAME.match(name):
        out.append(f"{prefix}name must match /^[a-zA-Z0-9_-]{{1,40}}$/ regular expression")


def _variant(extra: str, required: tuple[str, ...] = (), *checks: core.NestedCheck) -> Variant:
    return Variant(_COMMON | frozenset(extra.split()), ("type", *required), checks)


_NO_EXTRA = _variant("")
VARIANTS: dict[str, Variant] = {
    "function": _variant(
        "async server variableExtractionPlan parameters function", (), server_check, _function_check
    ),
    "apiRequest": _variant(
        "name method timeoutSeconds credentialId encryptedPaths parameters description url body "
        "headers backoffPlan variableExtractionPlan",
        ("method", "url"),
        _name_check,
    ),
    "bash": _variant("subType server name", ("subType", "name"), server_check),
    "code": _variant(
        "async server code environmentVariables timeoutSeconds credentialId "
        "variableExtractionPlan function",
        ("code",),
        server_check,
    ),
    "computer": _variant(
        "subType server name displayWidthPx displayHeightPx displayNumber",
        ("subType", "name", "displayWidthPx", "displayHeightPx"),
        server_check,
    ),
    "dtmf": _variant("sipInfoDtmfEnabled"),
    "endCall": _NO_EXTRA,
    "handoff": _variant("defaultResult destinations function"),
    "mcp": _variant("server toolMessages metadata", (), server_check),
    "query": _variant("knowledgeBases"),
    "sipRequest": _variant("verb headers body", ("verb",)),
    "sms": _NO_EXTRA,
    "textEditor": _variant("subType server name", ("subType", "name"), server_check),
    "transferCall": _variant("destinations"),
    "voicemail": _variant("beepDetectionEnabled"),
    **{
        name: _NO_EXTRA
        for name in (
            "gohighlevel.calendar.availability.check",
            "gohighlevel.calendar.event.create",
            "gohighlevel.contact.create",
            "gohighlevel.contact.get",
            "google.calendar.availability.check",
            "google.calendar.event.create",
            "google.sheets.row.append",
            "slack.message.send",
        )
    },
}


# The search tool of a knowledge base v2: provisioned by the server, never POSTed; PATCH
# takes UpdateKnowledgeBaseToolDTO (CONFIG-KINDS §3.9).
UPDATE_ONLY: dict[str, Variant] = {
    "knowledgeBase": _variant("knowledgeBaseId function", (), _function_check),
}


def validate_create(body: dict[str, Any], prefix: str, out: Messages) -> None:
    variant = VARIANTS.get(body.get("type"))  # type: ignore[arg-type]
    if variant is None:
        out.append(f"{prefix}type must be one of the following values: {', '.join(VARIANTS)}")
        return
    core.check_variant(body, variant, prefix, out, creating=True)


def validate_update(body: dict[str, Any], stored: dict[str, Any], out: Messages) -> None:
    """`type` is immutable. Update*ToolDTO declares it with the stored type as its only
    value [OAS], and the official SDK always sends it, so the same type is accepted;
    another type is rejected (gitops treats `type` as immutable, API-REFERENCE §3)."""
    variant = VARIANTS.get(stored["type"]) or UPDATE_ONLY[stored["type"]]
    sent_type = body.get("type", stored["type"])
    if sent_type != stored["type"]:
        out.append(
            f"type cannot be changed from {stored['type']} to {sent_type}; "
            "delete the tool and create a new one"
        )
        return
    core.check_variant(body, variant, "", out, creating=False)
