"""Read the live org: one list call per managed kind plus the org, concurrently.

Never one GET per resource (DESIGN.md §4): planning 2,000 resources costs a
handful of requests, paged with `createdAtLt` by the client.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from vapictl.engine.lease import is_lease_object
from vapictl.errors import ApiError
from vapictl.model import LISTED_KINDS, SPECS, Kind

if TYPE_CHECKING:
    from vapictl.api.client import VapiClient

__all__ = ["LISTED_KINDS", "LiveState", "read_live_state"]


@dataclass
class LiveState:
    """Live resources as the API returns them (plain dicts)."""

    org: dict[str, Any] | None
    items: dict[Kind, list[dict[str, Any]]] = field(default_factory=dict)

    def of(self, kind: Kind) -> list[dict[str, Any]]:
        if kind is Kind.ORG:
            return [self.org] if self.org is not None else []
        return self.items.get(kind, [])

    def by_id(self, kind: Kind) -> dict[str, dict[str, Any]]:
        return {item["id"]: item for item in self.of(kind) if "id" in item}

    def all(self) -> Iterator[tuple[Kind, dict[str, Any]]]:
        for kind in (Kind.ORG, *LISTED_KINDS):
            for item in self.of(kind):
                yield kind, item


def read_live_state(client: VapiClient, kinds: tuple[Kind, ...] = LISTED_KINDS) -> LiveState:
    """List every kind in `kinds` and read the org, all at once."""

    def fetch(kind: Kind) -> tuple[Kind, Any]:
        if kind is Kind.ORG:
            return kind, _read_org(client)
        items = client.list_all(SPECS[kind].api_path)
        # The apply lease's lock objects are vapictl's own bookkeeping, never resources.
        return kind, [item for item in items if not is_lease_object(item)]

    results = dict(client.map_concurrent(fetch, [Kind.ORG, *kinds]))
    org = results.pop(Kind.ORG)
    state = LiveState(org=org, items=results)
    if state.org is None:
        state.org = _org_from_resources(client, state)
    return state


def _read_org(client: VapiClient) -> dict[str, Any] | None:
    # `GET /org` with an org-scoped key is undocumented (API-REFERENCE §2): if it is
    # refused, the org is found through any resource's `orgId` instead.
    try:
        return client.get_org()
    except ApiError:
        return None


def _org_from_resources(client: VapiClient, state: LiveState) -> dict[str, Any] | None:
    org_ids = {item.get("orgId") for _, item in state.all() if item.get("orgId")}
    for org_id in sorted(str(i) for i in org_ids)[:1]:
        try:
            return client.get("/org", org_id)
        except ApiError:
            return None
    return None
