"""Markdown plans for pull-request comments and GitHub job summaries."""

from __future__ import annotations

import re

from vapictl.engine.plan_model import Plan
from vapictl.render.text import SYMBOLS, render_action, summary_line


def code_fence(lines: list[str]) -> str:
    """A fence longer than any run of backticks in `lines`: prompts quote code blocks."""
    longest = max((len(run) for line in lines for run in re.findall(r"`+", line)), default=0)
    return "`" * max(3, longest + 1)


def render_markdown(plan: Plan, title: str = "vapictl plan") -> str:
    s = plan.summary
    out = [f"### {title}", "", f"**{summary_line(plan)}**", ""]
    if plan.has_changes:
        out += [
            "| create | update | replace | delete |",
            "|---:|---:|---:|---:|",
            f"| {s['create']} | {s['update']} | {s['replace']} | {s['delete']} |",
            "",
            "| | kind | name | id |",
            "|---|---|---|---|",
        ]
        for action in plan.actions:
            symbol = SYMBOLS[action.action][0]
            out.append(
                f"| `{symbol}` {action.action.value} | {action.kind.value} | "
                f"`{action.name}` | {action.id or ''} |"
            )
        changes = [
            text for action in plan.actions for text, _ in render_action(action, diff_gutter=True)
        ]
        fence = code_fence(changes)
        out += ["", "<details><summary>Field-level changes</summary>", "", f"{fence}diff"]
        out += changes
        out += [fence, "", "</details>"]
    if plan.warnings:
        out += ["", "**Warnings**", ""]
        out += [f"- {w}" for w in plan.warnings]
    return "\n".join(out) + "\n"
