"""`vapictl routes`: which server URL receives each event, and routing lints.

Manifests and live state are built into one neutral graph (`graph.py`); one
resolver applies the precedence (`resolve.py`), one linter warns (`lint.py`),
and renderers show the result (`render.py`, `diff.py`).
"""

from vapictl.routes.build_live import graph_from_live, match_twins
from vapictl.routes.build_manifest import graph_from_manifest
from vapictl.routes.diff import RouteChange, RoutesDiff, diff_routes
from vapictl.routes.graph import Level, RoutingGraph
from vapictl.routes.lint import RouteWarning
from vapictl.routes.render import (
    render_diff_json,
    render_diff_text,
    render_json,
    render_mermaid,
    render_text,
)
from vapictl.routes.report import RouteReport, compute_routes, lint_manifest
from vapictl.routes.resolve import Event, Route

__all__ = [
    "Event",
    "Level",
    "Route",
    "RouteChange",
    "RouteReport",
    "RouteWarning",
    "RoutesDiff",
    "RoutingGraph",
    "compute_routes",
    "diff_routes",
    "graph_from_live",
    "graph_from_manifest",
    "lint_manifest",
    "match_twins",
    "render_diff_json",
    "render_diff_text",
    "render_json",
    "render_mermaid",
    "render_text",
]
