"""Markdown plans for pull-request comments and GitHub job summaries."""

from __future__ import annotations

import re

from vapictl.engine.plan_model import Plan
from vapictl.render.text import SYMBOLS, render_action, summary_line


def code_fence(lines: list[str]) -> str:
    """A fence longer than any run of backticks in `lines`: prompts quote code blocks."""
    longest = max((len(run) for line in lines for run in re.findall(r"`+", line)), default=0)
    return "`" * max(3, longest + 1)


# GitHub refuses comments over 65,536 characters; leave room for what CI adds around it.
COMMENT_LIMIT = 60_000


def render_markdown(
    plan: Plan,
    title: str = "vapictl plan",
    *,
    max_chars: int | None = None,
    full_plan_at: str = "",
) -> str:
    """The plan as Markdown. With `max_chars`, as many actions as fit (in plan order),
    then a note saying how many were left out and where the full plan is."""
    text = _render(plan, title, len(plan.actions))
    if max_chars is None or len(text) <= max_chars:
        return text
    where = full_plan_at or "run `vapictl plan` for the full plan"
    low, high = 0, len(plan.actions)  # the most actions that fit lies in [low, high)
    while low + 1 < high:
        middle = (low + high) // 2
        if len(_render(plan, title, middle, where)) <= max_chars:
            low = middle
        else:
            high = middle
    return _render(plan, title, low, where)


def _render(plan: Plan, title: str, shown: int, full_plan_at: str = "") -> str:
    s = plan.summary
    actions = plan.actions[:shown]
    out = [f"### {title}", "", f"**{summary_line(plan)}**", ""]
    if plan.has_changes:
        out += [
            "| create | update | replace | delete |",
            "|---:|---:|---:|---:|",
            f"| {s['create']} | {s['update']} | {s['replace']} | {s['delete']} |",
        ]
        left_out = len(plan.actions) - shown
        if left_out:
            out += [
                "",
                f"> **{left_out} of {len(plan.actions)} actions are not shown** "
                f"(the comment would be too long for GitHub): {full_plan_at}.",
            ]
        out += ["", "| | kind | name | id |", "|---|---|---|---|"]
        for action in actions:
            symbol = SYMBOLS[action.action][0]
            out.append(
                f"| `{symbol}` {action.action.value} | {action.kind.value} | "
                f"`{action.name}` | {action.id or ''} |"
            )
        changes = [
            text for action in actions for text, _ in render_action(action, diff_gutter=True)
        ]
        fence = code_fence(changes)
        out += ["", "<details><summary>Field-level changes</summary>", "", f"{fence}diff"]
        out += changes
        out += [fence, "", "</details>"]
    if plan.warnings:
        out += ["", "**Warnings**", ""]
        out += [f"- {w}" for w in plan.warnings]
    return "\n".join(out) + "\n"
