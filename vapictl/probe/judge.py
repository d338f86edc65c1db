"""Whether an answer is what Vapi needs for the event it was sent (docs.vapi.ai server-url).

- `assistant-request`: within 7.5 s, a body naming exactly one of assistantId /
  assistant / squadId / squad / destination (an id or key that exists), or an error.
- `tool-calls`: within the server's timeout, `{"results": [{"toolCallId": <sent id>,
  "result" | "error": ...}]}`; the assistant stalls otherwise.
- informational events: a 2xx within the timeout.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from vapictl.probe.targets import Bodies, Probe

ASSISTANT_ANSWERS = ("assistantId", "assistant", "squadId", "squad", "destination")
_EXCERPT = 120


@dataclass(frozen=True)
class Answer:
    """What came back from one request (status None: no HTTP answer at all)."""

    status: int | None
    latency: float  # seconds
    body: bytes = b""
    error: str | None = None  # transport error or timeout


def judge(probe: Probe, answer: Answer, bodies: Bodies) -> tuple[list[str], list[str]]:
    """(problems, warnings) of one answer; no problems means the probe passed."""
    problems: list[str] = []
    warnings: list[str] = []
    if answer.error is not None:
        problems.append(answer.error)
    elif answer.status is None or not 200 <= answer.status < 300:
        problems.append(f"HTTP {answer.status}{_excerpt(answer.body)}")
    elif answer.latency > probe.deadline:
        problems.append(f"answered in {answer.latency:.2f}s, over the {probe.deadline:g}s limit")
    else:
        if probe.event == "assistant-request":
            problems += _assistant_request(answer.body, bodies, warnings)
        elif probe.event == "tool-calls":
            problems += _tool_calls(answer.body, probe.tool_call_id)
    if problems and probe.consequence:
        problems.append(probe.consequence)
    return problems, warnings


def _excerpt(body: bytes) -> str:
    text = body.decode("utf-8", "replace").strip()
    if not text:
        return ""
    short = text if len(text) <= _EXCERPT else text[:_EXCERPT] + "…"
    return f": {short}"


def _json_object(body: bytes) -> Mapping[str, Any] | str:
    """The parsed JSON object, or a problem saying why there is none."""
    try:
        value = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return f"the reply is not JSON{_excerpt(body)}"
    if not isinstance(value, Mapping):
        return f"the reply is JSON but not an object{_excerpt(body)}"
    return value


def _assistant_request(body: bytes, bodies: Bodies, warnings: list[str]) -> list[str]:
    reply = _json_object(body)
    if isinstance(reply, str):
        return [reply]
    if isinstance(reply.get("error"), str):
        return []  # Vapi speaks the error and ends the call: an answer it understands
    named = [key for key in ASSISTANT_ANSWERS if reply.get(key) is not None]
    if len(named) != 1:
        listed = ", ".join(ASSISTANT_ANSWERS)
        found = ", ".join(named) if named else "none"
        return [f"the reply must name exactly one of {listed} (found: {found})"]
    key = named[0]
    value = reply[key]
    if key in ("assistantId", "squadId"):
        known = bodies.assistant_refs if key == "assistantId" else bodies.squad_refs
        if not isinstance(value, str):
            return [f"{key} must be a string"]
        if value not in known:
            if not bodies.live_read:
                warnings.append(
                    f"{key} {value!r} is not a manifest key or pinned id; pass --api-key or"
                    " --local to check it against the live org"
                )
                return []
            return [f"{key} {value!r} exists neither in the manifests nor in the live org"]
    elif not isinstance(value, Mapping):
        return [f"{key} must be an object"]
    return []


def _tool_calls(body: bytes, tool_call_id: str | None) -> list[str]:
    reply = _json_object(body)
    if isinstance(reply, str):
        return [reply]
    results = reply.get("results")
    if not isinstance(results, list) or not results:
        return ['the reply has no "results" list (the assistant would stall)']
    for item in results:
        if isinstance(item, Mapping) and item.get("toolCallId") == tool_call_id:
            if "result" in item or "error" in item:
                return []
            return [f'the result for {tool_call_id} has neither "result" nor "error"']
    return [f"no result carries the toolCallId that was sent ({tool_call_id})"]
