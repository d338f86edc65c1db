"""The resource kinds vapictl manages, as data (the registry), and how resources
are identified. `registry.py` is the one place a kind is described; see its
docstring. Everything is re-exported here: `from vapictl.model import Kind, SPECS`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from vapictl.model.identity import (
    MANAGED_CREDENTIAL_PREFIX,
    content_key,
    is_weak_identity,
    recorded,
    shown_name,
    upload_record,
)
from vapictl.model.kinds import Attachments, Kind, KindSpec, ListShape, Paging, Reference
from vapictl.model.registry import (
    COMMON_SERVER_FIELDS,
    DECLARED_KINDS,
    LISTED_KINDS,
    ORDERED_KINDS,
    PROVISIONED_TOOLS,
    RESOURCE_SECTIONS,
    SERVER_ASSIGNED_FIELDS,
    SPECS,
    TOP_LEVEL_SECTIONS,
    WRITE_ONLY_FIELDS,
    kind_of_section,
    server_managed,
)

__all__ = [
    "COMMON_SERVER_FIELDS",
    "DECLARED_KINDS",
    "LEASE_PREFIX",
    "LISTED_KINDS",
    "MANAGED_CREDENTIAL_PREFIX",
    "ORDERED_KINDS",
    "PHONE_PROVIDERS",
    "PROVISIONED_TOOLS",
    "RESOURCE_SECTIONS",
    "SECRET_HEADER",
    "SERVER_ASSIGNED_FIELDS",
    "SPECS",
    "TOP_LEVEL_SECTIONS",
    "WRITE_ONLY_FIELDS",
    "Attachments",
    "Kind",
    "KindSpec",
    "ListShape",
    "Paging",
    "Reference",
    "identity",
    "is_lease_object",
    "is_platform_default",
    "is_twin_of_create",
    "is_weak",
    "kind_of_section",
    "live_name",
    "recorded",
    "server_managed",
    "twin_key",
    "upload_record",
]

PHONE_PROVIDERS: tuple[str, ...] = ("byo-phone-number", "twilio", "vonage", "vapi", "telnyx")

# The header Vapi sends a server secret in (API-REFERENCE §4, secret migration).
SECRET_HEADER = "X-Vapi-Secret"

# Function names of the tools `apply` creates as lease locks (engine/lease.py), which
# the manifest rules refuse and every read leaves out: here, not in the lease module,
# which `validate` does not otherwise import (~9 ms).
LEASE_PREFIX = "vapictl_lease_"


def is_lease_object(item: Mapping[str, Any]) -> bool:
    """A lock object of the lease: never a resource to plan, drift, export or prune."""
    function = item.get("function")
    return (
        item.get("type") == "function"
        and isinstance(function, Mapping)
        and str(function.get("name", "")).startswith(LEASE_PREFIX)
    )


def identity(kind: Kind, body: Mapping[str, Any]) -> str | None:
    """The value that finds a resource's live twin (DESIGN.md §2); None if it has none."""
    return SPECS[kind].identify(body)


def is_weak(kind: Kind, ident: str | None) -> bool:
    """No name to go by: no identity at all, or only a nameless tool's type. Such
    resources are found by their content instead (engine/match.py)."""
    return is_weak_identity(ident, typed=kind is Kind.TOOL)


def live_name(kind: Kind, item: Mapping[str, Any]) -> str:
    """How a live resource is shown: its name (DESIGN.md §2 identities), else its id."""
    fallbacks = {Kind.PHONE_NUMBER: ("number", "sipUri"), Kind.FILE: ("originalName",)}
    return shown_name(item, fallbacks.get(kind, ()))


def is_twin_of_create(
    kind: Kind, item: Mapping[str, Any], ident: str | None, body: Mapping[str, Any]
) -> bool:
    """Is the live `item` what creating `body` (identity `ident`) makes? Same identity;
    for credentials also the same name, whose fingerprint tells a rotated secret's new
    credential from the old one still there; for uploads the name and content hash
    recorded in the upload's metadata (the old content may still be there, same name)."""
    if SPECS[kind].upload:
        return dict(recorded(item)) == upload_record(body)
    if ident is None or identity(kind, item) != ident:
        return False
    return kind is not Kind.CREDENTIAL or item.get("name") == body.get("name")


def is_platform_default(kind: Kind, item: Mapping[str, Any]) -> bool:
    """Objects the platform provides (orgId null, or the kind's own marker, such as a
    `systemKey`): never pruned, never exported (CONFIG-KINDS.md §2)."""
    return item.get("orgId", "") is None or SPECS[kind].is_default(item)


def twin_key(kind: Kind, body: Mapping[str, Any]) -> str:
    """What tells a resource from its siblings: its identity, or, with no name to go by,
    its identity plus its whole configuration (server-assigned fields aside)."""
    if kind is Kind.CREDENTIAL and isinstance(body.get("name"), str):
        # The whole name: its fingerprint tells a rotated secret's new credential
        # from the old one, which stays until the end of the apply.
        return str(body["name"])
    ident = identity(kind, body)
    if SPECS[kind].upload:
        # Old and new content share the name until a replace deletes the old upload.
        sha = recorded(body).get("sha256") or upload_record(body).get("sha256")
        return f"{ident}#{sha}"
    if not is_weak(kind, ident):
        return str(ident)
    return content_key(ident, body, server_managed(kind))
