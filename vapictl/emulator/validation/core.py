"""class-validator-style checks the spec cannot express, collecting NestJS messages
(API-REFERENCE §1); the rest of a body is checked against the spec (vapictl.apischema).

Each check appends messages to a list instead of raising, so one 400 reports every
problem, as the real API does. `prefix` is the NestJS property path ("server.",
"members.0.") put in front of nested messages.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from typing import Any

Messages = list[str]

E164 = re.compile(r"^\+[1-9]\d{1,14}$")
# API-REFERENCE §3: with numberE164CheckEnabled=false the number only has to match this.
LOOSE_NUMBER = re.compile(r"^\+?[a-zA-Z0-9]+$")


def words(text: str) -> tuple[str, ...]:
    """Split a space-separated list of names (keeps the rule tables compact)."""
    return tuple(text.split())


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
