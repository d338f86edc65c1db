"""Routing lints shown next to plans (routes issue §3)."""

from __future__ import annotations

import dataclasses

from vapictl.engine.live import LiveState
from vapictl.engine.plan_model import Plan
from vapictl.manifest.types import Manifest


def with_route_warnings(plan: Plan, manifest: Manifest, live: LiveState | None = None) -> Plan:
    """The plan with the routing warnings added; live state makes unmanaged ids exact."""
    from vapictl.routes import lint_manifest

    seen = {(w.path, w.message) for w in plan.warnings}
    extra = tuple(w for w in lint_manifest(manifest, live) if (w.path, w.message) not in seen)
    return dataclasses.replace(plan, warnings=plan.warnings + extra)
