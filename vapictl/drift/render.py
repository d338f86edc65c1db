"""The drift report as text (terminals, cron mail), JSON (machines) and Markdown (issues).

"live" is what the API returns now, "declared" what the manifests say; values
arrive masked (`(sensitive)`) from the plan, and every renderer's output is
redacted again by the printing helpers.
"""

from __future__ import annotations

from typing import Any

from vapictl.drift.report import (
    DRIFT_FORMAT_VERSION,
    DriftReport,
    DriftStatus,
    FieldDrift,
    ResourceDrift,
    is_absent,
)
from vapictl.render.markdown import code_fence
from vapictl.render.text import DIFF_STYLES
from vapictl.render.text_diff import MARKERS, is_multiline_change, line_diff, shown_pair
from vapictl.render.values import show
from vapictl.secrets import MASK

_STATUS_TEXT = {
    DriftStatus.MISSING: "missing live (deleted outside vapictl?); the manifests declare it",
    DriftStatus.UNMANAGED: "exists live but no manifest declares it",
}


def summary_line(report: DriftReport) -> str:
    if not report.drift:
        return "No drift: the live org matches the manifests."
    s = report.summary
    count = len(report.resources)
    return (
        f"Drift: {count} {'resource differs' if count == 1 else 'resources differ'} "
        f"({s['changed']} changed, {s['missing']} missing, {s['unmanaged']} unmanaged)."
    )


def field_line(resource: ResourceDrift, change: FieldDrift) -> str:
    """`assistant/support: server.url: live has "https://a", manifests say "https://b"`."""
    where = f"{resource.address}: {change.path}"
    if change.live == MASK and change.declared == MASK:
        return f"{where}: secret changed (rotated)"  # both sides masked: say what it means
    if change.path.endswith("]") and is_absent(change.declared):  # a list item
        return f"{where}: live has {show(change.live)}, which the manifests do not list"
    if change.path.endswith("]") and is_absent(change.live):
        return f"{where}: the manifests list {show(change.declared)}, which live lacks"
    if is_multiline_change(change.live, change.declared):
        return f"{where}: the live text differs (- live, + manifests):"
    live, declared = shown_pair(change.live, change.declared)
    return f"{where}: live has {live}, manifests say {declared}"


def text_diff_lines(change: FieldDrift, indent: str = "    ") -> list[tuple[str, str]]:
    """A multi-line text's drift as a unified line diff, live `-`, manifests `+`:
    (text, rich style) lines, coloured as in plans."""
    if not is_multiline_change(change.live, change.declared):
        return []
    return [
        (f"{indent}{MARKERS[kind]}{text}", DIFF_STYLES[kind])
        for kind, text in line_diff(change.live, change.declared)
    ]


def resource_lines(resource: ResourceDrift) -> list[tuple[str, str]]:
    where = f" (id {resource.id})" if resource.id else ""
    if resource.status is not DriftStatus.CHANGED:
        return [(f"{resource.address}{where}: {_STATUS_TEXT[resource.status]}", "")]
    lines: list[tuple[str, str]] = []
    for change in resource.fields:
        lines.append((field_line(resource, change), ""))
        lines.extend(text_diff_lines(change))
    if resource.reason:  # a replace: say why it cannot be fixed in place
        lines.append((f"{resource.address}: {resource.reason} (apply would replace it)", ""))
    return lines or [(f"{resource.address}{where}: changed live", "")]


def render_text_styled(report: DriftReport) -> list[tuple[str, str]]:
    """(text, rich style) lines of the text report."""
    lines: list[tuple[str, str]] = []
    for resource in report.resources:
        lines.extend(resource_lines(resource))
    if report.drift:
        lines.append(("", ""))
    lines.append((summary_line(report), ""))
    return lines


def render_text(report: DriftReport) -> list[str]:
    return [text for text, _ in render_text_styled(report)]


def _json_value(value: Any) -> Any:
    return None if is_absent(value) else value


def report_to_json(report: DriftReport) -> dict[str, Any]:
    """The documented `drift --output json` shape (README, "Drift JSON")."""
    return {
        "formatVersion": DRIFT_FORMAT_VERSION,
        "drift": report.drift,
        "checkedAt": report.checked_at.isoformat(timespec="seconds").replace("+00:00", "Z"),
        "summary": report.summary,
        "resources": [
            {
                "kind": r.kind.value,
                "name": r.name,
                "id": r.id,
                "status": r.status.value,
                "fields": [
                    {
                        "path": f.path,
                        "live": _json_value(f.live),
                        "declared": _json_value(f.declared),
                    }
                    for f in r.fields
                ],
            }
            for r in report.resources
        ],
    }


def _markdown_text_diff(resource: ResourceDrift, change: FieldDrift) -> list[str]:
    lines = [text for text, _ in text_diff_lines(change, indent="")]
    fence = code_fence(lines)
    title = f"`{resource.address}` `{change.path}` (`-` live, `+` manifests):"
    return [title, "", f"{fence}diff", *lines, fence, ""]


def _cell(text: str) -> str:
    """A Markdown table cell: pipes escaped, code-quoted."""
    return "`" + text.replace("|", "\\|").replace("`", "'") + "`"


def render_markdown(report: DriftReport, title: str = "vapictl drift") -> str:
    out = [f"### {title}", "", f"**{summary_line(report)}**", ""]
    if report.drift:
        out += ["| resource | status | field | live | manifests |", "|---|---|---|---|---|"]
        texts: list[str] = []  # multi-line texts: a line diff below the table
        for resource in report.resources:
            address = _cell(resource.address)
            if not resource.fields:
                out.append(f"| {address} | {resource.status.value} | | | |")
            for change in resource.fields:
                if change.live == MASK and change.declared == MASK:
                    live, declared = "secret changed (rotated)", "(sensitive)"
                elif is_multiline_change(change.live, change.declared):
                    live = declared = "text, see the line diff below"
                    texts += _markdown_text_diff(resource, change)
                else:
                    live, declared = (
                        _cell(value) for value in shown_pair(change.live, change.declared)
                    )
                out.append(
                    f"| {address} | {resource.status.value} | {_cell(change.path)} | "
                    f"{live} | {declared} |"
                )
        out.append("")
        out += texts
    out.append(f"_Checked at {report_to_json(report)['checkedAt']}._")
    return "\n".join(out) + "\n"
