"""Load the Vapi OpenAPI spec in place and validate JSON against its schemas.

Reusable by any contract test (responses here, requests vapictl sends elsewhere):

    schema = response_schema("/tool/{id}", "get")      # skips the test if ../shared is absent
    assert schema_errors(schema, body) == []

The spec is OpenAPI 3.0: `$ref`s point into `#/components/schemas`, so every schema
returned here carries the (converted) components beside it and refs resolve in place.
`nullable: true` is turned into JSON Schema's `null` type, JavaScript-literal patterns
(`/^...$/`) into plain ones. Formats are not checked.
"""

from __future__ import annotations

import copy
import functools
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

SPEC_PATH = (
    Path(__file__).resolve().parents[1] / ".." / "shared" / "vapi" / "openapi-current.json"
).resolve()
SKIP_REASON = f"the Vapi OpenAPI spec is not available at {SPEC_PATH} (../shared is absent)"

Schema = dict[str, Any]


def spec_available() -> bool:
    return SPEC_PATH.is_file()


@functools.cache
def _spec() -> dict[str, Any]:
    with SPEC_PATH.open(encoding="utf-8") as handle:
        spec: dict[str, Any] = json.load(handle)
    spec["components"] = _convert_nullable(spec.get("components", {}))
    return spec


def load_spec() -> dict[str, Any]:
    """The spec (with nullable converted); skips the calling test if it is absent."""
    if not spec_available():
        pytest.skip(SKIP_REASON)
    return _spec()


def _convert_nullable(node: Any) -> Any:
    """OpenAPI 3.0 `nullable: true` -> JSON Schema, recursively."""
    if isinstance(node, list):
        return [_convert_nullable(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: _convert_nullable(value) for key, value in node.items()}
    pattern = converted.get("pattern")
    if isinstance(pattern, str) and len(pattern) > 1 and pattern[0] == pattern[-1] == "/":
        # The spec writes some patterns as JavaScript literals: /^[a-z]+$/.
        converted["pattern"] = pattern[1:-1]
    if converted.pop("nullable", False) is not True:
        return converted
    if isinstance(converted.get("type"), str):
        converted["type"] = [converted["type"], "null"]
        if "enum" in converted:
            converted["enum"] = [*converted["enum"], None]
        return converted
    return {"anyOf": [converted, {"type": "null"}]}


def _with_components(schema: Schema) -> Schema:
    """A standalone schema whose `#/components/...` refs resolve in place."""
    return {**copy.deepcopy(schema), "components": _spec()["components"]}


def component_schema(name: str) -> Schema:
    """`#/components/schemas/<name>` as a standalone schema."""
    spec = load_spec()
    if name not in spec["components"]["schemas"]:
        raise KeyError(f"no schema {name!r} in {SPEC_PATH.name}")
    return _with_components({"$ref": f"#/components/schemas/{name}"})


def _operation(path: str, method: str) -> dict[str, Any]:
    spec = load_spec()
    try:
        operation: dict[str, Any] = spec["paths"][path][method.lower()]
    except KeyError:
        raise KeyError(f"no operation {method.upper()} {path} in {SPEC_PATH.name}") from None
    return operation


def response_schema(path: str, method: str, status: str = "200") -> Schema:
    """The JSON response schema of an operation, e.g. ("/tool/{id}", "get")."""
    response = _operation(path, method)["responses"][status]
    return _with_components(response["content"]["application/json"]["schema"])


def request_schema(path: str, method: str) -> Schema:
    """The JSON request-body schema of an operation, e.g. ("/assistant", "post")."""
    body = _operation(path, method)["requestBody"]
    return _with_components(body["content"]["application/json"]["schema"])


def schema_errors(schema: Schema, instance: Any) -> list[str]:
    """Every validation error as 'path: message' (empty when the instance is valid)."""
    validator = jsonschema.Draft7Validator(schema)
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
    return [_describe(error) for error in errors]


def _describe(error: jsonschema.ValidationError) -> str:
    # For a failed oneOf, name the closest branch's problem instead of dumping the instance.
    detail = jsonschema.exceptions.best_match(error.context) if error.context else None
    chosen = detail or error
    where = "/".join(str(p) for p in chosen.absolute_path) or "<root>"
    message = chosen.message if len(chosen.message) < 300 else chosen.message[:300] + "..."
    return f"{where}: {message}"
