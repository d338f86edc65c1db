"""A live org as the API returns it: every kind, every phone provider, secrets.

Shapes follow the response schemas of shared/vapi/openapi-current.json
(Assistant, FunctionTool, ApiRequestTool, Squad, *PhoneNumber, Org,
CustomCredential). Ids are fixed so assertions can name them.
"""

from __future__ import annotations

import copy
from typing import Any

from vapictl.engine.live import LiveState
from vapictl.model import Kind

ORG_ID = "0a000000-0000-4000-8000-000000000000"
CRED_MANAGED = "c1000000-0000-4000-8000-000000000001"
CRED_OTHER = "c2000000-0000-4000-8000-000000000002"
CRED_SIP = "c3000000-0000-4000-8000-000000000003"
TOOL_LOOKUP = "71000000-0000-4000-8000-000000000001"
TOOL_API = "72000000-0000-4000-8000-000000000002"
TOOL_TRANSFER = "73000000-0000-4000-8000-000000000003"
ASST_SUPPORT = "a1000000-0000-4000-8000-000000000001"
ASST_BILLING = "a2000000-0000-4000-8000-000000000002"
SQUAD_TRIAGE = "51000000-0000-4000-8000-000000000001"
PHONE_TWILIO = "91000000-0000-4000-8000-000000000001"
PHONE_BYO = "92000000-0000-4000-8000-000000000002"
PHONE_VONAGE = "93000000-0000-4000-8000-000000000003"
PHONE_TELNYX = "94000000-0000-4000-8000-000000000004"
PHONE_VAPI_SIP = "95000000-0000-4000-8000-000000000005"

MANAGED_IDS = (
    TOOL_LOOKUP,
    TOOL_API,
    TOOL_TRANSFER,
    ASST_SUPPORT,
    ASST_BILLING,
    SQUAD_TRIAGE,
    PHONE_TWILIO,
    PHONE_BYO,
    PHONE_VONAGE,
    PHONE_TELNYX,
    PHONE_VAPI_SIP,
)
# Secret values the API returned (a header); none may be written in clear.
RETURNED_SECRETS = ("Bearer sk-live-0123456789abcdef", "hdr-secret-value-42")


def _stamps(index: int) -> dict[str, Any]:
    return {
        "orgId": ORG_ID,
        "createdAt": f"2026-01-0{index}T10:00:00.000Z",
        "updatedAt": f"2026-02-0{index}T10:00:00.000Z",
    }


def org() -> dict[str, Any]:
    return {
        "id": ORG_ID,
        "name": "Acme Voice",
        "createdAt": "2025-12-01T00:00:00.000Z",
        "updatedAt": "2026-01-01T00:00:00.000Z",
        "channel": "default",
        "concurrencyLimit": 10,
        "billingLimit": 500,
        "hipaaEnabled": False,
        "jwtSecret": "org-jwt-secret-never-exported",
        "subscriptionId": "sub_123",
        "stripeSubscriptionId": "stripe_sub_123",
        "minutesUsed": 42.5,
        "server": {"url": "https://hooks.example.com/vapi", "timeoutSeconds": 20},
    }


def credentials() -> list[dict[str, Any]]:
    return [
        {
            "id": CRED_MANAGED,
            **_stamps(1),
            "provider": "custom-credential",
            "name": "vapictl-asst-support-1a2b3c4d",
            "authenticationPlan": {
                "type": "bearer",
                "headerName": "X-Vapi-Secret",
                "bearerPrefixEnabled": False,
            },
        },
        {
            "id": CRED_OTHER,
            **_stamps(2),
            "provider": "custom-credential",
            "name": "hand-made",
            "authenticationPlan": {"type": "bearer", "headerName": "Authorization"},
        },
        {
            "id": CRED_SIP,
            **_stamps(3),
            "provider": "byo-sip-trunk",
            "name": "trunk",
            "gateways": [{"ip": "203.0.113.10"}],
        },
    ]


def tools() -> list[dict[str, Any]]:
    return [
        {
            "id": TOOL_LOOKUP,
            **_stamps(1),
            "type": "function",
            "async": False,
            "latestVersion": "v2",
            "function": {
                "name": "lookup_order",
                "description": "Find an order by its id.",
                "parameters": {
                    "type": "object",
                    "properties": {"orderId": {"type": "string", "description": "The id"}},
                    "required": ["orderId"],
                },
            },
            "server": {"url": "https://orders.example.com/vapi/tools", "credentialId": CRED_OTHER},
            "messages": [{"type": "request-start", "content": "One moment.", "blocking": False}],
        },
        {
            "id": TOOL_API,
            **_stamps(2),
            "type": "apiRequest",
            "name": "Create_Ticket",  # the API allows /^[a-zA-Z0-9_-]{1,40}$/ only
            "method": "POST",
            "url": "https://tickets.example.com/api",
            "timeoutSeconds": 20,
            "headers": {
                "type": "object",
                "properties": {
                    "X-Api-Key": {"type": "string", "value": RETURNED_SECRETS[1]},
                    "Accept": {"type": "string", "value": "application/json"},
                },
            },
            "body": {"type": "object", "properties": {"subject": {"type": "string"}}},
        },
        {
            "id": TOOL_TRANSFER,
            **_stamps(3),
            "type": "transferCall",  # no `function`: TransferCallTool has none [OAS]
            "destinations": [
                {"type": "number", "number": "+14155550100", "message": "Transferring you now."},
                {"type": "assistant", "assistantName": "Billing", "description": "billing"},
            ],
        },
    ]


def assistants() -> list[dict[str, Any]]:
    return [
        {
            "id": ASST_SUPPORT,
            **_stamps(1),
            "name": "support",
            "firstMessage": "Hi, how can I help?",
            "firstMessageMode": "assistant-speaks-first",
            "voicemailMessage": None,
            "isServerUrlSecretSet": False,
            "model": {
                "provider": "openai",
                "model": "gpt-4o",
                "temperature": 0.3,
                "messages": [
                    {
                        "role": "system",
                        "content": "You are Acme support.\nBe brief.\nPrices look like ${price}.\n",
                    }
                ],
                "toolIds": [TOOL_API, TOOL_LOOKUP],
            },
            "voice": {"provider": "11labs", "voiceId": "burt", "stability": 0.5},
            "transcriber": {"provider": "deepgram", "model": "nova-2", "language": "en"},
            "server": {
                "url": "https://support.example.com/vapi",
                "credentialId": CRED_MANAGED,
                "headers": {"Authorization": RETURNED_SECRETS[0], "X-Team": "support"},
            },
            "metadata": {"team": "support", "tier": {"level": 2, "tags": ["a", "b"]}},
            "serverMessages": ["end-of-call-report", "tool-calls"],
        },
        {
            "id": ASST_BILLING,
            **_stamps(2),
            "name": "Billing",
            "model": {
                "provider": "anthropic",
                "model": "claude-3-5-sonnet-20241022",
                "messages": [{"role": "system", "content": "Billing questions only."}],
            },
            "voice": {"provider": "cartesia", "voiceId": "sonic-1"},
            "server": {"url": "https://billing.example.com/vapi", "credentialId": CRED_OTHER},
            "metadata": {},
        },
    ]


def squads() -> list[dict[str, Any]]:
    return [
        {
            "id": SQUAD_TRIAGE,
            **_stamps(1),
            "name": "Triage Squad",
            "members": [
                {
                    "assistantId": ASST_SUPPORT,
                    "assistantDestinations": [
                        {"type": "assistant", "assistantName": "Billing", "message": "One sec."}
                    ],
                },
                {"assistantId": ASST_BILLING, "assistantOverrides": {"firstMessage": "Billing."}},
            ],
        }
    ]


def phone_numbers() -> list[dict[str, Any]]:
    return [
        {
            "id": PHONE_TWILIO,
            **_stamps(1),
            "status": "active",
            "provider": "twilio",
            "name": "Main Line",
            "number": "+14155551234",
            "twilioAccountSid": "AC0123456789abcdef0123456789abcdef",
            "smsEnabled": True,
            "assistantId": ASST_SUPPORT,
            "fallbackDestination": {"type": "number", "number": "+14155550000"},
        },
        {
            "id": PHONE_BYO,
            **_stamps(2),
            "status": "active",
            "provider": "byo-phone-number",
            "number": "+14155552222",
            "numberE164CheckEnabled": True,
            "credentialId": CRED_SIP,
            "squadId": SQUAD_TRIAGE,
        },
        {
            "id": PHONE_VONAGE,
            **_stamps(3),
            "status": "active",
            "provider": "vonage",
            "name": "EU line",
            "number": "+442071234567",
            "credentialId": CRED_OTHER,
            "server": {"url": "https://eu.example.com/vapi"},
        },
        {
            "id": PHONE_TELNYX,
            **_stamps(4),
            "status": "active",
            "provider": "telnyx",
            "name": "telnyx",
            "number": "+13125550199",
            "credentialId": CRED_OTHER,
            "assistantId": ASST_BILLING,
        },
        {
            "id": PHONE_VAPI_SIP,
            **_stamps(5),
            "status": "active",
            "provider": "vapi",
            "name": "SIP desk",
            "sipUri": "sip:acme-desk@sip.vapi.ai",
            "authentication": {"realm": "sip.vapi.ai", "username": "acme-desk-user-000001"},
        },
    ]


def live_state() -> LiveState:
    return LiveState(
        org=org(),
        items={
            Kind.CREDENTIAL: credentials(),
            Kind.TOOL: tools(),
            Kind.ASSISTANT: assistants(),
            Kind.SQUAD: squads(),
            Kind.PHONE_NUMBER: phone_numbers(),
        },
    )


def copy_state(state: LiveState) -> LiveState:
    return LiveState(org=copy.deepcopy(state.org), items=copy.deepcopy(state.items))
