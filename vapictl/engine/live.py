"""Read the live org: one list call per managed kind plus the org, concurrently.

Never one GET per resource (DESIGN.md §4): planning 2,000 resources costs a
handful of requests, paged with `createdAtLt` by the client.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from vapictl.errors import ApiError
from vapictl.gc_pause import collector_paused
from vapictl.model import LISTED_KINDS, PROVISIONED_TOOLS, SPECS, Kind, is_lease_object

if TYPE_CHECKING:
    from vapictl.api.client import VapiClient

__all__ = ["LISTED_KINDS", "LiveState", "read_live_state"]


@dataclass
class LiveState:
    """Live resources as the API returns them (plain dicts)."""

    org: dict[str, Any] | None
    items: dict[Kind, list[dict[str, Any]]] = field(default_factory=dict)
    # Tools the platform provisioned for other resources (a knowledge base's search
    # tool): never managed, matched, pruned or exported as tools (model.PROVISIONED_TOOLS).
    provisioned: list[dict[str, Any]] = field(default_factory=list)
    # kind -> (its list, the list's length, the index by id), see by_id
    _by_id: dict[Kind, tuple[list[dict[str, Any]], int, dict[str, dict[str, Any]]]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def of(self, kind: Kind) -> list[dict[str, Any]]:
        if kind is Kind.ORG:
            return [self.org] if self.org is not None else []
        return self.items.get(kind, [])

    def by_id(self, kind: Kind) -> dict[str, dict[str, Any]]:
        """id -> live item of `kind`: read it, never change it. Made once per list (made
        anew if the list is replaced or grows or shrinks): it is asked for per pinned
        entry and per recorded action, which made a plan of 10,000 pinned entries
        quadratic (7 s of matching)."""
        items = self.of(kind)
        cached = self._by_id.get(kind)
        if cached is not None and cached[0] is items and cached[1] == len(items):
            return cached[2]
        index = {item["id"]: item for item in items if "id" in item}
        self._by_id[kind] = (items, len(items), index)
        return index

    def all(self) -> Iterator[tuple[Kind, dict[str, Any]]]:
        for kind in (Kind.ORG, *LISTED_KINDS):
            for item in self.of(kind):
                yield kind, item


# Which listed items to read one by one, for kinds whose list leaves out what a plan
# needs (KindSpec.read_items): a plan reads only the ones its manifests declare.
WantItem = Callable[[Kind, dict[str, Any]], bool]


def read_live_state(
    client: VapiClient, kinds: tuple[Kind, ...] = LISTED_KINDS, want: WantItem | None = None
) -> LiveState:
    """List every kind in `kinds` and read the org, all at once; items of `read_items`
    kinds are then read by id (those `want` names, else all) in the same thread."""

    def fetch(kind: Kind) -> tuple[Kind, Any]:
        if kind is Kind.ORG:
            return kind, _read_org(client)
        spec = SPECS[kind]
        items = client.list_all(spec.api_path, paging=spec.paging)
        # The apply lease's lock objects are vapictl's own bookkeeping, never resources.
        items = [item for item in items if not is_lease_object(item)]
        if spec.read_items:
            items = _read_items(client, kind, items, want)
        return kind, items

    with collector_paused():  # decoding thousands of live objects (gc_pause.py)
        results = dict(client.map_concurrent(fetch, [Kind.ORG, *kinds]))
    org = results.pop(Kind.ORG)
    state = LiveState(org=org, items=results)
    _set_provisioned_apart(state)
    if state.org is None:
        state.org = _org_from_resources(client, state)
    return state


def _read_items(
    client: VapiClient, kind: Kind, items: list[dict[str, Any]], want: WantItem | None
) -> list[dict[str, Any]]:
    """Each wanted item as GET {id} returns it (a knowledge base's files and toolId)."""
    path = SPECS[kind].api_path
    wanted = [i for i in items if "id" in i and (want is None or want(kind, i))]
    read = client.map_concurrent(lambda item: client.get(path, str(item["id"])), wanted)
    full = {str(item["id"]): whole for item, whole in zip(wanted, read, strict=True)}
    return [full.get(str(item.get("id")), item) for item in items]


def _set_provisioned_apart(state: LiveState) -> None:
    """Move provisioned tools out of the tools; give each owner its tool's id (the
    output references take, e.g. `toolId`) where its own read did not."""
    tools = state.items.get(Kind.TOOL)
    if tools is None:
        return
    state.provisioned = [t for t in tools if t.get("type") in PROVISIONED_TOOLS]
    if not state.provisioned:
        return
    state.items[Kind.TOOL] = [t for t in tools if t.get("type") not in PROVISIONED_TOOLS]
    for tool in state.provisioned:
        kind, owner_field = PROVISIONED_TOOLS[str(tool["type"])]
        owner = state.by_id(kind).get(str(tool.get(owner_field)))
        output = SPECS[kind].outputs[0]  # the provisioned tool's id, as references take it
        if owner is not None and not owner.get(output):
            owner[output] = tool.get("id")


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
