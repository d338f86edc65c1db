"""The verdict rules of `vapictl probe`, one answer at a time."""

from __future__ import annotations

import json
from typing import Any

from vapictl.probe.judge import Answer, judge
from vapictl.probe.messages import example_value
from vapictl.probe.targets import Bodies, Endpoint, Probe, StandsFor

BODIES = Bodies(
    org=None,
    by_kind={},
    assistant_refs=frozenset({"support", "a1b2"}),
    squad_refs=frozenset({"front-desk"}),
    live_read=True,
)


def _probe(event: str, deadline: float = 7.5, tool_call_id: str | None = None) -> Probe:
    return Probe(
        event,
        Endpoint("https://hooks.example.com/vapi"),
        {},
        deadline,
        StandsFor(("main-line",)),
        tool_call_id,
        consequence="inbound calls to main-line would hang up",
    )


def _answer(body: Any, status: int = 200, latency: float = 0.1) -> Answer:
    return Answer(status, latency, json.dumps(body).encode())


def test_assistant_request_accepts_one_known_answer_or_an_error() -> None:
    for reply in (
        {"assistantId": "a1b2"},
        {"squadId": "front-desk"},
        {"assistant": {"firstMessage": "hi"}},
        {"destination": {"type": "number", "number": "+14155550000"}},
        {"error": "We are closed."},
    ):
        assert judge(_probe("assistant-request"), _answer(reply), BODIES) == ([], []), reply


def test_assistant_request_failures_name_the_number_that_hangs_up() -> None:
    cases = {
        "two answers": {"assistantId": "a1b2", "squadId": "front-desk"},
        "unknown id": {"assistantId": "gone"},
        "wrong type": {"assistant": "support"},
        "empty": {},
    }
    for label, reply in cases.items():
        problems, _ = judge(_probe("assistant-request"), _answer(reply), BODIES)
        assert problems and problems[-1] == "inbound calls to main-line would hang up", label
    problems, _ = judge(_probe("assistant-request"), Answer(200, 0.1, b"<html>"), BODIES)
    assert problems[0].startswith("the reply is not JSON")


def test_unknown_id_without_live_state_is_only_a_warning() -> None:
    offline = Bodies(None, {}, frozenset({"support"}), frozenset(), live_read=False)
    problems, warnings = judge(_probe("assistant-request"), _answer({"assistantId": "x"}), offline)
    assert problems == [] and "--api-key" in warnings[0]


def test_deadline_status_and_transport_errors() -> None:
    late = judge(_probe("assistant-request"), _answer({"assistantId": "a1b2"}, latency=8.0), BODIES)
    assert "over the 7.5s limit" in late[0][0]
    assert judge(_probe("status-update", 20), _answer({}, status=404), BODIES)[0][0].startswith(
        "HTTP 404"
    )
    silent = Answer(None, 20.5, error="no answer within 20s")
    assert judge(_probe("status-update", 20), silent, BODIES)[0][0] == "no answer within 20s"
    assert judge(_probe("status-update", 20), _answer("anything"), BODIES) == ([], [])


def test_tool_calls_need_a_result_for_the_sent_id() -> None:
    probe = _probe("tool-calls", 20, "call-1")
    ok = {"results": [{"toolCallId": "call-1", "result": "done"}]}
    assert judge(probe, _answer(ok), BODIES) == ([], [])
    error_result = {"results": [{"toolCallId": "call-1", "error": "out of stock"}]}
    assert judge(probe, _answer(error_result), BODIES) == ([], [])
    other_id = {"results": [{"toolCallId": "call-2", "result": "done"}]}
    assert "call-1" in judge(probe, _answer(other_id), BODIES)[0][0]
    neither = {"results": [{"toolCallId": "call-1"}]}
    assert "neither" in judge(probe, _answer(neither), BODIES)[0][0]


def test_example_arguments_follow_the_schema() -> None:
    schema = {
        "type": "object",
        "properties": {
            "when": {"type": "string", "format": "date"},
            "code": {"type": "string", "minLength": 12},
            "items": {"type": "array", "items": {"type": "number"}},
            "mode": {"anyOf": [{"const": "fast"}, {"type": "string"}]},
            "nested": {"type": "object", "properties": {"ok": {"type": ["null", "boolean"]}}},
        },
    }
    assert example_value(schema) == {
        "when": "2026-01-15",
        "code": "examplexxxxx",
        "items": [1.5],
        "mode": "fast",
        "nested": {"ok": True},
    }
    deep: dict[str, Any] = {"type": "object", "properties": {}}
    node = deep
    for _ in range(50):  # a pathological schema cannot recurse forever
        child: dict[str, Any] = {"type": "object", "properties": {}}
        node["properties"]["x"] = child
        node = child
    assert isinstance(example_value(deep), dict)
