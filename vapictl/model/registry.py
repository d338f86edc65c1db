"""The registry: every kind vapictl manages, described once (DESIGN.md §2).

Every other layer reads these entries instead of naming kinds itself: the
manifest's sections, schema and reference checks; desired state, matching,
plan, apply and prune; the live read; export; drift and routes. Adding a
kind means adding an entry here (plus its emulator behaviour and tests).

Facts from shared/vapi/API-REFERENCE.md (§2 endpoints, §3 fields, §5 PATCH)
and shared/vapi/CONFIG-KINDS.md (§1-§5).
"""

from __future__ import annotations

from vapictl.model.identity import by_name, org_identity, phone_identity, tool_identity
from vapictl.model.kinds import Kind, KindSpec, ListShape, Reference

# Fields the server assigns or computes on every kind; never compared, never sent
# (API-REFERENCE §3; CONFIG-KINDS §2 "Server-managed on every kind").
COMMON_SERVER_FIELDS: frozenset[str] = frozenset(
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

# `server.secret` (and its seed-era alias) becomes a managed credential (DESIGN.md §5).
_SERVER_SECRETS = ("server.secret", "serverUrlSecret")

_SPECS: tuple[KindSpec, ...] = (
    KindSpec(
        Kind.CREDENTIAL,
        section="",
        label="credential",
        plural="credentials",
        api_path="/credential",
        list_shape=ListShape.ARRAY,
        level=0,
        identify=by_name,
        name_max=40,
        replace_fields=("provider",),
    ),
    KindSpec(
        Kind.TOOL,
        section="tools",
        label="tool",
        plural="tools",
        api_path="/tool",
        list_shape=ListShape.ARRAY,
        level=1,
        identify=tool_identity,
        required=("type",),
        secret_paths=_SERVER_SECRETS,
        replace_fields=("type",),
        has_server=True,
    ),
    KindSpec(
        Kind.ASSISTANT,
        section="assistants",
        label="assistant",
        plural="assistants",
        api_path="/assistant",
        list_shape=ListShape.ARRAY,
        level=2,
        identify=by_name,
        name_max=40,
        name_from_key=True,
        references=(Reference("model", "tools", "toolIds", Kind.TOOL, many=True, inline=True),),
        secret_paths=_SERVER_SECRETS,
        has_server=True,
    ),
    KindSpec(
        Kind.SQUAD,
        section="squads",
        label="squad",
        plural="squads",
        api_path="/squad",
        list_shape=ListShape.ARRAY,
        level=3,
        identify=by_name,
        name_from_key=True,
        required=("members",),
        references=(
            Reference("members[]", "assistant", "assistantId", Kind.ASSISTANT, inline=True),
        ),
        patch_always=("members",),  # UpdateSquadDTO requires members (API-REFERENCE §3)
    ),
    KindSpec(
        Kind.PHONE_NUMBER,
        section="phoneNumbers",
        label="phone number",
        plural="phone numbers",
        api_path="/phone-number",
        list_shape=ListShape.ARRAY,
        level=4,
        identify=phone_identity,
        name_max=40,
        name_from_key=True,
        required=("provider",),
        references=(
            Reference("", "assistant", "assistantId", Kind.ASSISTANT),
            Reference("", "squad", "squadId", Kind.SQUAD),
        ),
        secret_paths=(
            *_SERVER_SECRETS,
            "twilioAuthToken",
            "twilioApiSecret",
            "authentication.password",
        ),
        # Write-only: accepted, never returned, so masked and never diffed.
        write_only=("twilioAuthToken", "twilioApiSecret", "twilioApiKey", "authentication"),
        replace_fields=("provider", "numberDesiredAreaCode"),
        patch_always=("provider",),  # the update DTO is a union keyed by provider
        has_server=True,
    ),
    KindSpec(
        Kind.ORG,
        section="org",
        label="org",
        plural="orgs",
        api_path="/org",
        list_shape=ListShape.ARRAY,
        level=5,
        identify=org_identity,
        name_max=40,
        secret_paths=_SERVER_SECRETS,
        has_server=True,
    ),
)

SPECS: dict[Kind, KindSpec] = {spec.kind: spec for spec in _SPECS}

# Kinds in dependency order (creates ascend, deletes descend).
ORDERED_KINDS: tuple[Kind, ...] = tuple(s.kind for s in sorted(_SPECS, key=lambda s: s.level))
# Kinds read with one list call each.
LISTED_KINDS: tuple[Kind, ...] = tuple(k for k in ORDERED_KINDS if SPECS[k].listed)
# Manifest sections holding keyed resources (not the org singleton), in dependency order.
RESOURCE_SECTIONS: dict[str, Kind] = {
    SPECS[k].section: k for k in ORDERED_KINDS if SPECS[k].section and k is not Kind.ORG
}
TOP_LEVEL_SECTIONS: tuple[str, ...] = ("org", *RESOURCE_SECTIONS, "settings")
# Kinds a manifest declares, the org included.
DECLARED_KINDS: tuple[Kind, ...] = (Kind.ORG, *RESOURCE_SECTIONS.values())

# Every field any kind's server manages (for code that does not know the kind).
SERVER_ASSIGNED_FIELDS: frozenset[str] = COMMON_SERVER_FIELDS

WRITE_ONLY_FIELDS: dict[Kind, tuple[str, ...]] = {
    spec.kind: spec.write_only for spec in _SPECS if spec.write_only
}


def server_managed(kind: Kind) -> frozenset[str]:
    """Fields of `kind` never compared, never sent, never exported."""
    return COMMON_SERVER_FIELDS | frozenset(SPECS[kind].server_managed)


def kind_of_section(section: str) -> Kind | None:
    return Kind.ORG if section == "org" else RESOURCE_SECTIONS.get(section)
