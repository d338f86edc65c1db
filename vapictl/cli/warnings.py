"""Routing lints shown next to plans (issue: routes §3)."""

from __future__ import annotations

import dataclasses

from vapictl.engine.plan_model import Plan
from vapictl.manifest.types import Manifest


def with_route_warnings(plan: Plan, manifest: Manifest) -> Plan:
    try:
        from vapictl.routes import lint_manifest
    except ImportError:  # routes not available yet
        return plan
    extra = tuple(lint_manifest(manifest))
    return dataclasses.replace(plan, warnings=plan.warnings + extra)
