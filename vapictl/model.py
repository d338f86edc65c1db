"""The resource kinds vapictl manages: sections, API paths, identities, order.

Facts from shared/vapi/API-REFERENCE.md (§2 endpoints, §3 fields, §5 PATCH)
and shared/DESIGN.md §2 (identities).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    ORG = "org"
    CREDENTIAL = "credential"
    TOOL = "tool"
    ASSISTANT = "assistant"
    SQUAD = "squad"
    PHONE_NUMBER = "phoneNumber"


@dataclass(frozen=True)
class KindSpec:
    kind: Kind
    section: str  # manifest section ("" for kinds the manifest does not declare directly)
    api_path: str  # collection path; items at f"{api_path}/{id}"
    level: int  # dependency level: creates/updates ascend, deletes descend
    immutable_fields: tuple[str, ...]  # a change to one of these is a replace (API-REFERENCE §5)
    name_max_length: int | None


# Fields the server assigns or computes; never compared, never sent (API-REFERENCE §3).
SERVER_ASSIGNED_FIELDS: frozenset[str] = frozenset(
    {
        "id",
        "orgId",
        "createdAt",
        "updatedAt",
        "status",
        "latestVersion",
        "isServerUrlSecretSet",
        "isDeleted",
        "analyticsMetadata",
        "workflowIds",
        "modelDeprecations",
    }
)

SPECS: dict[Kind, KindSpec] = {
    Kind.CREDENTIAL: KindSpec(Kind.CREDENTIAL, "", "/credential", 0, ("provider",), 40),
    Kind.TOOL: KindSpec(Kind.TOOL, "tools", "/tool", 1, ("type",), None),
    Kind.ASSISTANT: KindSpec(Kind.ASSISTANT, "assistants", "/assistant", 2, (), 40),
    Kind.SQUAD: KindSpec(Kind.SQUAD, "squads", "/squad", 3, (), None),
    Kind.PHONE_NUMBER: KindSpec(
        Kind.PHONE_NUMBER,
        "phoneNumbers",
        "/phone-number",
        4,
        ("provider", "numberDesiredAreaCode"),
        40,
    ),
    Kind.ORG: KindSpec(Kind.ORG, "org", "/org", 5, (), 40),
}

# Manifest sections holding resources, in dependency order.
RESOURCE_SECTIONS: dict[str, Kind] = {
    "tools": Kind.TOOL,
    "assistants": Kind.ASSISTANT,
    "squads": Kind.SQUAD,
    "phoneNumbers": Kind.PHONE_NUMBER,
}
TOP_LEVEL_SECTIONS: tuple[str, ...] = (
    "org",
    "tools",
    "assistants",
    "squads",
    "phoneNumbers",
    "settings",
)

# Keys that belong to vapictl, not to the API; stripped before anything is sent.
VAPICTL_KEYS: frozenset[str] = frozenset({"id", "protect"})

PHONE_PROVIDERS: tuple[str, ...] = ("byo-phone-number", "twilio", "vonage", "vapi", "telnyx")

# Write-only fields: the API accepts them but never returns them, so they are
# masked in output and cannot be diffed against live state (API-REFERENCE §3).
WRITE_ONLY_FIELDS: dict[Kind, tuple[str, ...]] = {
    Kind.PHONE_NUMBER: ("twilioAuthToken", "twilioApiSecret", "twilioApiKey", "authentication"),
}

# The header Vapi sends a server secret in (API-REFERENCE §4, secret migration).
SECRET_HEADER = "X-Vapi-Secret"
# Credentials that vapictl creates for `server.secret` have names starting with this.
MANAGED_CREDENTIAL_PREFIX = "vapictl-"


def identity(kind: Kind, body: Mapping[str, Any]) -> str | None:
    """The value that finds a resource's live twin (DESIGN.md §2); None if it has none."""
    if kind is Kind.ORG:
        return "org"
    if kind is Kind.TOOL:
        tool_type = body.get("type")
        function = body.get("function")
        if isinstance(function, Mapping) and isinstance(function.get("name"), str):
            prefix = "function" if tool_type == "function" else f"{tool_type}:function"
            return f"{prefix}:{function['name']}"
        name = body.get("name")
        if isinstance(name, str):
            return f"{tool_type}:{name}"
        # Most tool types (endCall, transferCall, dtmf, ...) have no name at all: the
        # type is the identity, so one such tool per type unless entries pin `id:`.
        return str(tool_type) if isinstance(tool_type, str) else None
    if kind is Kind.PHONE_NUMBER:
        if body.get("provider") == "vapi":
            for field_name in ("sipUri", "name"):
                value = body.get(field_name)
                if isinstance(value, str) and value:
                    return f"{field_name}:{value}"
            return None
        number = body.get("number")
        return f"number:{number}" if isinstance(number, str) else None
    name = body.get("name")
    return name if isinstance(name, str) else None


def is_weak(kind: Kind, ident: str | None) -> bool:
    """No name to go by: no identity at all, or only a nameless tool's type. Such
    resources are found by their content instead (engine/match.py)."""
    return ident is None or (kind is Kind.TOOL and ":" not in ident)


def live_name(kind: Kind, item: Mapping[str, Any]) -> str:
    """How a live resource is shown: its name (DESIGN.md §2 identities), else its id."""
    if kind is Kind.TOOL:
        function = item.get("function")
        if isinstance(function, Mapping) and isinstance(function.get("name"), str):
            return str(function["name"])
    name = item.get("name")
    if isinstance(name, str) and name:
        return name
    if kind is Kind.PHONE_NUMBER:
        for field_name in ("number", "sipUri"):
            value = item.get(field_name)
            if isinstance(value, str) and value:
                return value
    return str(item.get("id", "?"))


def twin_key(kind: Kind, body: Mapping[str, Any]) -> str:
    """What tells a resource from its siblings: its identity, or, with no name to go by,
    its identity plus its whole configuration (server-assigned fields aside)."""
    ident = identity(kind, body)
    if not is_weak(kind, ident):
        return str(ident)
    content = {k: v for k, v in body.items() if k not in SERVER_ASSIGNED_FIELDS}
    return f"{ident}#{json.dumps(content, sort_keys=True, default=str)}"
