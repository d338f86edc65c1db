"""Plan against the live org: the one sequence plan, apply and drift share."""

from __future__ import annotations

from typing import TYPE_CHECKING

from vapictl.engine.live import LiveState, read_live_state
from vapictl.engine.plan import PlanOptions, build_plan
from vapictl.engine.plan_model import Plan
from vapictl.manifest.types import Manifest

if TYPE_CHECKING:
    from vapictl.api.client import VapiClient


def plan_against_live(
    manifest: Manifest, client: VapiClient, options: PlanOptions | None = None
) -> tuple[Plan, LiveState]:
    live = read_live_state(client)
    return build_plan(manifest, live, options), live
