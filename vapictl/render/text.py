"""Terraform-like text plans: `+` create, `~` update, `-/+` replace, `-` delete."""

from __future__ import annotations

from collections import Counter
from typing import Any

from vapictl.engine.diff import ABSENT, Change
from vapictl.engine.plan_model import Action, ActionType, Plan
from vapictl.model import SPECS
from vapictl.render.text_diff import (
    MARKERS,
    LineKind,
    is_multiline_change,
    line_diff,
    shown_pair,
)
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


DIFF_STYLES = {
    LineKind.HUNK: "cyan",
    LineKind.CONTEXT: "",
    LineKind.REMOVED: "red",
    LineKind.ADDED: "green",
    LineKind.NOTE: "dim",
}
_FIELD_INDENT = " " * 6
_DIFF_INDENT = " " * 10  # a line diff sits under its field


def render_action(action: Action, *, diff_gutter: bool = False) -> list[tuple[str, str]]:
    """(text, rich style) lines for one action.

    `diff_gutter`: put the `-`/`+` of line diffs in column 0, where a Markdown
    ```diff block colours them.
    """
    symbol, style, verb = SYMBOLS[action.action]
    if action.action is ActionType.REPLACE and SPECS[action.kind].replace_creates_first:
        verb = "must be REPLACED (the new one created first, the old one deleted last)"
    where = f" (id {action.id})" if action.id else ""
    why = f": {action.reason}" if action.reason else ""
    lines = [
        (f"  # {action.kind.value} {action.name!r} {verb}{why}", "bold"),
        (f"{symbol:>3} {action.kind.value} {action.name!r}{where}", style),
    ]
    for change in action.changes:
        if action.action is ActionType.CREATE:
            lines.append((f"{_FIELD_INDENT}+ {change.path}: {show(change.after)}", "green"))
        else:
            lines.extend(change_lines(change, diff_gutter=diff_gutter))
    lines.append(("", ""))
    return lines


def change_lines(change: Change, *, diff_gutter: bool = False) -> list[tuple[str, str]]:
    """One changed field of an update: `~ path: old -> new`, a list item added or
    removed, or a multi-line text as a unified line diff under the path."""
    before, after = change.before, change.after
    if change.path.endswith("]") and _absent(before):  # an item added to a list
        return [(f"{_FIELD_INDENT}+ {change.path}: {show(after)}", "green")]
    if change.path.endswith("]") and _absent(after):  # an item removed from a list
        return [(f"{_FIELD_INDENT}- {change.path}: {show(before)}", "red")]
    if not is_multiline_change(before, after):
        old, new = shown_pair(before, after)
        return [(f"{_FIELD_INDENT}~ {change.path}: {old} -> {new}", "yellow")]
    lines = [(f"{_FIELD_INDENT}~ {change.path}:", "yellow")]
    for kind, text in line_diff(before, after):
        marker = MARKERS[kind]
        if diff_gutter and marker in ("-", "+"):
            lines.append((f"{marker}{_DIFF_INDENT}{text}", DIFF_STYLES[kind]))
        else:
            lines.append((f"{_DIFF_INDENT}{marker}{text}", DIFF_STYLES[kind]))
    return lines


def _absent(value: Any) -> bool:
    # A saved plan stores ABSENT as null; list items are mappings, never null.
    return value is ABSENT or value is None


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
