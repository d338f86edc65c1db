"""Markdown plans for pull-request comments and GitHub job summaries."""

from __future__ import annotations

from vapictl.engine.plan_model import Plan
from vapictl.render.text import SYMBOLS, render_action, summary_line


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
        out += ["", "<details><summary>Field-level changes</summary>", "", "```diff"]
        for action in plan.actions:
            out += [text for text, _ in render_action(action)]
        out += ["```", "", "</details>"]
    if plan.warnings:
        out += ["", "**Warnings**", ""]
        out += [f"- {w}" for w in plan.warnings]
    return "\n".join(out) + "\n"
