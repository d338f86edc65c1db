"""Renderers: Mermaid ids are always safe, labels escaped; text marks unknown and missing URLs."""

from __future__ import annotations

import re

from vapictl.routes import (
    Event,
    Level,
    Route,
    RouteReport,
    RouteWarning,
    render_mermaid,
    render_text,
)

NODE_DEF = re.compile(r'^  (\S+?)[\[({]"')
EDGE = re.compile(r"^  (\S+) -->(?:\|\"[^\"]*\"\|)? (\S+)$")


def _report() -> RouteReport:
    odd = 'we"ird <key> & co'
    routes = (
        Route("+1 (415) 555", None, None, Event.ASSISTANT_REQUEST, None, None),
        Route(
            odd,
            odd,
            "tool/with spaces",
            Event.TOOL_CALLS,
            "https://x.example.com/a?b=1",
            Level.TOOL,
        ),
        Route(odd, odd, None, Event.SERVER_MESSAGES, None, None, unknown_at=Level.ORG),
        Route(None, "lonely", None, Event.SERVER_MESSAGES, "https://o.example.com", Level.ORG),
    )
    warnings = (RouteWarning("phoneNumber/+1 (415) 555", "hangup-risk", "hangs up"),)
    return RouteReport(routes, warnings)


def test_mermaid_ids_are_sanitized_and_every_edge_uses_defined_nodes() -> None:
    text = render_mermaid(_report())
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    defined = {m.group(1) for line in lines if (m := NODE_DEF.match(line))}
    assert defined and all(re.fullmatch(r"n\d+", node) for node in defined)
    edges = [m.groups() for line in lines if (m := EDGE.match(line))]
    assert len(edges) >= 5
    assert all(a in defined and b in defined for a, b in edges)
    assert "we#quot;ird #lt;key#gt; #amp; co" in text
    assert '"' + 'we"ird' not in text
    assert "class n0 risk" in text  # the number at risk of hanging up is highlighted


def test_text_says_when_nothing_is_sent_and_when_the_url_is_unknown() -> None:
    text = render_text(_report())
    assert "phoneNumber +1 (415) 555\n  assistant-request -> (no URL: nothing is sent)" in text
    assert "(unknown: the org level is not known)" in text
    assert "(no phone number: web and API calls)\n  assistant lonely" in text
    assert "Warnings (1):\n  phoneNumber/+1 (415) 555: hangup-risk: hangs up" in text


def test_empty_report_renders() -> None:
    text = render_text(RouteReport((), ()))
    assert text.startswith("No routes")
    assert render_mermaid(RouteReport((), ())).startswith("flowchart LR")
