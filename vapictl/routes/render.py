"""Renderers of a route report: a text tree, JSON, a Mermaid flowchart, and diffs.

They only read the report (STYLE.md §2); nothing here decides routing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from vapictl.routes.diff import RouteChange, RoutesDiff
from vapictl.routes.lint import RouteWarning
from vapictl.routes.report import RouteReport
from vapictl.routes.resolve import Event, Route

NO_URL = "(no URL: nothing is sent)"
NO_PHONE = "(no phone number: web and API calls)"


def describe_target(route: Route) -> str:
    """Where the route's event goes: "URL [level]", or why there is no URL."""
    if route.unknown_at is not None:
        return f"(unknown: the {route.unknown_at.value} level is not known)"
    if route.url is None:
        return NO_URL
    return f"{route.url}  [{route.level.value if route.level else '?'}]"


def _event_line(route: Route) -> str:
    if route.event is Event.TOOL_CALLS:
        return f"tool {route.tool}: tool-calls -> {describe_target(route)}"
    return f"{route.event.value} -> {describe_target(route)}"


def _warning_lines(warnings: Iterable[RouteWarning]) -> list[str]:
    warnings = list(warnings)
    if not warnings:
        return ["No routing warnings."]
    lines = [f"Warnings ({len(warnings)}):"]
    lines.extend(f"  {w.resource}: {w.code}: {w.message}" for w in warnings)
    return lines


def render_text(report: RouteReport) -> str:
    """A tree: number, then assistant (and squad), then events with URL and level."""
    lines: list[str] = []
    group: tuple[str | None, ...] | None = None
    assistant_group: tuple[str | None, ...] | None = None
    for route in report.routes:
        phone_group = (route.phone_number,)
        if phone_group != group:
            group, assistant_group = phone_group, None
            if lines:
                lines.append("")
            lines.append(f"phoneNumber {route.phone_number}" if route.phone_number else NO_PHONE)
        if route.assistant is None:
            lines.append(f"  {_event_line(route)}")
            continue
        this_assistant = (route.squad, route.assistant)
        if this_assistant != assistant_group:
            assistant_group = this_assistant
            via = f"  (squad {route.squad})" if route.squad else ""
            lines.append(f"  assistant {route.assistant}{via}")
        lines.append(f"    {_event_line(route)}")
    if not lines:
        lines.append("No routes: no phone numbers or assistants.")
    lines.append("")
    lines.extend(_warning_lines(report.warnings))
    return "\n".join(lines)


def render_json(report: RouteReport) -> str:
    return json.dumps(report.to_json(), indent=2, allow_nan=False)


def _label(text: str) -> str:
    """A Mermaid label: quoted, with quotes and angle brackets as entities."""
    escaped = text.replace("&", "#amp;").replace('"', "#quot;")
    return escaped.replace("<", "#lt;").replace(">", "#gt;")


class _MermaidIds:
    """Stable, sanitized node ids (n0, n1, ...) for arbitrary keys and URLs."""

    def __init__(self) -> None:
        self.ids: dict[tuple[str | None, ...], str] = {}
        self.lines: list[str] = []

    def node(self, scope: tuple[str | None, ...], text: str, shape: str = "[]") -> str:
        if scope not in self.ids:
            node_id = f"n{len(self.ids)}"
            self.ids[scope] = node_id
            self.lines.append(f'  {node_id}{shape[0]}"{_label(text)}"{shape[1]}')
        return self.ids[scope]


def render_mermaid(report: RouteReport) -> str:
    """A `flowchart LR`: number -> assistant -> tool -> URL, edges labelled by event and level."""
    ids = _MermaidIds()
    edges: dict[str, None] = {}
    at_risk = {
        w.resource for w in report.warnings if w.code in ("hangup-risk", "unroutable-inbound")
    }
    risky: list[str] = []
    for route in report.routes:
        source: str | None = None
        if route.phone_number is not None:
            source = ids.node(("phone", route.phone_number), f"number {route.phone_number}", "()")
            if f"phoneNumber/{route.phone_number}" in at_risk and source not in risky:
                risky.append(source)
        if route.assistant is not None:
            scope = ("assistant", route.phone_number, route.squad, route.assistant)
            via = f" (squad {route.squad})" if route.squad else ""
            assistant = ids.node(scope, f"assistant {route.assistant}{via}")
            if source is not None:
                edges[f"  {source} --> {assistant}"] = None
            source = assistant
        if route.tool is not None:
            tool_scope = ("tool", route.phone_number, route.squad, route.assistant, route.tool)
            tool = ids.node(tool_scope, f"tool {route.tool}", "{}")
            edges[f"  {source} --> {tool}"] = None
            source = tool
        if route.unknown_at is not None:
            target = ids.node(("unknown",), "unknown URL", "[]")
        elif route.url is None:
            target = ids.node(("no-url",), "no URL: nothing is sent", "[]")
        else:
            target = ids.node(("url", route.url), route.url, "[]")
        level = route.level.value if route.level else "none"
        edges[f'  {source} -->|"{_label(route.event.value)} ({level})"| {target}'] = None
    lines = ["flowchart LR", *ids.lines, *edges]
    for special in (("no-url",), ("unknown",)):
        if special in ids.ids:
            lines.append(f"  class {ids.ids[special]} missing")
    if risky:
        lines.append(f"  class {','.join(risky)} risk")
    lines.append("  classDef missing stroke:#c00,stroke-width:2px,stroke-dasharray:4 2")
    lines.append("  classDef risk stroke:#c00,stroke-width:3px")
    return "\n".join(lines)


def _change_line(change: RouteChange) -> str:
    route = change.route
    path = " -> ".join(
        part
        for part in (
            f"number {route.phone_number}" if route.phone_number else "no number",
            f"squad {route.squad}" if route.squad else None,
            f"assistant {route.assistant}" if route.assistant else None,
            f"tool {route.tool}" if route.tool else None,
        )
        if part
    )
    head = f"{path}: {route.event.value}"
    if change.before is None:
        return f"  + {head}: {describe_target(route)}"
    if change.after is None:
        return f"  - {head}: {describe_target(route)}"
    return f"  ~ {head}: {describe_target(change.before)} => {describe_target(change.after)}"


def render_diff_text(diff: RoutesDiff) -> str:
    counts = {action: 0 for action in ("moved", "added", "removed")}
    for change in diff.changes:
        counts[change.action] += 1
    if not diff.changes:
        lines = [f"No route changes ({diff.unchanged} routes unchanged)."]
    else:
        summary = ", ".join(f"{count} {action}" for action, count in counts.items())
        lines = [f"Route changes if the plan is applied ({summary}; {diff.unchanged} unchanged):"]
        lines.extend(_change_line(change) for change in diff.changes)
    lines.append("")
    lines.extend(_warning_lines(diff.warnings))
    return "\n".join(lines)


def render_diff_json(diff: RoutesDiff) -> str:
    return json.dumps(diff.to_json(), indent=2, allow_nan=False)
