"""Raw error cases answer like the real API (API-REFERENCE §1, §3, §8)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.conftest import TEST_API_KEY, api_client
from vapictl.emulator.http import INVALID_KEY_MESSAGE
from vapictl.emulator.server import EmulatorServer

FUNCTION_TOOL = {"type": "function", "function": {"name": "lookup_order"}}


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    """One emulator for the whole module: these cases only read or add, never count."""
    db = tmp_path_factory.mktemp("validation") / "emulator.sqlite3"
    with EmulatorServer(db, TEST_API_KEY) as server, api_client(server) as client:
        yield client


def _messages(response: httpx.Response) -> list[str]:
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["statusCode"] == 400
    assert body["error"] == "Bad Request"
    messages = body["message"]
    return messages if isinstance(messages, list) else [messages]


@pytest.mark.parametrize("header", [None, "Bearer wrong-key", "test-emulator-key", "Basic abc"])
def test_missing_or_wrong_key_is_401_with_nestjs_body(
    api: httpx.Client, header: str | None
) -> None:
    headers = {"Authorization": header} if header else {}
    response = httpx.get(api.base_url.join("/assistant"), headers=headers)
    assert response.status_code == 401
    assert response.json() == {
        "statusCode": 401,
        "error": "Unauthorized",
        "message": INVALID_KEY_MESSAGE,
    }


def test_unknown_route_is_nestjs_404(api: httpx.Client) -> None:
    response = api.get("/nope")
    assert response.status_code == 404
    assert response.json() == {
        "statusCode": 404,
        "error": "Not Found",
        "message": "Cannot GET /nope",
    }
    assert api.post("/org", json={}).status_code == 404


def test_unknown_id_is_404_and_bad_uuid_is_400(api: httpx.Client) -> None:
    missing = "00000000-0000-4000-8000-000000000000"
    for kind in ("assistant", "tool", "squad", "phone-number", "credential"):
        for method in ("GET", "DELETE"):
            assert api.request(method, f"/{kind}/{missing}").status_code == 404
        assert api.patch(f"/{kind}/{missing}", json={}).status_code == 404
    assert _messages(api.get("/assistant/not-a-uuid")) == ["Validation failed (uuid is expected)"]


def test_invalid_json_is_400(api: httpx.Client) -> None:
    response = api.post(
        "/assistant", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert _messages(api.post("/assistant", json=[1, 2])) == ["request body must be a JSON object"]


def test_unknown_top_level_property_is_rejected(api: httpx.Client) -> None:
    assert _messages(api.post("/assistant", json={"name": "a", "colour": "red"})) == [
        "property colour should not exist"
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            {"server": {"url": "https://x.test", "secret": "s"}},
            "server.property secret should not exist",
        ),
        (
            {"model": {"provider": "openai", "model": "gpt-4o", "functions": []}},
            "model.property functions should not exist",
        ),
        (
            {
                "model": {
                    "provider": "openai",
                    "model": "gpt-4o",
                    "tools": [{**FUNCTION_TOOL, "name": "x"}],
                }
            },
            "model.each value in tools.property name should not exist",
        ),
        (
            {
                "server": {
                    "url": "u",
                    "backoffPlan": {
                        "type": "fixed",
                        "maxRetries": 1,
                        "baseDelaySeconds": 1,
                        "x": 1,
                    },
                }
            },
            "server.backoffPlan.property x should not exist",
        ),
    ],
)
def test_nested_unknown_property_is_path_prefixed(
    api: httpx.Client, body: dict[str, Any], expected: str
) -> None:
    assert expected in _messages(api.post("/assistant", json=body))


def test_squad_member_unknown_property_is_indexed(api: httpx.Client) -> None:
    body = {"members": [{"assistantId": "a"}, {"assistantId": "b", "role": "x"}]}
    assert _messages(api.post("/squad", json=body)) == ["members.1.property role should not exist"]


def test_function_tool_rules(api: httpx.Client) -> None:
    assert _messages(api.post("/tool", json={**FUNCTION_TOOL, "name": "top"})) == [
        "property name should not exist"
    ]
    assert "function.property extra should not exist" in _messages(
        api.post("/tool", json={"type": "function", "function": {"name": "ok", "extra": 1}})
    )
    bad_name = _messages(
        api.post("/tool", json={"type": "function", "function": {"name": "has space"}})
    )
    assert bad_name == ["function.name must match /^[a-zA-Z0-9_-]{1,64}$/ regular expression"]
    assert (
        api.post("/tool", json={"type": "function"}).status_code == 201
    )  # only `type` is required


def test_tool_type_is_required_and_known(api: httpx.Client) -> None:
    assert _messages(api.post("/tool", json={})) == ["type should not be empty"]
    assert _messages(api.post("/tool", json={"type": "teleport"}))[0].startswith(
        "type must be one of"
    )
    assert _messages(api.post("/tool", json={"type": "apiRequest"})) == [
        "method should not be empty",
        "url should not be empty",
    ]


@pytest.mark.parametrize("field", ["id", "orgId", "createdAt", "updatedAt"])
def test_read_only_fields_are_rejected(api: httpx.Client, field: str) -> None:
    assert _messages(api.post("/assistant", json={field: "x"})) == [
        f"property {field} should not exist"
    ]
    tool = api.post("/tool", json=FUNCTION_TOOL).json()
    assert _messages(api.patch(f"/tool/{tool['id']}", json={field: tool[field]})) == [
        f"property {field} should not exist"
    ]


def test_phone_number_status_is_read_only(api: httpx.Client) -> None:
    body = {"provider": "vapi", "sipUri": "sip:a@sip.vapi.ai", "status": "active"}
    assert _messages(api.post("/phone-number", json=body)) == ["property status should not exist"]


def test_name_longer_than_40_is_rejected(api: httpx.Client) -> None:
    expected = ["name must be shorter than or equal to 40 characters"]
    assert _messages(api.post("/assistant", json={"name": "a" * 41})) == expected
    assert api.post("/assistant", json={"name": "a" * 40}).status_code == 201
    phone = {"provider": "vapi", "sipUri": "sip:a@sip.vapi.ai", "name": "n" * 41}
    assert _messages(api.post("/phone-number", json=phone)) == expected
    assert (
        api.post("/squad", json={"name": "s" * 80, "members": []}).status_code == 201
    )  # no cap [OAS]


def test_first_message_mode_enum(api: httpx.Client) -> None:
    messages = _messages(api.post("/assistant", json={"firstMessageMode": "shout"}))
    assert messages[0].startswith("firstMessageMode must be one of the following values:")


def test_live_but_unspecified_assistant_keys_are_accepted(api: httpx.Client) -> None:
    body = {
        "silenceTimeoutSeconds": 30,
        "messagePlan": {"idleMessages": ["Still there?"]},
        "backgroundDenoisingEnabled": True,
        "endCallFunctionEnabled": True,
        "metadata": {"anything": {"goes": [1, 2]}},
    }
    assert api.post("/assistant", json=body).status_code == 201
    assert _messages(api.post("/assistant", json={"serverUrl": "https://x.test"})) == [
        "property serverUrl should not exist"
    ]


PROVIDER_REQUIRED = [
    ("byo-phone-number", ["credentialId should not be empty"]),
    ("twilio", ["number should not be empty", "twilioAccountSid should not be empty"]),
    ("vonage", ["number should not be empty", "credentialId should not be empty"]),
    ("telnyx", ["number should not be empty", "credentialId should not be empty"]),
    ("vapi", []),
]


@pytest.mark.parametrize(("provider", "expected"), PROVIDER_REQUIRED)
def test_phone_number_provider_required_fields(
    api: httpx.Client, provider: str, expected: list[str]
) -> None:
    response = api.post("/phone-number", json={"provider": provider})
    if expected:
        assert _messages(response) == expected
    else:
        assert response.status_code == 201


def test_phone_number_provider_is_required_and_known(api: httpx.Client) -> None:
    assert _messages(api.post("/phone-number", json={})) == ["provider should not be empty"]
    assert _messages(api.post("/phone-number", json={"provider": "sprint"})) == [
        "provider must be one of the following values: "
        "byo-phone-number, telnyx, twilio, vapi, vonage"
    ]


def test_provider_specific_fields_do_not_cross(api: httpx.Client) -> None:
    body = {
        "provider": "vonage",
        "number": "+14155551234",
        "credentialId": "c",
        "vonageApiKey": "k",
    }
    assert _messages(api.post("/phone-number", json=body)) == [
        "property vonageApiKey should not exist"
    ]
    body = {"provider": "byo-phone-number", "credentialId": "c", "twilioAccountSid": "AC"}
    assert _messages(api.post("/phone-number", json=body)) == [
        "property twilioAccountSid should not exist"
    ]


@pytest.mark.parametrize("number", ["4155551234", "+0123", "+1 415 555 1234", "abc"])
def test_e164_is_enforced(api: httpx.Client, number: str) -> None:
    body = {"provider": "byo-phone-number", "credentialId": "c", "number": number}
    assert _messages(api.post("/phone-number", json=body)) == [
        "number must be a valid phone number in the E.164 format (e.g. +14155551234)"
    ]


def test_e164_check_can_be_disabled_but_number_stays_alphanumeric(api: httpx.Client) -> None:
    base = {"provider": "byo-phone-number", "credentialId": "c", "numberE164CheckEnabled": False}
    for ok in ("1234", "+001234567890", "abc"):
        assert api.post("/phone-number", json={**base, "number": ok}).status_code == 201
    assert _messages(api.post("/phone-number", json={**base, "number": "12 34"})) == [
        "number must match /^\\+?[a-zA-Z0-9]+$/ regular expression"
    ]


def test_fallback_destination_is_validated(api: httpx.Client) -> None:
    base = {"provider": "vapi", "sipUri": "sip:a@sip.vapi.ai"}
    bad_number = {**base, "fallbackDestination": {"type": "number", "number": "555"}}
    assert _messages(api.post("/phone-number", json=bad_number)) == [
        "fallbackDestination.number must be a valid phone number in the E.164 format "
        "(e.g. +14155551234)"
    ]
    unknown = {**base, "fallbackDestination": {"type": "sip", "sipUri": "sip:x@y", "number": "+1"}}
    assert _messages(api.post("/phone-number", json=unknown)) == [
        "fallbackDestination.property number should not exist"
    ]


def test_vapi_area_code_is_three_digits(api: httpx.Client) -> None:
    messages = _messages(
        api.post("/phone-number", json={"provider": "vapi", "numberDesiredAreaCode": "41"})
    )
    assert messages == ["numberDesiredAreaCode must be longer than or equal to 3 characters"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"provider": "twilio"}, ["accountSid should not be empty"]),
        ({"provider": "vonage", "apiKey": "k"}, ["apiSecret should not be empty"]),
        ({"provider": "byo-sip-trunk"}, ["gateways should not be empty"]),
        ({"provider": "webhook"}, ["authenticationPlan should not be empty"]),
        ({"provider": "custom-credential"}, ["authenticationPlan should not be empty"]),
        (
            {
                "provider": "custom-credential",
                "authenticationPlan": {"type": "bearer", "token": "t", "x": 1},
            },
            ["authenticationPlan.property x should not exist"],
        ),
        (
            {"provider": "twilio", "accountSid": "AC", "name": "n" * 41},
            ["name must be shorter than or equal to 40 characters"],
        ),
        ({}, ["provider should not be empty"]),
    ],
)
def test_credential_rules(api: httpx.Client, body: dict[str, Any], expected: list[str]) -> None:
    assert _messages(api.post("/credential", json=body)) == expected


def test_org_patch_is_validated(api: httpx.Client) -> None:
    org_id = api.get("/org").json()[0]["id"]
    assert _messages(api.patch(f"/org/{org_id}", json={"orgId": "x"})) == [
        "property orgId should not exist"
    ]
    assert _messages(api.patch(f"/org/{org_id}", json={"concurrencyLimit": 11})) == [
        "concurrencyLimit must not be greater than 10"
    ]
    assert _messages(api.patch(f"/org/{org_id}", json={"serverUrl": "https://x"})) == [
        "property serverUrl should not exist"
    ]


ISSUE_19_BODIES = [
    ({"silenceTimeoutSeconds": 5}, "silenceTimeoutSeconds must not be less than 10"),
    (
        {"transcriber": {"provider": "deepgram", "modle": "nova-2"}},
        "transcriber.property modle should not exist",
    ),
    (
        {"backgroundSound": "jungle"},
        "backgroundSound must be one of the following values: off, office, "
        "or must be a URL address",
    ),
    (
        {"voice": {"provider": "11labs", "voiceId": "burt", "speed": 9}},
        "voice.speed must not be greater than 1.2",
    ),
    ({"stopSpeakingPlan": {"numWord": 2}}, "stopSpeakingPlan.property numWord should not exist"),
    (
        {"analysisPlan": {"summaryPlan": {"enabeld": True}}},
        "analysisPlan.summaryPlan.property enabeld should not exist",
    ),
]


@pytest.mark.parametrize(("body", "message"), ISSUE_19_BODIES)
def test_spec_refusals_answer_400_like_the_api(
    api: httpx.Client, body: dict[str, Any], message: str
) -> None:
    """The emulator checks every field against the spec, at any depth (issue 19)."""
    assert _messages(api.post("/assistant", json={"firstMessage": "hi", **body})) == [message]
    created = api.post("/assistant", json={"firstMessage": "hi"}).json()
    patched = api.patch(f"/assistant/{created['id']}", json=body)
    assert _messages(patched) == [message]


def test_live_but_unspecified_assistant_fields_are_accepted(api: httpx.Client) -> None:
    body = {
        "silenceTimeoutSeconds": 30,
        "messagePlan": {"idleMessages": ["Still there?"]},
        "backgroundDenoisingEnabled": True,
        "endCallFunctionEnabled": True,
        "voice": {"provider": "11labs", "voiceId": "burt", "speed": 1.1},
    }
    assert api.post("/assistant", json=body).status_code == 201
