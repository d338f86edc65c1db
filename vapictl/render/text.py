"""Terraform-like text plans: `+` create, `~` update, `-/+` replace, `-` delete."""

from __future__ import annotations

from collections import Counter

from vapictl.engine.plan_model import Action, ActionType, Plan
from vapictl.render.values import show

SYMBOLS = {
    ActionType.CREATE: ("+", "green", "will be created"),
    ActionType.UPDATE: ("~", "yellow", "will be updated in place"),
    ActionType.REPLACE: ("-/+", "red", "must be REPLACED (deleted, then created)"),
    ActionType.DELETE: ("-", "red", "will be DELETED"),
}


def summary_line(plan: Plan) -> str:
    if not plan.has_changes:
        return "No changes. The live org matches the manifests."
    s = plan.summary
    return (
        f"Plan: {s['create']} to create, {s['update']} to update, "
        f"{s['replace']} to replace, {s['delete']} to delete."
    )


def render_action(action: Action) -> list[tuple[str, str]]:
    """(text, rich style) lines for one action."""
    symbol, style, verb = SYMBOLS[action.action]
    where = f" (id {action.id})" if action.id else ""
    why = f": {action.reason}" if action.reason else ""
    lines = [
        (f"  # {action.kind.value} {action.name!r} {verb}{why}", "bold"),
        (f"{symbol:>3} {action.kind.value} {action.name!r}{where}", style),
    ]
    for change in action.changes:
        if action.action is ActionType.CREATE:
            lines.append((f"      + {change.path}: {show(change.after)}", "green"))
        else:
            lines.append(
                (f"      ~ {change.path}: {show(change.before)} -> {show(change.after)}", "yellow")
            )
    lines.append(("", ""))
    return lines


def render_plan(plan: Plan) -> list[tuple[str, str]]:
    lines = _warning_lines(plan)
    if plan.has_changes:
        lines.append(("vapictl will perform the following actions:", "bold"))
        lines.append(("", ""))
        for action in plan.actions:
            lines.extend(render_action(action))
    lines.append((summary_line(plan), "bold"))
    return lines


MAX_WARNINGS_SHOWN = 20  # a large org can raise thousands; `validate` and JSON list them all


def _warning_lines(plan: Plan) -> list[tuple[str, str]]:
    warnings = plan.warnings
    lines = [(str(w), "yellow") for w in warnings[:MAX_WARNINGS_SHOWN]]
    hidden = warnings[MAX_WARNINGS_SHOWN:]
    if hidden:
        counts = Counter(w.code or "warning" for w in hidden)
        summary = ", ".join(f"{n} {code}" for code, n in sorted(counts.items()))
        lines.append(
            (
                f"... and {len(hidden)} more warnings ({summary}); `vapictl validate` lists all.",
                "yellow",
            )
        )
    if warnings:
        lines.append(("", ""))
    return lines
