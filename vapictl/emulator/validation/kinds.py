"""Rules for the kinds beyond the first five that the spec cannot state (CONFIG-KINDS §3):
the multipart file upload (no JSON schema), and cross-field rules of scenario
evaluations and scorecard conditions. Everything else comes from the spec-derived
validator (`vapictl.apischema`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from vapictl.emulator.multipart import Upload
from vapictl.emulator.validation import core
from vapictl.emulator.validation.core import Messages

FILE_PURPOSES = ("assistant", "composer-attachment", "knowledge-base-v2")
_FILE_KEYS = frozenset({"file", "purpose", "metadata"})


def validate_file_upload(body: Mapping[str, Any], out: Messages) -> None:
    """POST /file is multipart/form-data (CreateFileDTO): not a JSON body the spec data holds."""
    core.unknown_keys(body, _FILE_KEYS, "", out)
    core.required(body, ("file",), "", out)
    core.string(body, "metadata", "", out, max_length=4096)
    core.one_of(body, "purpose", FILE_PURPOSES, "", out)
    if body.get("file") is not None and not isinstance(body["file"], Upload):
        out.append("file must be a file upload (multipart/form-data)")


def _inline_structured_output(body: Mapping[str, Any], prefix: str, out: Messages) -> None:
    """An inline SO in a scenario evaluation: the live API words its name cap so
    (GO-L structured-outputs.md); primitives only (CONFIG-KINDS §3.4)."""
    name = body.get("name")
    if not isinstance(name, str) or not 1 <= len(name) <= 40:
        # In place of the spec's wording for the same cap (the live API's words win).
        out[:] = [m for m in out if not m.startswith(f"{prefix}name ")]
        out.append(f"{prefix}Name must be between 1 and 40 characters")
    schema = body.get("schema")
    kind = schema.get("type") if isinstance(schema, dict) else None
    if kind not in ("string", "number", "integer", "boolean"):
        out.append(
            f"{prefix}schema.type must be one of the following values: "
            "string, number, integer, boolean"
        )


def _evaluation(body: Mapping[str, Any], prefix: str, out: Messages) -> None:
    by_id, inline = body.get("structuredOutputId"), body.get("structuredOutput")
    if (by_id is None) == (inline is None):
        out.append(f"{prefix}exactly one of structuredOutputId or structuredOutput must be set")
    if isinstance(inline, dict):
        _inline_structured_output(inline, f"{prefix}structuredOutput.", out)
    value = body.get("value")
    if isinstance(value, bool | str) and body.get("comparator") not in (None, "=", "!="):
        out.append(f"{prefix}comparator must be = or != for a {type(value).__name__} value")


def scenario(body: Mapping[str, Any], out: Messages) -> None:
    items = body.get("evaluations")
    if not isinstance(items, list):
        return
    if not items:
        out.append("evaluations must contain at least 1 elements")
    for index, item in enumerate(items):
        if isinstance(item, dict):
            _evaluation(item, f"evaluations.{index}.", out)


def scorecard(body: Mapping[str, Any], out: Messages) -> None:
    """A boolean metric compares with = only (CONFIG-KINDS §3.7)."""
    metrics = body.get("metrics")
    for m_index, metric in enumerate(metrics if isinstance(metrics, list) else []):
        conditions = metric.get("conditions") if isinstance(metric, dict) else None
        for c_index, condition in enumerate(conditions if isinstance(conditions, list) else []):
            if (
                isinstance(condition, dict)
                and isinstance(condition.get("value"), bool)
                and condition.get("comparator") not in (None, "=")
            ):
                prefix = f"metrics.{m_index}.conditions.{c_index}."
                out.append(f"{prefix}comparator must be = for a boolean value")
