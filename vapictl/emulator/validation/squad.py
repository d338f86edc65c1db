"""Squads: `members` is required on create and on PATCH (UpdateSquadDTO) [OAS]."""

from __future__ import annotations

from typing import Any

from vapictl.emulator.validation import assistant, core
from vapictl.emulator.validation.core import Messages

KEYS = frozenset({"name", "members", "membersOverrides"})
_MEMBER_KEYS = frozenset(
    {"assistantVersion", "assistantDestinations", "assistantId", "assistant", "assistantOverrides"}
)


def _member(body: dict[str, Any], prefix: str, out: Messages) -> None:
    core.unknown_keys(body, _MEMBER_KEYS, prefix, out)
    core.string(body, "assistantId", prefix, out)
    core.nested(body, "assistant", assistant.validate, prefix, out)
    if body.get("assistantDestinations") is not None and not isinstance(
        body["assistantDestinations"], list
    ):
        out.append(f"{prefix}assistantDestinations must be an array")


def validate(body: dict[str, Any], out: Messages) -> None:
    core.unknown_keys(body, KEYS, "", out)
    if body.get("members") is None:
        out.append("members must be an array")
    core.string(body, "name", "", out)
    core.nested_array(body, "members", _member, "", out)
