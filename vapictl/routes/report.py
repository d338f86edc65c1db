"""The routing report (routes and warnings) and the manifest lint entry point."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vapictl.engine.live import LiveState
from vapictl.errors import Diagnostic
from vapictl.manifest.types import Manifest
from vapictl.routes.build_manifest import graph_from_manifest
from vapictl.routes.graph import RoutingGraph
from vapictl.routes.lint import CONFIG_CODES, RouteWarning, lint_graph
from vapictl.routes.resolve import Route, resolve_routes


@dataclass(frozen=True)
class RouteReport:
    routes: tuple[Route, ...]
    warnings: tuple[RouteWarning, ...]

    def to_json(self) -> dict[str, Any]:
        """The documented `routes --output json` shape."""
        return {
            "routes": [route.to_json() for route in self.routes],
            "warnings": [warning.to_json() for warning in self.warnings],
        }


def compute_routes(graph: RoutingGraph) -> RouteReport:
    routes = resolve_routes(graph)
    return RouteReport(routes, lint_graph(graph, routes))


def lint_manifest(manifest: Manifest, live: LiveState | None = None) -> list[Diagnostic]:
    """The routing warnings of the manifests, located in their files (for validate/plan).

    Offline only the configuration lints are reported (`CONFIG_CODES`): the
    notes that the offline view is partial belong to `vapictl routes`.
    """
    report = compute_routes(graph_from_manifest(manifest, live))
    diagnostics: list[Diagnostic] = []
    for warning in report.warnings:
        if warning.code not in CONFIG_CODES:
            continue
        origin = warning.origin
        resource = manifest.get(origin.kind, origin.key) if origin is not None else None
        if origin is None or resource is None:
            diagnostics.append(
                Diagnostic(warning.message, None, warning.resource, "warning", warning.code)
            )
            continue
        field_path = ".".join(part for part in (origin.path, warning.field_path) if part)
        diagnostics.append(
            Diagnostic(
                warning.message,
                resource.location_of(field_path),
                f"{resource.address}.{field_path}" if field_path else resource.address,
                "warning",
                warning.code,
            )
        )
    return diagnostics
