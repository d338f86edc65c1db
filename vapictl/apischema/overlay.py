"""Known differences between Vapi's published spec and what its API really does.

The generated data (data/requests.json.gz) is the spec, verbatim. This overlay is
applied when the data is loaded; every entry says where the difference is documented.
Keep it small: a difference belongs here only with a source.
"""

from __future__ import annotations

from typing import Any

# (what differs, source): listed by README's "Validation" section and `SpecData.overlay`.
KNOWN_DIFFERENCES: tuple[tuple[str, str], ...] = (
    (
        "assistants still accept silenceTimeoutSeconds (10-3600), messagePlan, "
        "backgroundDenoisingEnabled and endCallFunctionEnabled, which left the spec",
        "API-REFERENCE §3 [OAS-hist 2025-07-08, 2025-08-04; GO AGENTS.md]; "
        "the 400 'silenceTimeoutSeconds must not be less than 10' "
        "[GO docs/learnings/assistants.md]",
    ),
    (
        "oneOf is checked as anyOf: a voiceId preset name ('burt') matches both the preset "
        "enum and the free-string branch, which a strict oneOf would refuse",
        "issue 19; the spec's *Voice.voiceId schemas",
    ),
    (
        "null is accepted for any field that is not required (class-validator @IsOptional): "
        "the API stores and echoes null for a cleared field; the spec marks almost nothing "
        "nullable",
        "API-REFERENCE §5 (Nulls)",
    ),
    (
        "PATCH /credential/{id} exists although the spec has no such path; its body is the "
        "provider's Update*CredentialDTO, or for the providers without one the Create DTO with "
        "nothing required (secrets need not be re-sent; they are marked required only in "
        "responses, which are not checked)",
        "API-REFERENCE §2 (Credential) [DOCS sip-twilio.mdx; TFK]; scripts/gen_apischema.py",
    ),
    (
        "credentials also take provider 'telnyx' (name, apiKey): a telnyx phone number needs "
        "one, but the spec has no Telnyx credential DTO (inferred)",
        "API-REFERENCE §3 (Phone number table: telnyx requires credentialId)",
    ),
    (
        "POST /file is a multipart upload: it has no JSON body to check",
        "openapi-current.json /file post (multipart/form-data)",
    ),
)

# API-REFERENCE §3: fields the live API accepts although the spec dropped them.
_LIVE_ASSISTANT_FIELDS: dict[str, Any] = {
    "silenceTimeoutSeconds": {"t": "number", "lo": 10, "hi": 3600},
    "messagePlan": {"t": "object", "o": 1},
    "backgroundDenoisingEnabled": {"t": "boolean"},
    "endCallFunctionEnabled": {"t": "boolean"},
}
_ASSISTANT_DTOS = ("CreateAssistantDTO", "UpdateAssistantDTO")
_TELNYX_CREDENTIAL: dict[str, Any] = {
    "t": "object",
    "p": {
        "provider": {"t": "string", "e": ["telnyx"]},
        "name": {"t": "string", "ln": 1, "lx": 40},
        "apiKey": {"t": "string"},
    },
    "r": ["provider", "apiKey"],
}


def apply_overlay(defs: dict[str, Any], roots: dict[str, dict[str, Any]]) -> None:
    """Patch the loaded schema data in place (the entries above)."""
    for name in _ASSISTANT_DTOS:
        properties = defs[name]["p"]
        for field, schema in _LIVE_ASSISTANT_FIELDS.items():
            properties.setdefault(field, schema)
    for operation, union in roots["/credential"].items():
        if "telnyx" not in union["m"]:
            union["m"]["telnyx"] = [len(union["u"])]
            telnyx = dict(_TELNYX_CREDENTIAL)
            if operation == "update":
                telnyx.pop("r")
            union["u"].append(telnyx)
