"""The registry: every kind vapictl manages, described once (DESIGN.md §2).

Every other layer reads these entries instead of naming kinds itself: the
manifest's sections, schema and reference checks; desired state, matching,
plan, apply and prune; the live read; export; drift and routes. Adding a
kind means adding an entry here (plus its emulator behaviour and tests).

Facts from shared/vapi/API-REFERENCE.md (§2 endpoints, §3 fields, §5 PATCH)
and shared/vapi/CONFIG-KINDS.md (§1-§5).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from vapictl.model.identity import (
    MANAGED_CREDENTIAL_PREFIX,
    by_name,
    credential_identity,
    file_identity,
    org_identity,
    phone_identity,
    tool_identity,
)
from vapictl.model.kinds import Attachments, Kind, KindSpec, ListShape, Paging, Reference

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
# `server.credential: KEY` names a provider credential declared under `credentials`.
_SERVER_CREDENTIAL = Reference("server", "credential", "credentialId", Kind.CREDENTIAL)

# Provider credentials' secret fields (CONFIG-KINDS §3.13, ★ and the unmarked auth plans).
_CREDENTIAL_SECRETS = (
    "apiKey",
    "apiSecret",
    "authToken",
    "openAIKey",
    "ocpApimSubscriptionKey",
    "awsSecretAccessKey",
    "webhookUrl",
    "bucketPlan.secretAccessKey",
    "gcpKey.privateKey",
    "outboundAuthenticationPlan.authPassword",
    "authenticationPlan.clientSecret",
    "authenticationPlan.secretKey",
    "authenticationPlan.token",
)
# Created by the dashboard's OAuth flows: referenced, never created (CONFIG-KINDS §3.13).
OAUTH_CREDENTIAL_PROVIDERS = frozenset(
    {
        "ghl.oauth2-authorization",
        "google.calendar.oauth2-client",
        "google.calendar.oauth2-authorization",
        "google.sheets.oauth2-authorization",
        "slack.oauth2-authorization",
    }
)
# Vapi seeds every org with these (orgId null); manifests reference them by either form.
BUILTIN_PERSONALITIES: dict[str, str] = {
    slug: slug.replace("-", " ").title()
    for slug in (
        "confused-carl",
        "decisive-derek",
        "emotional-eva",
        "impatient-irene",
        "multitasking-maya",
        "rambling-roger",
        "skeptical-sam",
    )
}


# Local file types Vapi's knowledge bases take (CONFIG-KINDS §3.8).
FILE_EXTENSIONS = (
    ".txt",
    ".pdf",
    ".docx",
    ".doc",
    ".csv",
    ".md",
    ".tsv",
    ".yaml",
    ".json",
    ".xml",
    ".log",
)
# Composer attachments are chat uploads, not configuration: GET /file leaves them out
# unless asked for by purpose, so a manifest could never find one again.
FILE_PURPOSES = ("assistant", "knowledge-base-v2")


def _is_unmanageable_credential(item: Mapping[str, Any]) -> bool:
    """OAuth credentials (made by dashboard flows) and the ones vapictl derives from
    `server.secret` (cleaned up on their own): never pruned or exported as entries."""
    name = item.get("name")
    managed = isinstance(name, str) and name.startswith(MANAGED_CREDENTIAL_PREFIX)
    return managed or item.get("provider") in OAUTH_CREDENTIAL_PROVIDERS


_SPECS: tuple[KindSpec, ...] = (
    KindSpec(
        Kind.CREDENTIAL,
        section="credentials",
        label="credential",
        plural="credentials",
        api_path="/credential",
        list_shape=ListShape.ARRAY,
        level=0,
        identify=credential_identity,
        name_max=31,  # 40, less the "-1a2b3c4d" fingerprint of its secrets
        name_from_key=True,
        required=("provider",),
        secret_paths=_CREDENTIAL_SECRETS,
        write_only=tuple(p for p in _CREDENTIAL_SECRETS if "." not in p),
        server_managed=(
            "authenticationSession",
            "vonageApplicationId",
            "vonageApplicationPrivateKey",
        ),
        is_default=_is_unmanageable_credential,
        replace_fields=("provider",),
        patch_always=("provider",),  # every Update*CredentialDTO carries its provider
        org_wide="org-wide: Vapi uses provider credentials by type on every call",
    ),
    KindSpec(
        Kind.FILE,
        section="files",
        label="file",
        plural="files",
        api_path="/file",
        list_shape=ListShape.ARRAY,
        level=1,
        identify=file_identity,
        name_max=40,
        name_from_key=True,
        # `file` is the upload (a local path in the manifest); the rest the server fills.
        write_only=("file",),
        server_managed=(
            "object",
            "originalName",
            "bytes",
            "mimetype",
            "key",
            "path",
            "bucket",
            "url",
            "parsedTextUrl",
            "parsedTextBytes",
            "metadata",
        ),
        replace_fields=("purpose",),  # UpdateFileDTO takes only `name`
        paging=Paging.NONE,  # GET /file declares only `purpose` (CONFIG-KINDS §3.8)
        upload=True,
        replace_creates_first=True,
    ),
    KindSpec(
        Kind.KNOWLEDGE_BASE,
        section="knowledgeBases",
        label="knowledge base",
        plural="knowledge bases",
        api_path="/v2/knowledge-base",
        list_shape=ListShape.ARRAY,
        level=2,
        identify=by_name,
        name_max=80,
        name_from_key=True,
        name_required=True,
        references=(Reference("", "files", "fileIds", Kind.FILE, many=True),),
        server_managed=("toolId",),
        attachments=Attachments(
            "fileIds", "files", "file", "fileId", Kind.FILE, name_field="fileName"
        ),
        outputs=("toolId",),
        read_items=True,
        paging=Paging.LIMIT,  # GET /v2/knowledge-base declares only `limit` (§3.9)
        provisions_tool=("knowledgeBase", "knowledgeBaseId"),
    ),
    KindSpec(
        Kind.TOOL,
        section="tools",
        label="tool",
        plural="tools",
        api_path="/tool",
        list_shape=ListShape.ARRAY,
        level=3,
        identify=tool_identity,
        required=("type",),
        references=(
            Reference("", "credential", "credentialId", Kind.CREDENTIAL),
            _SERVER_CREDENTIAL,
            # A query tool searches files (CONFIG-KINDS §3.9 "older retrieval path").
            Reference("knowledgeBases[]", "files", "fileIds", Kind.FILE, many=True),
        ),
        secret_paths=_SERVER_SECRETS,
        replace_fields=("type",),
        has_server=True,
    ),
    KindSpec(
        Kind.STRUCTURED_OUTPUT,
        section="structuredOutputs",
        label="structured output",
        plural="structured outputs",
        api_path="/structured-output",
        list_shape=ListShape.PAGINATED,
        level=4,
        identify=by_name,
        name_max=40,
        name_from_key=True,
        name_required=True,
        required=("schema",),
        # The assistant side of the assistant/structured-output edge is the one managed
        # (`artifactPlan.structuredOutputs`); this side is never compared or exported.
        server_managed=("assistantIds",),
        replace_fields=("type",),
        patch_query={"schemaOverride": "true"},  # required by PATCH (CONFIG-KINDS §3.1)
    ),
    KindSpec(
        Kind.SCORECARD,
        section="scorecards",
        label="scorecard",
        plural="scorecards",
        api_path="/observability/scorecard",
        list_shape=ListShape.PAGINATED,
        level=5,
        identify=by_name,
        name_max=80,
        name_from_key=True,
        required=("metrics",),
        references=(
            Reference(
                "metrics[]", "structuredOutput", "structuredOutputId", Kind.STRUCTURED_OUTPUT
            ),
        ),
        server_managed=("assistantIds",),  # managed from `artifactPlan.scorecards`
    ),
    KindSpec(
        Kind.ASSISTANT,
        section="assistants",
        label="assistant",
        plural="assistants",
        api_path="/assistant",
        list_shape=ListShape.ARRAY,
        level=6,
        identify=by_name,
        name_max=40,
        name_from_key=True,
        references=(
            Reference("model", "tools", "toolIds", Kind.TOOL, many=True, inline=True),
            # A knowledge base's provisioned search tool: `model.tools: [{knowledgeBase: KEY}]`.
            Reference(
                "model",
                "tools",
                "toolIds",
                Kind.KNOWLEDGE_BASE,
                many=True,
                item_key="knowledgeBase",
                output="toolId",
            ),
            Reference(
                "artifactPlan",
                "structuredOutputs",
                "structuredOutputIds",
                Kind.STRUCTURED_OUTPUT,
                many=True,
                inline=True,
            ),
            Reference("artifactPlan", "scorecards", "scorecardIds", Kind.SCORECARD, many=True),
            # The API's `credentials` also takes inline credential objects.
            Reference("", "credentials", "credentialIds", Kind.CREDENTIAL, many=True, inline=True),
            _SERVER_CREDENTIAL,
        ),
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
        level=7,
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
        level=8,
        identify=phone_identity,
        name_max=40,
        name_from_key=True,
        required=("provider",),
        references=(
            Reference("", "assistant", "assistantId", Kind.ASSISTANT),
            Reference("", "squad", "squadId", Kind.SQUAD),
            Reference("", "credential", "credentialId", Kind.CREDENTIAL),
            _SERVER_CREDENTIAL,
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
        level=9,
        identify=org_identity,
        name_max=40,
        references=(_SERVER_CREDENTIAL,),
        secret_paths=_SERVER_SECRETS,
        has_server=True,
    ),
    KindSpec(
        Kind.PERSONALITY,
        section="personalities",
        label="personality",
        plural="personalities",
        api_path="/eval/simulation/personality",
        list_shape=ListShape.ARRAY,
        level=10,
        identify=by_name,
        name_max=80,
        name_from_key=True,
        name_required=True,
        required=("assistant",),
        # The simulated caller is an assistant (CreateAssistantDTO), with an assistant's
        # references (CONFIG-KINDS §4 "personality assistant.*").
        references=(
            Reference("assistant.model", "tools", "toolIds", Kind.TOOL, many=True, inline=True),
            Reference(
                "assistant", "credentials", "credentialIds", Kind.CREDENTIAL, many=True, inline=True
            ),
            Reference("assistant.server", "credential", "credentialId", Kind.CREDENTIAL),
        ),
        builtins=(*BUILTIN_PERSONALITIES, *BUILTIN_PERSONALITIES.values()),
    ),
    KindSpec(
        Kind.SCENARIO,
        section="scenarios",
        label="scenario",
        plural="scenarios",
        api_path="/eval/simulation/scenario",
        list_shape=ListShape.ARRAY,
        level=11,
        identify=by_name,
        name_max=80,
        name_from_key=True,
        name_required=True,
        required=("instructions", "evaluations"),
        references=(
            Reference(
                "evaluations[]",
                "structuredOutput",
                "structuredOutputId",
                Kind.STRUCTURED_OUTPUT,
                inline=True,
            ),
            Reference("hooks[].do[].server", "credential", "credentialId", Kind.CREDENTIAL),
        ),
    ),
    KindSpec(
        Kind.SIMULATION,
        section="simulations",
        label="simulation",
        plural="simulations",
        api_path="/eval/simulation",
        list_shape=ListShape.ARRAY,
        level=12,
        identify=by_name,  # unnamed (`name: null`): found by its scenario + personality
        name_max=80,
        name_from_key=True,
        references=(
            Reference("", "scenario", "scenarioId", Kind.SCENARIO, required=True),
            Reference("", "personality", "personalityId", Kind.PERSONALITY, required=True),
        ),
    ),
    KindSpec(
        Kind.SIMULATION_SUITE,
        section="simulationSuites",
        label="simulation suite",
        plural="simulation suites",
        api_path="/eval/simulation/suite",
        list_shape=ListShape.ARRAY,
        level=13,
        identify=by_name,
        name_max=80,
        name_from_key=True,
        name_required=True,
        references=(
            Reference(
                "", "simulations", "simulationIds", Kind.SIMULATION, many=True, required=True
            ),
            Reference(
                "targetAssignments[]",
                "assistant",
                "targetId",
                Kind.ASSISTANT,
                tag=("targetType", "assistant"),
            ),
            Reference(
                "targetAssignments[]", "squad", "targetId", Kind.SQUAD, tag=("targetType", "squad")
            ),
        ),
        secret_paths=("slackWebhookUrl",),  # a bearer-style URL (CONFIG-KINDS §3.6)
    ),
    KindSpec(
        Kind.EVAL,
        section="evals",
        label="eval",
        plural="evals",
        api_path="/eval",
        list_shape=ListShape.PAGINATED,
        level=14,
        identify=by_name,
        name_max=80,
        name_from_key=True,
        required=("type", "messages"),
    ),
)

SPECS: dict[Kind, KindSpec] = {spec.kind: spec for spec in _SPECS}

# Kinds in dependency order (creates ascend, deletes descend).
ORDERED_KINDS: tuple[Kind, ...] = tuple(s.kind for s in sorted(_SPECS, key=lambda s: s.level))
# Tool types the platform provisions for another kind's resources -> (kind, owner field).
PROVISIONED_TOOLS: dict[str, tuple[Kind, str]] = {
    spec.provisions_tool[0]: (spec.kind, spec.provisions_tool[1])
    for spec in _SPECS
    if spec.provisions_tool
}
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
