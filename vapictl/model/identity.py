"""How a resource is found and shown: identities (DESIGN.md §2), live names, twin keys."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

# Credentials vapictl creates for `server.secret` have names starting with this.
MANAGED_CREDENTIAL_PREFIX = "vapictl-"
# A provider credential's live name ends in the fingerprint of its secrets (DESIGN.md §5).
_FINGERPRINT_SUFFIX = re.compile(r"-[0-9a-f]{8}$")


def by_name(body: Mapping[str, Any]) -> str | None:
    name = body.get("name")
    return name if isinstance(name, str) else None


def recorded(body: Mapping[str, Any]) -> Mapping[str, Any]:
    """What vapictl recorded in an upload's `metadata` (name, content hash), else {}."""
    metadata = body.get("metadata")
    mine = metadata.get("vapictl") if isinstance(metadata, Mapping) else None
    return mine if isinstance(mine, Mapping) else {}


def upload_record(body: Mapping[str, Any]) -> dict[str, Any]:
    """What vapictl records in the metadata of an upload it makes from the desired
    `body` (the name it is about to PATCH, the content's SHA-256): how a later plan
    compares content and how a retried upload finds one that did happen."""
    file = body.get("file")
    sha = file.get("sha256") if isinstance(file, Mapping) else None
    return {"name": body.get("name"), "sha256": sha}


def file_identity(body: Mapping[str, Any]) -> str | None:
    """A file's name; an upload whose naming PATCH never came is found by the name
    recorded at upload, and one made elsewhere with no name by its `originalName`."""
    upload = body.get("file")  # a desired upload: the filename it will have
    filename = upload.get("filename") if isinstance(upload, Mapping) else None
    names = (body.get("name"), recorded(body).get("name"), body.get("originalName"), filename)
    for value in names:
        if isinstance(value, str) and value:
            return value
    return None


def org_identity(body: Mapping[str, Any]) -> str | None:
    return "org"


def tool_identity(body: Mapping[str, Any]) -> str | None:
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


def credential_identity(body: Mapping[str, Any]) -> str | None:
    """A provider credential is found by its name without the fingerprint suffix (so a
    rotated secret still finds its twin); a managed credential by its whole name."""
    name = body.get("name")
    if not isinstance(name, str):
        return None
    if name.startswith(MANAGED_CREDENTIAL_PREFIX):
        return name
    return base_name(name)


def base_name(name: str) -> str:
    """`openai-prod-1a2b3c4d` -> `openai-prod`: a credential's name as the manifest writes it."""
    return _FINGERPRINT_SUFFIX.sub("", name)


def phone_identity(body: Mapping[str, Any]) -> str | None:
    if body.get("provider") == "vapi":
        for field_name in ("sipUri", "name"):
            value = body.get(field_name)
            if isinstance(value, str) and value:
                return f"{field_name}:{value}"
        return None
    number = body.get("number")
    return f"number:{number}" if isinstance(number, str) else None


def is_weak_identity(ident: str | None, typed: bool) -> bool:
    """No name to go by: no identity at all, or (for kinds whose identity starts with a
    type, like tools) only the type. Such resources are found by content instead."""
    return ident is None or (typed and ":" not in ident)


def shown_name(item: Mapping[str, Any], fallbacks: tuple[str, ...]) -> str:
    """A live resource as shown: `function.name`, `name`, then `fallbacks`, else the id."""
    function = item.get("function")
    if isinstance(function, Mapping) and isinstance(function.get("name"), str):
        return str(function["name"])
    for field_name in ("name", *fallbacks):
        value = item.get(field_name)
        if isinstance(value, str) and value:
            return value
    return str(item.get("id", "?"))


def content_key(ident: str | None, body: Mapping[str, Any], ignored: frozenset[str]) -> str:
    """The identity plus the whole configuration (ignored fields aside)."""
    content = {k: v for k, v in body.items() if k not in ignored}
    return f"{ident}#{json.dumps(content, sort_keys=True, default=str)}"
