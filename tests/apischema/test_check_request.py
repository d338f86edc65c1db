"""check_request: the API's own refusals, in its own words (issue 19's examples)."""

from __future__ import annotations

from typing import Any

import pytest

from vapictl.apischema import check_request


def messages(api_path: str, body: dict[str, Any], operation: str = "create") -> list[str]:
    return [p.message for p in check_request(api_path, operation, body)]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("body", "message"),
    [
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
        (
            {"stopSpeakingPlan": {"numWord": 2}},
            "stopSpeakingPlan.property numWord should not exist",
        ),
        (
            {"analysisPlan": {"summaryPlan": {"enabeld": True}}},
            "analysisPlan.summaryPlan.property enabeld should not exist",
        ),
        ({"name": "x" * 41}, "name must be shorter than or equal to 40 characters"),
        (
            {"maxDurationSeconds": "long"},
            "maxDurationSeconds must be a number conforming to the specified constraints",
        ),
        (
            {"firstMessageMode": "shout"},
            "firstMessageMode must be one of the following values: "
            "assistant-speaks-first, assistant-speaks-first-with-model-generated-message, "
            "assistant-waits-for-user",
        ),
        (
            {"voice": {"provider": "nope"}},
            "voice.provider must be one of the following values: "
            "11labs, azure, cartesia, custom-voice, deepgram, hume, inworld, lmnt, microsoft, "
            "minimax, neuphonic, openai, playht, rime-ai, sesame, smallest-ai, tavus, vapi, "
            "wellsaid, xai",
        ),
        ({"model": {"provider": "openai"}}, "model.model should not be empty"),
        ({"voice": "burt"}, "nested property voice must be either object or array"),
        ({"endCallPhrases": "bye"}, "endCallPhrases must be an array"),
        (
            {"serverMessages": ["nope"]},
            "each value in serverMessages must be one of the following values: ",
        ),
    ],
)
def test_assistant_refusals(body: dict[str, Any], message: str) -> None:
    found = messages("/assistant", body)
    assert any(m.startswith(message) for m in found), found


def test_unknown_property_carries_a_suggestion_and_a_path() -> None:
    (problem,) = check_request(
        "/assistant", "create", {"transcriber": {"provider": "deepgram", "modle": "x"}}
    )
    assert problem.path == ("transcriber", "modle")
    assert problem.suggestion == "model"


@pytest.mark.parametrize(
    "body",
    [
        {"firstMessage": "hi", "silenceTimeoutSeconds": 30},  # overlay: still accepted live
        {"messagePlan": {"idleMessages": ["hello?"]}, "backgroundDenoisingEnabled": True},
        {"endCallFunctionEnabled": True},
        {"voice": {"provider": "11labs", "voiceId": "burt"}},  # a preset: both oneOf branches
        {"voice": {"provider": "11labs", "voiceId": "my-cloned-voice", "speed": 1.2}},
        {"backgroundSound": "off"},
        {"backgroundSound": "https://example.com/office.mp3"},
        {"voicemailMessage": None, "metadata": {"anything": {"goes": [1]}}},  # null clears
        {
            "model": {
                "provider": "openai",
                "model": "gpt-4o",
                "temperature": 0.3,
                "messages": [{"role": "system", "content": "Be brief."}],
            }
        },
    ],
)
def test_valid_assistants_pass(body: dict[str, Any]) -> None:
    assert check_request("/assistant", "create", body) == []


def test_inline_tools_are_checked_with_the_each_value_prefix() -> None:
    body = {
        "model": {
            "provider": "openai",
            "model": "gpt-4o",
            "tools": [{"type": "function", "function": {"name": "ok"}, "foo": 1}],
        }
    }
    assert messages("/assistant", body) == [
        "model.each value in tools.property foo should not exist"
    ]


def test_tool_union_is_keyed_by_type() -> None:
    assert messages("/tool", {"type": "apiRequest"}) == [
        "method should not be empty",
        "url should not be empty",
    ]
    assert messages("/tool", {"type": "function", "function": {"name": "bad name"}}) == [
        "function.name must match /^[a-zA-Z0-9_-]{1,64}$/ regular expression"
    ]
    assert messages("/tool", {"type": "teleport"})[0].startswith(
        "type must be one of the following values: apiRequest, bash,"
    )


def test_update_takes_the_variant_from_the_stored_resource() -> None:
    problems = check_request("/tool", "update", {"async": "yes"}, stored={"type": "function"})
    assert [p.message for p in problems] == ["async must be a boolean value"]
    assert check_request("/tool", "update", {"async": True}, stored={"type": "function"}) == []


def test_phone_numbers_are_keyed_by_provider() -> None:
    assert messages("/phone-number", {"provider": "byo-phone-number"}) == [
        "credentialId should not be empty"
    ]
    assert messages("/phone-number", {"provider": "vapi", "vonageApiKey": "x"}) == [
        "property vonageApiKey should not exist"
    ]


def test_squad_update_still_requires_members() -> None:
    assert messages("/squad", {"name": "desk"}, "update") == ["members should not be empty"]


def test_credential_update_does_not_require_secrets() -> None:
    assert messages("/credential", {"provider": "anthropic", "name": "x"}) == [
        "apiKey should not be empty"
    ]
    assert messages("/credential", {"provider": "anthropic", "name": "x"}, "update") == []
    assert messages("/credential", {"provider": "twilio", "sid": "x"}, "update") == [
        "property sid should not exist"
    ]


def test_new_kinds_have_schemas() -> None:
    assert messages("/structured-output", {"name": "x"}) == ["schema should not be empty"]
    assert check_request("/v2/knowledge-base", "update", {"nmae": "kb"})[0].suggestion == "name"


def test_unknown_api_path_is_not_checked() -> None:
    assert check_request("/nothing", "create", {"x": 1}) == []
