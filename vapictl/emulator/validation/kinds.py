"""Minimal DTO rules for the kinds beyond the first five (CONFIG-KINDS §3, §9), as data.

Top-level keys, required fields, string caps and enums, plus the few rules the spec
cannot state (scenario evaluations, inline structured-output names). Nested shapes are
left to the spec-derived validator (`vapictl.apischema`), which runs beside these.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from vapictl.emulator.multipart import Upload
from vapictl.emulator.validation import assistant, core
from vapictl.emulator.validation.core import Messages, NestedCheck

_PATH = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9._-]*(?:/[a-zA-Z0-9][a-zA-Z0-9._-]*){0,2}$")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE)
COMPARATORS = ("=", "!=", ">", "<", ">=", "<=")


@dataclass(frozen=True)
class Shape:
    """One DTO: its keys, what create requires, and per-field rules."""

    keys: frozenset[str]
    required: tuple[str, ...] = ()
    strings: Mapping[str, tuple[int, int | None]] = field(default_factory=dict)  # min, max
    enums: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    string_arrays: tuple[str, ...] = ()
    objects: tuple[str, ...] = ()
    arrays: tuple[str, ...] = ()
    uuids: tuple[str, ...] = ()
    checks: tuple[NestedCheck, ...] = ()


def check(
    shape: Shape, body: Mapping[str, Any], prefix: str, out: Messages, *, creating: bool
) -> None:
    core.unknown_keys(body, shape.keys, prefix, out)
    if creating:
        core.required(body, shape.required, prefix, out)
    for name, (low, high) in shape.strings.items():
        core.string(body, name, prefix, out, min_length=low, max_length=high)
    for name, values in shape.enums.items():
        core.one_of(body, name, values, prefix, out)
    for name in shape.string_arrays:
        core.string_array(body, name, prefix, out)
    for name in shape.objects:
        if body.get(name) is not None and not core.is_object(body[name]):
            out.append(f"{prefix}nested property {name} must be either object or array")
    for name in shape.arrays:
        if body.get(name) is not None and not isinstance(body[name], list):
            out.append(f"{prefix}{name} must be an array")
    for name in shape.uuids:
        value = body.get(name)
        if value is not None and (not isinstance(value, str) or not _UUID.match(value)):
            out.append(f"{prefix}{name} must be a UUID")
    for extra in shape.checks:
        extra(body, prefix, out)


def _path(body: Mapping[str, Any], prefix: str, out: Messages) -> None:
    """The GitOps folder `path`: 1-3 segments, max 255, nullable [OAS]."""
    core.string(body, "path", prefix, out, max_length=255)
    value = body.get("path")
    if isinstance(value, str) and len(value) <= 255 and not _PATH.match(value):
        out.append(f"{prefix}path must match {_PATH.pattern} regular expression")


STRUCTURED_OUTPUT = Shape(
    frozenset(
        core.words(
            "type regex model compliancePlan conditions name schema description assistantIds "
            "workflowIds"
        )
    ),
    required=("name", "schema"),
    strings={"name": (1, 40), "regex": (1, 1000), "description": (0, None)},
    enums={"type": ("ai", "regex")},
    string_arrays=("assistantIds", "workflowIds"),
    objects=("schema", "model", "compliancePlan"),
    arrays=("conditions",),
)


def _inline_structured_output(body: Mapping[str, Any], prefix: str, out: Messages) -> None:
    """An inline SO in a scenario evaluation: the live API words its name cap so
    (GO-L structured-outputs.md); primitives only (CONFIG-KINDS §3.4)."""
    name = body.get("name")
    if not isinstance(name, str) or not 1 <= len(name) <= 40:
        out.append(f"{prefix}Name must be between 1 and 40 characters")
    schema = body.get("schema")
    kind = schema.get("type") if isinstance(schema, dict) else None
    if kind not in ("string", "number", "integer", "boolean"):
        out.append(
            f"{prefix}schema.type must be one of the following values: "
            "string, number, integer, boolean"
        )


_EVALUATION_KEYS = frozenset(
    core.words("structuredOutputId structuredOutput path comparator value required")
)


def _evaluation(body: dict[str, Any], prefix: str, out: Messages) -> None:
    core.unknown_keys(body, _EVALUATION_KEYS, prefix, out)
    core.required(body, ("comparator", "value"), prefix, out)
    core.one_of(body, "comparator", COMPARATORS, prefix, out)
    core.boolean(body, "required", prefix, out)
    by_id, inline = body.get("structuredOutputId"), body.get("structuredOutput")
    if (by_id is None) == (inline is None):
        out.append(f"{prefix}exactly one of structuredOutputId or structuredOutput must be set")
    if isinstance(inline, dict):
        _inline_structured_output(inline, f"{prefix}structuredOutput.", out)
    value = body.get("value")
    if isinstance(value, bool | str) and body.get("comparator") not in (None, "=", "!="):
        out.append(f"{prefix}comparator must be = or != for a {type(value).__name__} value")


def _evaluations(body: Mapping[str, Any], prefix: str, out: Messages) -> None:
    items = body.get("evaluations")
    if isinstance(items, list) and not items:
        out.append(f"{prefix}evaluations must contain at least 1 elements")
    core.nested_array(body, "evaluations", _evaluation, prefix, out)


_EVAL_ROLES = ("assistant", "system", "tool", "user")


def _eval_message(body: dict[str, Any], prefix: str, out: Messages) -> None:
    core.one_of(body, "role", _EVAL_ROLES, prefix, out)
    core.required(body, ("role",), prefix, out)
    if isinstance(body.get("content"), str):
        core.string(body, "content", prefix, out, max_length=1000)


def _eval_messages(body: Mapping[str, Any], prefix: str, out: Messages) -> None:
    core.nested_array(body, "messages", _eval_message, prefix, out)


def _personality_assistant(body: Mapping[str, Any], prefix: str, out: Messages) -> None:
    core.nested(body, "assistant", assistant.validate, prefix, out)


_TARGET_KEYS = frozenset({"targetType", "targetId"})


def _target(body: dict[str, Any], prefix: str, out: Messages) -> None:
    check(
        Shape(
            _TARGET_KEYS,
            ("targetType", "targetId"),
            enums={"targetType": ("assistant", "squad")},
            uuids=("targetId",),
        ),
        body,
        prefix,
        out,
        creating=True,
    )


def _targets(body: Mapping[str, Any], prefix: str, out: Messages) -> None:
    core.nested_array(body, "targetAssignments", _target, prefix, out)


_CONDITION_KEYS = frozenset({"type", "comparator", "value", "points"})


def _condition(body: dict[str, Any], prefix: str, out: Messages) -> None:
    core.unknown_keys(body, _CONDITION_KEYS, prefix, out)
    core.required(body, ("type", "comparator", "value", "points"), prefix, out)
    core.one_of(body, "type", ("comparator",), prefix, out)
    core.one_of(body, "comparator", COMPARATORS, prefix, out)
    core.number(body, "points", prefix, out, minimum=0, maximum=100)
    if isinstance(body.get("value"), bool) and body.get("comparator") not in (None, "="):
        out.append(f"{prefix}comparator must be = for a boolean value")


def _metric(body: dict[str, Any], prefix: str, out: Messages) -> None:
    core.unknown_keys(body, {"structuredOutputId", "conditions"}, prefix, out)
    core.required(body, ("structuredOutputId", "conditions"), prefix, out)
    core.string(body, "structuredOutputId", prefix, out)
    core.nested_array(body, "conditions", _condition, prefix, out)


def _metrics(body: Mapping[str, Any], prefix: str, out: Messages) -> None:
    core.nested_array(body, "metrics", _metric, prefix, out)


_SIMULATION_FIELDS = {"name": (0, 80)}

SHAPES: dict[str, Shape] = {
    "structured-output": STRUCTURED_OUTPUT,
    "eval": Shape(
        frozenset({"messages", "name", "description", "type"}),
        required=("messages", "type"),
        strings={"name": (1, 80), "description": (0, 500)},
        enums={"type": ("chat.mockConversation",)},
        arrays=("messages",),
        checks=(_eval_messages,),
    ),
    "eval/simulation/personality": Shape(
        frozenset({"name", "assistant", "path"}),
        required=("name", "assistant"),
        strings=_SIMULATION_FIELDS,
        checks=(_path, _personality_assistant),
    ),
    "eval/simulation/scenario": Shape(
        frozenset(core.words("name instructions evaluations hooks targetOverrides toolMocks path")),
        required=("name", "instructions", "evaluations"),
        strings={**_SIMULATION_FIELDS, "instructions": (0, 10000)},
        objects=("targetOverrides",),
        arrays=("evaluations", "hooks", "toolMocks"),
        checks=(_path, _evaluations),
    ),
    "eval/simulation": Shape(
        frozenset({"name", "scenarioId", "personalityId", "path"}),
        required=("scenarioId", "personalityId"),
        strings=_SIMULATION_FIELDS,
        uuids=("scenarioId", "personalityId"),
        checks=(_path,),
    ),
    "eval/simulation/suite": Shape(
        frozenset({"name", "slackWebhookUrl", "simulationIds", "targetAssignments", "path"}),
        required=("name", "simulationIds"),
        strings={**_SIMULATION_FIELDS, "slackWebhookUrl": (0, None)},
        string_arrays=("simulationIds",),
        arrays=("targetAssignments",),
        checks=(_path, _targets),
    ),
    "observability/scorecard": Shape(
        frozenset({"name", "description", "metrics", "assistantIds"}),
        required=("metrics",),
        strings={"name": (0, 80), "description": (0, 500)},
        string_arrays=("assistantIds",),
        arrays=("metrics",),
        checks=(_metrics,),
    ),
    "v2/knowledge-base": Shape(
        frozenset({"name", "description"}),
        required=("name",),
        strings={"name": (1, 80), "description": (0, 1000)},
    ),
}

FILE_PURPOSES = ("assistant", "composer-attachment", "knowledge-base-v2")
FILE_UPLOAD = Shape(
    frozenset({"file", "purpose", "metadata"}),
    required=("file",),
    strings={"metadata": (0, 4096)},
    enums={"purpose": FILE_PURPOSES},
)
FILE_UPDATE = Shape(frozenset({"name"}), strings={"name": (1, 40)})


def validate_file_upload(body: Mapping[str, Any], out: Messages) -> None:
    check(FILE_UPLOAD, body, "", out, creating=True)
    if body.get("file") is not None and not isinstance(body["file"], Upload):
        out.append("file must be a file upload (multipart/form-data)")
