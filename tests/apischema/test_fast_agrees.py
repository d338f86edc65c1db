"""The compiled fast path and the explaining path must agree on every body: the fast
path says "valid" exactly when the explaining path finds nothing."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest

from vapictl.apischema import _predicate, is_valid_request, spec_data

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


class _Marker:
    """Stands for a value only known later (as the manifest check's Ref does)."""


def _leaves_replaced(body: Any, by: Any) -> Iterator[tuple[Any, Any]]:
    """(body with one leaf replaced by `by`, the same with `by`'s stand-in) for each leaf;
    the stand-in is filled in by the caller."""
    if isinstance(body, dict):
        for key, value in body.items():
            yield {**body, key: by}, (key,)
            for inner, path in _leaves_replaced(value, by):
                yield {**body, key: inner}, (key, *path)
    elif isinstance(body, list):
        for index, value in enumerate(body):
            changed = list(body)
            changed[index] = by
            yield changed, (index,)
            for inner, path in _leaves_replaced(value, by):
                again = list(body)
                again[index] = inner
                yield again, (index, *path)


def _filled(body: Any, marker: Any, stand_in: Any) -> Any:
    if body is marker:
        return stand_in
    if isinstance(body, dict):
        return {key: _filled(value, marker, stand_in) for key, value in body.items()}
    if isinstance(body, list):
        return [_filled(value, marker, stand_in) for value in body]
    return body


UUID_TEXT = "0b6a5c53-3c4d-4b5e-9f00-0a1b2c3d4e5f"


@pytest.mark.parametrize("stand_in", [UUID_TEXT, "x" * 300, 5])
@pytest.mark.parametrize(("api_path", "operation", "body"), VALID)
def test_a_stand_in_is_checked_as_if_copied_in(
    api_path: str, operation: str, body: dict[str, Any], stand_in: Any
) -> None:
    """is_valid_request with stand-ins says what the compiled check says of the body with
    each stand-in copied in, wherever the value stands (a long string breaks maxLengths,
    a number breaks strings)."""
    marker = _Marker()
    stand_ins = ((_Marker, stand_in),)
    predicate = _predicate(api_path, operation)  # type: ignore[arg-type]
    verdicts = set()
    for replaced, path in _leaves_replaced(body, marker):
        expected = predicate(_filled(replaced, marker, stand_in))
        found = is_valid_request(api_path, operation, replaced, stand_ins)  # type: ignore[arg-type]
        assert found == expected, (path, stand_in)
        verdicts.add(found)
    assert (stand_in == UUID_TEXT) in verdicts
