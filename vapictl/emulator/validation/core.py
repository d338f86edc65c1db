"""class-validator-style checks that collect NestJS messages (API-REFERENCE §1).

Each check appends messages to a list instead of raising, so one 400 reports every
problem, as the real API does. `prefix` is the NestJS property path ("server.",
"members.0.") put in front of nested messages.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

Messages = list[str]
NestedCheck = Callable[[Any, str, Messages], None]

E164 = re.compile(r"^\+[1-9]\d{1,14}$")
# API-REFERENCE §3: with numberE164CheckEnabled=false the number only has to match this.
LOOSE_NUMBER = re.compile(r"^\+?[a-zA-Z0-9]+$")


def words(text: str) -> tuple[str, ...]:
    """Split a space-separated list of names (keeps the rule tables compact)."""
    return tuple(text.split())


def is_object(value: Any) -> bool:
    return isinstance(value, dict)


def unknown_keys(
    body: Mapping[str, Any], allowed: Collection[str], prefix: str, out: Messages
) -> None:
    """forbidNonWhitelisted: every key the DTO does not declare is an error."""
    out.extend(f"{prefix}property {key} should not exist" for key in body if key not in allowed)


def required(body: Mapping[str, Any], names: Collection[str], prefix: str, out: Messages) -> None:
    for name in names:
        if body.get(name) is None:
            out.append(f"{prefix}{name} should not be empty")


def string(
    body: Mapping[str, Any],
    name: str,
    prefix: str,
    out: Messages,
    *,
    max_length: int | None = None,
    min_length: int = 0,
) -> None:
    value = body.get(name)
    if value is None:
        return
    if not isinstance(value, str):
        out.append(f"{prefix}{name} must be a string")
        return
    if max_length is not None and len(value) > max_length:
        out.append(f"{prefix}{name} must be shorter than or equal to {max_length} characters")
    if len(value) < min_length:
        out.append(f"{prefix}{name} must be longer than or equal to {min_length} characters")


def one_of(
    body: Mapping[str, Any], name: str, values: Collection[str], prefix: str, out: Messages
) -> None:
    value = body.get(name)
    if value is not None and value not in values:
        out.append(f"{prefix}{name} must be one of the following values: {', '.join(values)}")


def number(
    body: Mapping[str, Any],
    name: str,
    prefix: str,
    out: Messages,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
) -> None:
    value = body.get(name)
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float):
        out.append(f"{prefix}{name} must be a number conforming to the specified constraints")
        return
    if minimum is not None and value < minimum:
        out.append(f"{prefix}{name} must not be less than {minimum:g}")
    if maximum is not None and value > maximum:
        out.append(f"{prefix}{name} must not be greater than {maximum:g}")


def boolean(body: Mapping[str, Any], name: str, prefix: str, out: Messages) -> None:
    value = body.get(name)
    if value is not None and not isinstance(value, bool):
        out.append(f"{prefix}{name} must be a boolean value")


def string_array(body: Mapping[str, Any], name: str, prefix: str, out: Messages) -> None:
    value = body.get(name)
    if value is None:
        return
    if not isinstance(value, list):
        out.append(f"{prefix}{name} must be an array")
    elif not all(isinstance(item, str) for item in value):
        out.append(f"{prefix}each value in {name} must be a string")


def phone_number(
    body: Mapping[str, Any], name: str, prefix: str, out: Messages, *, e164: bool = True
) -> None:
    """E.164 unless the caller turned the check off (API-REFERENCE §3)."""
    value = body.get(name)
    if value is None:
        return
    if not isinstance(value, str):
        return  # `string()` reports the type
    if e164 and not E164.match(value):
        out.append(
            f"{prefix}{name} must be a valid phone number in the E.164 format (e.g. +14155551234)"
        )
    elif not e164 and not LOOSE_NUMBER.match(value):
        out.append(f"{prefix}{name} must match /^\\+?[a-zA-Z0-9]+$/ regular expression")


def nested(
    body: Mapping[str, Any], name: str, check: NestedCheck, prefix: str, out: Messages
) -> None:
    """A nested object validated with its own rules; its messages get `name.` in front."""
    value = body.get(name)
    if value is None:
        return
    if not is_object(value):
        out.append(f"{prefix}nested property {name} must be either object or array")
        return
    check(value, f"{prefix}{name}.", out)


def nested_array(
    body: Mapping[str, Any],
    name: str,
    check: NestedCheck,
    prefix: str,
    out: Messages,
    *,
    style: str = "index",
) -> None:
    """An array of nested objects. NestJS prefixes items as `members.0.`; union-typed
    arrays such as `model.tools` read `model.each value in tools.` (API-REFERENCE §1)."""
    value = body.get(name)
    if value is None:
        return
    if not isinstance(value, list):
        out.append(f"{prefix}{name} must be an array")
        return
    for index, item in enumerate(value):
        item_prefix = (
            f"{prefix}{name}.{index}." if style == "index" else f"{prefix}each value in {name}."
        )
        if not is_object(item):
            out.append(f"{prefix}nested property {name} must be either object or array")
        else:
            check(item, item_prefix, out)


@dataclass(frozen=True)
class Variant:
    """One member of a discriminated union: its keys, required keys and extra checks."""

    keys: frozenset[str]
    required: tuple[str, ...] = ()
    checks: tuple[NestedCheck, ...] = field(default=())


def check_variant(
    body: Mapping[str, Any], variant: Variant, prefix: str, out: Messages, *, creating: bool
) -> None:
    unknown_keys(body, variant.keys, prefix, out)
    if creating:
        required(body, variant.required, prefix, out)
    else:
        # A PATCH may omit anything, but may not clear a field the variant requires.
        out.extend(
            f"{prefix}{k} should not be empty"
            for k in variant.required
            if k in body and body[k] is None
        )
    for check in variant.checks:
        check(body, prefix, out)
