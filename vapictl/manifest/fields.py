"""What vapictl knows about the manifest's fields: small, data-only tables.

Field names come from the Create*DTO schemas of shared/vapi/openapi-current.json
(read at development time, never at run time), plus the keys the live API still
accepts although they left the spec (API-REFERENCE §3), plus vapictl's own keys.
Unknown fields are passed through to the API (DESIGN.md §3); these lists only
serve completion in editors and "did you mean" for near-misspellings.
"""

from __future__ import annotations

from vapictl.model import SPECS, Kind

# vapictl's own keys on any entry (lifted out of the body): pin and protect.
ENTRY_KEYS: tuple[str, ...] = ("id", "protect")
# Seed-era aliases folded into `server` (API-REFERENCE §4: removed from the spec 2024-11/12).
SERVER_ALIASES: dict[str, str] = {"serverUrl": "url", "serverUrlSecret": "secret"}

# Server object [OAS Server] plus vapictl's `secret` (becomes a managed credential, DESIGN §5).
SERVER_FIELDS: tuple[str, ...] = (
    "url",
    "secret",
    "headers",
    "timeoutSeconds",
    "credentialId",
    "credential",
    "backoffPlan",
    "staticIpAddressesEnabled",
    "encryptedPaths",
)

ORG_FIELDS: tuple[str, ...] = (
    "name",
    "server",
    "channel",
    "billingLimit",
    "concurrencyLimit",
    "hipaaEnabled",
    "compliancePlan",
    "subscriptionId",
)

ASSISTANT_FIELDS: tuple[str, ...] = (
    "name",
    "firstMessage",
    "firstMessageMode",
    "firstMessageInterruptionsEnabled",
    "voicemailMessage",
    "endCallMessage",
    "endCallPhrases",
    "maxDurationSeconds",
    "backgroundSound",
    "model",
    "voice",
    "transcriber",
    "server",
    "serverMessages",
    "clientMessages",
    "metadata",
    "credentialIds",
    "credentials",
    "hooks",
    "voicemailDetection",
    "analysisPlan",
    "artifactPlan",
    "startSpeakingPlan",
    "stopSpeakingPlan",
    "monitorPlan",
    "compliancePlan",
    "observabilityPlan",
    "keypadInputPlan",
    "backgroundSpeechDenoisingPlan",
    "transportConfigurations",
    "modelOutputInMessagesEnabled",
    # Live-but-unspecified keys the API still accepts (API-REFERENCE §3).
    "silenceTimeoutSeconds",
    "messagePlan",
    "backgroundDenoisingEnabled",
    "endCallFunctionEnabled",
    "hipaaEnabled",
    "pciEnabled",
)

# Union of the fields of every Create*ToolDTO [OAS].
TOOL_FIELDS: tuple[str, ...] = (
    "type",
    "name",
    "description",
    "function",
    "server",
    "async",
    "messages",
    "parameters",
    "rejectionPlan",
    "variableExtractionPlan",
    "method",
    "url",
    "headers",
    "body",
    "timeoutSeconds",
    "credentialId",
    "credential",
    "backoffPlan",
    "encryptedPaths",
    "destinations",
    "sipInfoDtmfEnabled",
    "knowledgeBases",
    "metadata",
    "code",
    "environmentVariables",
    "defaultResult",
    "beepDetectionEnabled",
    "displayHeightPx",
    "displayWidthPx",
    "displayNumber",
    "subType",
    "toolMessages",
    "verb",
)
TOOL_TYPES: tuple[str, ...] = (
    "function",
    "apiRequest",
    "transferCall",
    "endCall",
    "dtmf",
    "handoff",
    "query",
    "mcp",
    "sms",
    "sipRequest",
    "voicemail",
    "bash",
    "computer",
    "textEditor",
    "code",
    "google.calendar.event.create",
    "google.calendar.availability.check",
    "google.sheets.row.append",
    "slack.message.send",
    "gohighlevel.calendar.availability.check",
    "gohighlevel.calendar.event.create",
    "gohighlevel.contact.create",
    "gohighlevel.contact.get",
)
# Tool types whose Create DTO has a top-level `name` [OAS]; a function tool's
# identity is `function.name` instead (API-REFERENCE §3).
NAMED_TOOL_TYPES: frozenset[str] = frozenset({"apiRequest", "bash", "computer", "textEditor"})
FUNCTION_NAME_PATTERN = r"^[a-zA-Z0-9_-]{1,64}$"

# Union of the fields of every *Model schema [OAS], plus our `tools` references.
MODEL_FIELDS: tuple[str, ...] = (
    "provider",
    "model",
    "messages",
    "tools",
    "toolIds",
    "toolRefs",
    "knowledgeBase",
    "temperature",
    "maxTokens",
    "fallbackModels",
    "emotionRecognitionEnabled",
    "numFastTurns",
    "promptCacheKey",
    "promptCacheRetention",
    "reasoningEffort",
    "toolStrictCompatibilityMode",
    "headers",
    "metadataSendMode",
    "realtimeConfig",
    "thinking",
    "timeoutSeconds",
    "url",
    "version",
    "wordLevelConfidenceEnabled",
    "workflow",
    "workflowId",
)

SQUAD_FIELDS: tuple[str, ...] = ("name", "members", "membersOverrides")
SQUAD_MEMBER_FIELDS: tuple[str, ...] = (
    "assistant",
    "assistantId",
    "assistantOverrides",
    "assistantVersion",
    "assistantDestinations",
)

PHONE_FIELDS: tuple[str, ...] = (
    "provider",
    "name",
    "number",
    "numberE164CheckEnabled",
    "credentialId",
    "credential",
    "assistant",
    "assistantId",
    "squad",
    "squadId",
    "workflowId",
    "server",
    "fallbackDestination",
    "hooks",
    "smsEnabled",
    "twilioAccountSid",
    "twilioAuthToken",
    "twilioApiKey",
    "twilioApiSecret",
    "numberDesiredAreaCode",
    "sipUri",
    "authentication",
)
# provider -> fields the API requires on create [OAS Create*PhoneNumberDTO].
PHONE_REQUIRED: dict[str, tuple[str, ...]] = {
    "byo-phone-number": ("credentialId",),
    "twilio": ("number", "twilioAccountSid"),
    "vonage": ("number", "credentialId"),
    "telnyx": ("number", "credentialId"),
    "vapi": (),  # numberDesiredAreaCode or sipUri: checked with its own message
}
FALLBACK_FIELDS: tuple[str, ...] = (
    "type",
    "number",
    "numberE164CheckEnabled",
    "extension",
    "callerId",
    "transferPlan",
    "message",
    "description",
    "sipUri",
    "sipHeaders",
)
E164_PATTERN = r"^\+[1-9][0-9]{1,14}$"
NON_E164_NUMBER_PATTERN = r"^\+?[a-zA-Z0-9]+$"
AREA_CODE_PATTERN = r"^[0-9]{3}$"
SIP_URI_PATTERN = r"^sips?:\S+@\S+$"
UUID_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
NAME_MAX_LENGTH = 40  # assistants and phone numbers (API-REFERENCE §3)

# Top-level fields of each kind's entries (for "did you mean").
KIND_FIELDS: dict[Kind, tuple[str, ...]] = {
    Kind.ORG: (*ORG_FIELDS, *SERVER_ALIASES),
    Kind.TOOL: (*TOOL_FIELDS, *ENTRY_KEYS),
    Kind.ASSISTANT: (*ASSISTANT_FIELDS, *ENTRY_KEYS, *SERVER_ALIASES),
    Kind.SQUAD: (*SQUAD_FIELDS, *ENTRY_KEYS),
    Kind.PHONE_NUMBER: (*PHONE_FIELDS, *ENTRY_KEYS, *SERVER_ALIASES),
}

MIN_SECRET_LENGTH = 8  # shorter shared secrets are guessable: refused, never echoed


def secret_paths_for(kind: Kind) -> tuple[str, ...]:
    """The dotted entry-relative paths that hold secrets for `kind` (the registry's)."""
    return SPECS[kind].secret_paths
