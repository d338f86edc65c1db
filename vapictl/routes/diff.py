"""How routes change between two reports (live now vs. after the plan is applied).

Routes are matched by what they are (number, squad, assistant, tool, event);
a matched route whose URL or level differs has moved. Both reports must use
the same keys: `graph_from_live(live, keys=match_twins(...))` names the live
twins of manifest entries by their manifest keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vapictl.routes.lint import RouteWarning
from vapictl.routes.report import RouteReport
from vapictl.routes.resolve import Route


@dataclass(frozen=True)
class RouteChange:
    before: Route | None  # None: the route is new
    after: Route | None  # None: the route goes away

    @property
    def route(self) -> Route:
        route = self.after or self.before
        assert route is not None  # a change has at least one side
        return route

    @property
    def action(self) -> str:
        if self.before is None:
            return "added"
        if self.after is None:
            return "removed"
        return "moved"

    def to_json(self) -> dict[str, Any]:
        route = self.route
        return {
            "phoneNumber": route.phone_number,
            "assistant": route.assistant,
            "tool": route.tool,
            "event": route.event.value,
            "change": self.action,
            "before": _target(self.before),
            "after": _target(self.after),
        }


def _target(route: Route | None) -> dict[str, str | None] | None:
    if route is None:
        return None
    return {"url": route.url, "level": route.level.value if route.level else None}


@dataclass(frozen=True)
class RoutesDiff:
    changes: tuple[RouteChange, ...]
    unchanged: int
    warnings: tuple[RouteWarning, ...]  # of the state after the plan

    def to_json(self) -> dict[str, Any]:
        return {
            "changes": [change.to_json() for change in self.changes],
            "unchanged": self.unchanged,
            "warnings": [warning.to_json() for warning in self.warnings],
        }


def diff_routes(before: RouteReport, after: RouteReport) -> RoutesDiff:
    """Routes that move to another URL or level, appear, or disappear."""
    old = {route.identity: route for route in before.routes}
    new = {route.identity: route for route in after.routes}
    changes: list[RouteChange] = []
    unchanged = 0
    for identity, route in new.items():
        previous = old.get(identity)
        if previous is None:
            changes.append(RouteChange(None, route))
        elif (previous.url, previous.level, previous.unknown_at) != (
            route.url,
            route.level,
            route.unknown_at,
        ):
            changes.append(RouteChange(previous, route))
        else:
            unchanged += 1
    changes.extend(RouteChange(route, None) for key, route in old.items() if key not in new)
    return RoutesDiff(tuple(changes), unchanged, after.warnings)
