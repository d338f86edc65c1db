"""The versioned JSON plan (README, "JSON plan format"): machines read this."""

from __future__ import annotations

from typing import Any

from vapictl.engine.diff import ABSENT
from vapictl.engine.plan_model import PLAN_FORMAT_VERSION, Action, Plan


def _value(value: Any) -> Any:
    return None if value is ABSENT else value


def action_to_json(action: Action) -> dict[str, Any]:
    return {
        "action": action.action.value,
        "kind": action.kind.value,
        "name": action.name,
        "id": action.id,
        "reason": action.reason or None,
        "changes": [
            {"path": c.path, "before": _value(c.before), "after": _value(c.after)}
            for c in action.changes
        ],
    }


def plan_to_json(plan: Plan) -> dict[str, Any]:
    return {
        "formatVersion": PLAN_FORMAT_VERSION,
        "summary": plan.summary,
        "actions": [action_to_json(a) for a in plan.actions],
        "warnings": [w.to_json() for w in plan.warnings],
    }
