"""The compiled fast path and the explaining path must agree on every body: the fast
path says "valid" exactly when the explaining path finds nothing."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest

from vapictl.apischema import _predicate, spec_data

VALID: list[tuple[str, str, dict[str, Any]]] = [
    (
        "/assistant",
        "create",
        {
            "name": "support",
            "firstMessage": "Hi",
            "backgroundSound": "office",
            "silenceTimeoutSeconds": 30,
            "model": {
                "provider": "openai",
                "model": "gpt-4o",
                "temperature": 0.5,
                "messages": [{"role": "system", "content": "Be brief."}],
                "tools": [{"type": "endCall"}],
                "toolIds": ["0b6a5c53-3c4d-4b5e-9f00-0a1b2c3d4e5f"],
            },
            "voice": {"provider": "11labs", "voiceId": "burt", "speed": 1.0},
            "transcriber": {"provider": "deepgram", "model": "nova-2"},
            "stopSpeakingPlan": {"numWords": 2},
            "analysisPlan": {"summaryPlan": {"enabled": True}},
            "endCallPhrases": ["goodbye"],
            "serverMessages": ["end-of-call-report"],
            "server": {"url": "https://example.com/vapi", "timeoutSeconds": 20},
            "metadata": {"team": "support"},
        },
    ),
    (
        "/tool",
        "create",
        {
            "type": "apiRequest",
            "name": "lookup",
            "method": "POST",
            "url": "https://example.com/x",
            "timeoutSeconds": 20,
        },
    ),
    (
        "/tool",
        "create",
        {
            "type": "function",
            "function": {
                "name": "lookup_order",
                "parameters": {"type": "object", "properties": {}},
            },
            "server": {"url": "https://example.com/tools"},
        },
    ),
    (
        "/phone-number",
        "create",
        {
            "provider": "twilio",
            "number": "+14155551234",
            "twilioAccountSid": "AC123",
            "twilioAuthToken": "secret",
            "fallbackDestination": {"type": "number", "number": "+14155550000"},
        },
    ),
    ("/squad", "create", {"name": "desk", "members": [{"assistantId": "a1"}]}),
    ("/org", "update", {"name": "acme", "concurrencyLimit": 5, "channel": "default"}),
]
WRONG_VALUES: tuple[Any, ...] = ("x", -5, 99999, True, [], {}, ["x"], [{}], 1.5)


def mutations(body: Any, depth: int = 0) -> Iterator[Any]:
    """The body with one leaf replaced, one key added or one key removed."""
    if isinstance(body, dict):
        yield {**body, "unknownKey": 1}
        for key, value in body.items():
            yield {k: v for k, v in body.items() if k != key}
            for wrong in WRONG_VALUES:
                yield {**body, key: wrong}
            for inner in mutations(value, depth + 1):
                yield {**body, key: inner}
    elif isinstance(body, list):
        for index, value in enumerate(body):
            for inner in mutations(value, depth + 1):
                changed = list(body)
                changed[index] = inner
                yield changed


@pytest.mark.parametrize(("api_path", "operation", "body"), VALID)
def test_fast_path_agrees_with_explanations(
    api_path: str, operation: str, body: dict[str, Any]
) -> None:
    data = spec_data()
    predicate = _predicate(api_path, operation)  # type: ignore[arg-type]
    root = data.roots[api_path][operation]
    assert predicate(body), body
    checked = 0
    for mutated in mutations(copy.deepcopy(body)):
        found: list[Any] = []
        data.explainer.check(root, mutated, (), "", "", found)
        assert predicate(mutated) == (not found), (mutated, found)
        checked += 1
    assert checked > 20
