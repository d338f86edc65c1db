"""Routing lints shown next to validation results and plans (routes issue §3)."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # validate needs neither module (~10 ms of its start-up)
    from vapictl.engine.live import LiveState
    from vapictl.engine.plan_model import Plan
    from vapictl.errors import Diagnostic
    from vapictl.manifest.types import Manifest

# The manifest validator already warns about plain-http URLs, with a location.
_ALREADY_CHECKED_BY_VALIDATOR = frozenset({"insecure-url"})


def route_warnings(manifest: Manifest, live: LiveState | None = None) -> list[Diagnostic]:
    """Routing warnings; live state (when read) makes unmanaged ids and the org exact."""
    from vapictl.gc_pause import collector_paused
    from vapictl.routes import lint_manifest

    with collector_paused():  # a graph of the whole org, no cycles to collect (gc_pause.py)
        warnings = lint_manifest(manifest, live)
    return [w for w in warnings if w.code not in _ALREADY_CHECKED_BY_VALIDATOR]


def with_route_warnings(plan: Plan, manifest: Manifest, live: LiveState | None = None) -> Plan:
    seen = {(w.path, w.message) for w in plan.warnings}
    extra = tuple(w for w in route_warnings(manifest, live) if (w.path, w.message) not in seen)
    return dataclasses.replace(plan, warnings=plan.warnings + extra)
