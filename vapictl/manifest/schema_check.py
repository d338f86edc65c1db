"""Check the merged manifest against its JSON Schema, with readable messages.

Each jsonschema error becomes a Diagnostic at the `file:line:col` of the value
(or, for a missing field, of the entry's key), saying what was expected and
what was found. Values that are secrets or came from variables are not shown.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Any

from vapictl.manifest.report import PathParts, Report, format_path, locate
from vapictl.manifest.schema import manifest_schema, schema_source
from vapictl.manifest.suggest import closest

_TYPE_NAMES = {
    "string": "a string",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "object": "a mapping",
    "array": "a list",
    "null": "null",
}


@functools.cache
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(manifest_schema())


# Above this many entries, a compiled validator first checks that the document is
# valid (about 13x faster than jsonschema on a 2,000-resource org); jsonschema then
# runs only to explain a document that is not. Below it, compiling costs more than
# jsonschema, so the compiled validator is used only if it is in the cache already
# (~20 ms to read, against ~90 ms to import and build jsonschema's).
FAST_PATH_MIN_ENTRIES = 200


@functools.cache
def _fast_validator() -> Any:
    from vapictl.manifest.validator_cache import cached_validator

    return cached_validator(schema_source(), manifest_schema())


@functools.cache
def _fast_validator_if_cached() -> Any | None:
    from vapictl.manifest.validator_cache import validator_if_cached

    return validator_if_cached(schema_source())


def warm_fast_validator() -> None:
    """Compile the fast validator now. Compiling builds ~20 MB of short-lived syntax
    trees; done before a large manifest is in memory, that does not add to the peak."""
    _fast_validator()


def _is_valid_fast(tree: Any, validate: Any = None) -> bool:
    import fastjsonschema

    try:
        (validate or _fast_validator())(tree)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def _entry_count(tree: Any) -> int:
    if not isinstance(tree, dict):
        return 0
    return sum(len(section) for section in tree.values() if isinstance(section, dict))


def check_schema(tree: Any, report: Report) -> None:
    """Report every schema violation of `tree` (the merged, expanded document)."""
    if tree is None:
        return
    large = _entry_count(tree) >= FAST_PATH_MIN_ENTRIES
    fast = _fast_validator() if large else _fast_validator_if_cached()
    if fast is not None and _is_valid_fast(tree, fast):
        return
    errors = sorted(_validator().iter_errors(tree), key=lambda e: len(e.absolute_path))
    for error in errors:
        parts: PathParts = tuple(error.absolute_path)
        if error.validator == "additionalProperties":
            _unknown_keys(tree, parts, error, report)
            continue
        path = format_path(parts)
        if error.validator == "required":
            missing = _missing_field(error.message)
            expectation = (
                error.schema.get("errorMessage") if isinstance(error.schema, dict) else None
            )
            message = f"missing required field '{missing}'"
            if isinstance(expectation, str):
                message += f" ({expectation})"
            report.error(
                message, locate(tree, parts, key=True), format_path((*parts, missing)), "schema"
            )
            continue
        # A missing alternative (anyOf of `required`) is best shown at the entry's key.
        at_key = error.validator == "anyOf"
        report.error(_message(error, path, report), locate(tree, parts, key=at_key), path, "schema")


def _missing_field(message: str) -> str:
    match = re.match(r"^'(.*)' is a required property$", message)
    return match.group(1) if match else "?"


def _message(error: Any, path: str, report: Report) -> str:
    schema = error.schema if isinstance(error.schema, dict) else {}
    instance = error.instance
    found = report.found(path, instance)
    custom = schema.get("errorMessage")
    validator = error.validator
    if validator == "type":
        types = error.validator_value
        types = [types] if isinstance(types, str) else list(types)
        expected = " or ".join(_TYPE_NAMES.get(t, t) for t in types)
        hint = ""
        if (
            "string" in types
            and isinstance(instance, (int, float))
            and not isinstance(instance, bool)
        ):
            hint = ' (YAML reads unquoted digits as a number: quote it, e.g. "+14155551234")'
        elif "string" in types and isinstance(instance, bool):
            hint = " (YAML reads unquoted yes/no/on/off/true/false as a boolean: quote it)"
        return f"expected {expected}, found {found}{hint}"
    if validator == "enum":
        choices = [c for c in error.validator_value if c is not None]
        text = f"expected one of {', '.join(map(str, choices))}, found {found}"
        return text + _suggestion(instance, [str(c) for c in choices])
    if validator == "const":
        return f"expected {error.validator_value!r}, found {found}"
    if isinstance(custom, str) and validator in {
        "pattern",
        "maxLength",
        "minLength",
        "anyOf",
        "minimum",
        "maximum",
    }:
        if validator == "maxLength" and isinstance(instance, str):
            return f"{custom}, found {len(instance)} characters"
        if validator == "anyOf":
            return custom
        return f"{custom}, found {found}"
    if validator in {"minimum", "maximum"}:
        low, high = schema.get("minimum"), schema.get("maximum")
        if low is not None and high is not None:
            return f"expected a number from {low} to {high}, found {found}"
        if low is not None:
            return f"expected a number of at least {low}, found {found}"
        return f"expected a number of at most {high}, found {found}"
    if validator == "maxLength":
        return f"expected at most {error.validator_value} characters, found {len(instance)}"
    if validator == "minLength" and "propertyNames" in error.schema_path:
        return "expected every key to be a non-empty name, found an empty key"
    if validator == "minLength":
        return f"expected at least {error.validator_value} characters, found {len(instance)}"
    if validator == "minItems":
        return f"expected at least {error.validator_value} item(s), found {len(instance)}"
    if validator == "pattern":
        return f"expected text matching {error.validator_value}, found {found}"
    if path in report.secret_paths or path in report.variable_paths:
        return f"invalid value (fails '{validator}'), found {found}"
    return str(error.message)


def _unknown_keys(tree: Any, parts: PathParts, error: Any, report: Report) -> None:
    schema = error.schema if isinstance(error.schema, dict) else {}
    known = list(schema.get("properties", {}))
    patterns = [re.compile(p) for p in schema.get("patternProperties", {})]
    what = "section" if not parts else "setting" if parts == ("settings",) else "field"
    for key in _extras(error.instance, known, patterns):
        message = f"unknown {what} '{key}'"
        suggestion = _suggestion(key, known)
        message += suggestion or f" (expected one of: {', '.join(known)})"
        report.error(
            message,
            locate(tree, (*parts, key), key=True),
            format_path((*parts, key)),
            "unknown-key",
        )


def _extras(instance: Any, known: Iterable[str], patterns: list[re.Pattern[str]]) -> list[str]:
    known_set = set(known)
    return [
        key for key in instance if key not in known_set and not any(p.search(key) for p in patterns)
    ]


def _suggestion(value: Any, choices: list[str]) -> str:
    if not isinstance(value, str):
        return ""
    match = closest(value, choices)
    return f"; did you mean '{match}'?" if match else ""
