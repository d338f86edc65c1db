"""Build the routing graph from live state (plain API dicts).

Live references are ids (phone `assistantId`/`squadId`, assistant
`model.toolIds`, squad `members[].assistantId`); nodes are keyed by id and
shown by name (tools: `function.name`, else `name`, else the id). The same
reader resolves the raw ids a manifest points at (`build_manifest.py`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from vapictl.engine.desired import shared_desired
from vapictl.engine.live import LiveState
from vapictl.engine.match import find_twins
from vapictl.manifest.types import Manifest
from vapictl.model import Kind, live_name
from vapictl.routes.graph import (
    AssistantNode,
    OrgNode,
    PhoneNode,
    RoutingGraph,
    Server,
    SquadMember,
    SquadNode,
    ToolNode,
    merge_server,
    needs_server,
    server_from_body,
)

# live id -> manifest key, per kind (the live twins of manifest entries)
TwinKeys = Mapping[Kind, Mapping[str, str]]


@dataclass
class NodeStore:
    """The nodes of a graph under construction; both builders fill one."""

    tools: dict[str, ToolNode] = field(default_factory=dict)
    assistants: dict[str, AssistantNode] = field(default_factory=dict)
    squads: dict[str, SquadNode] = field(default_factory=dict)
    phones: dict[str, PhoneNode] = field(default_factory=dict)

    def graph(self, org: OrgNode, *, live_read: bool) -> RoutingGraph:
        return RoutingGraph(
            org, self.tools, self.assistants, self.squads, self.phones, live_read=live_read
        )

    def unknown_tool(self, raw: str) -> str:
        ref = f"?:{raw}"
        self.tools.setdefault(ref, ToolNode(ref, raw, None, known=False))
        return ref

    def unknown_assistant(self, raw: str) -> str:
        ref = f"?:{raw}"
        self.assistants.setdefault(ref, AssistantNode(ref, raw, None, known=False))
        return ref

    def unknown_squad(self, raw: str) -> str:
        ref = f"?:{raw}"
        self.squads.setdefault(ref, SquadNode(ref, raw, known=False))
        return ref


def live_tool_refs(model: Any) -> list[tuple[str, Any]]:
    """(kind of reference, value) for every tool an assistant model uses.

    `toolIds`, `toolRefs[].toolId` and inline `tools[]` combine (API-REFERENCE §3).
    """
    if not isinstance(model, Mapping):
        return []
    refs: list[tuple[str, Any]] = []
    for tool_id in model.get("toolIds") or []:
        refs.append(("id", tool_id))
    for pin in model.get("toolRefs") or []:
        if isinstance(pin, Mapping) and isinstance(pin.get("toolId"), str):
            refs.append(("id", pin["toolId"]))
    for index, tool in enumerate(model.get("tools") or []):
        refs.append(("inline", (index, tool)))
    return refs


class LiveReader:
    """Turns live objects into nodes on demand, following references by id."""

    def __init__(
        self,
        live: LiveState,
        store: NodeStore,
        *,
        keys: TwinKeys | None = None,
        redirects: TwinKeys | None = None,
    ) -> None:
        self.live = live
        self.store = store
        self._by_id = {kind: live.by_id(kind) for kind in (Kind.TOOL, Kind.ASSISTANT, Kind.SQUAD)}
        self._provisioned = {str(t.get("id")): t for t in live.provisioned}
        self._keys = keys or {}
        # ids whose desired (manifest) node replaces the live one: id -> manifest ref
        self._redirects = redirects or {}

    def key(self, kind: Kind, item: Mapping[str, Any]) -> str:
        return self._keys.get(kind, {}).get(str(item.get("id")), live_name(kind, item))

    def _redirect(self, kind: Kind, live_id: str) -> str | None:
        return self._redirects.get(kind, {}).get(live_id)

    def tool_ref(self, tool_id: Any) -> str:
        tool_id = str(tool_id)
        redirected = self._redirect(Kind.TOOL, tool_id)
        if redirected is not None:
            return redirected
        ref = f"id:{tool_id}"
        if ref in self.store.tools:
            return ref
        item = self._by_id[Kind.TOOL].get(tool_id) or self._provisioned.get(tool_id)
        if item is None:
            return self.store.unknown_tool(tool_id)
        key = self.key(Kind.TOOL, item)
        self.store.tools[ref] = ToolNode(
            ref, key, server_from_body(item), needs_server=needs_server(item)
        )
        return ref

    def model_tools(self, owner_key: str, model: Any) -> tuple[str, ...]:
        refs: list[str] = []
        for how, value in live_tool_refs(model):
            if how == "id":
                refs.append(self.tool_ref(value))
            elif isinstance(value[1], Mapping):
                index, body = value
                key = f"{owner_key}.model.tools[{index}]"
                ref = f"inline:{key}"
                self.store.tools[ref] = ToolNode(
                    ref, key, server_from_body(body), needs_server=needs_server(body)
                )
                refs.append(ref)
        return tuple(dict.fromkeys(refs))

    def assistant_ref(self, assistant_id: Any) -> str:
        assistant_id = str(assistant_id)
        redirected = self._redirect(Kind.ASSISTANT, assistant_id)
        if redirected is not None:
            return redirected
        ref = f"id:{assistant_id}"
        if ref in self.store.assistants:
            return ref
        item = self._by_id[Kind.ASSISTANT].get(assistant_id)
        if item is None:
            return self.store.unknown_assistant(assistant_id)
        key = self.key(Kind.ASSISTANT, item)
        tools = self.model_tools(key, item.get("model"))
        self.store.assistants[ref] = AssistantNode(ref, key, server_from_body(item), tools)
        return ref

    def squad_ref(self, squad_id: Any) -> str:
        squad_id = str(squad_id)
        redirected = self._redirect(Kind.SQUAD, squad_id)
        if redirected is not None:
            return redirected
        ref = f"id:{squad_id}"
        if ref in self.store.squads:
            return ref
        item = self._by_id[Kind.SQUAD].get(squad_id)
        if item is None:
            return self.store.unknown_squad(squad_id)
        key = self.key(Kind.SQUAD, item)
        self.store.squads[ref] = SquadNode(ref, key, self._members(key, item))
        return ref

    def _members(self, squad_key: str, squad: Mapping[str, Any]) -> tuple[SquadMember, ...]:
        members: list[SquadMember] = []
        global_override = override_server(squad.get("membersOverrides"))
        for index, member in enumerate(squad.get("members") or []):
            if not isinstance(member, Mapping):
                continue
            inline = member.get("assistant")
            if isinstance(inline, Mapping):
                key = f"{squad_key}.members[{index}]"
                ref = f"inline:{key}"
                tools = self.model_tools(key, inline.get("model"))
                self.store.assistants[ref] = AssistantNode(
                    ref, key, server_from_body(inline), tools, inline=True
                )
            elif member.get("assistantId"):
                ref = self.assistant_ref(member["assistantId"])
            else:
                continue
            members.append(member_with_overrides(ref, index, member, global_override))
        return tuple(members)

    def phone(self, item: Mapping[str, Any], key: str | None = None) -> PhoneNode:
        key = key or self.key(Kind.PHONE_NUMBER, item)
        ref = f"id:{item.get('id')}"
        assistant = self.assistant_ref(item["assistantId"]) if item.get("assistantId") else None
        squad = self.squad_ref(item["squadId"]) if item.get("squadId") else None
        workflow = item.get("workflowId")
        return PhoneNode(
            ref,
            key,
            server_from_body(item),
            assistant=assistant,
            squad=squad,
            workflow=str(workflow) if workflow else None,
            has_fallback=bool(item.get("fallbackDestination")),
        )


def override_server(overrides: Any) -> Server | None:
    """The server an `assistantOverrides`/`membersOverrides` object sets, if any."""
    if isinstance(overrides, Mapping) and ("server" in overrides or "serverUrl" in overrides):
        return server_from_body(overrides)
    return None


def member_with_overrides(
    assistant_ref: str, index: int, member: Mapping[str, Any], global_override: Server | None
) -> SquadMember:
    """A squad member with its server overrides: the member's `assistantOverrides`
    first, then the squad's `membersOverrides` on top (Vapi applies the squad's last)."""
    own = override_server(member.get("assistantOverrides"))
    path = f"members[{index}].assistantOverrides.server" if own is not None else ""
    if global_override is not None and global_override.url:
        path = "membersOverrides.server"
    return SquadMember(assistant_ref, merge_server(own, global_override), path)


def graph_from_live(live: LiveState, keys: TwinKeys | None = None) -> RoutingGraph:
    """The routing of the live org. `keys` renames live ids to manifest keys (for --diff)."""
    store = NodeStore()
    reader = LiveReader(live, store, keys=keys)
    for item in live.of(Kind.PHONE_NUMBER):
        phone = reader.phone(item)
        store.phones[phone.ref] = phone
    # Every live assistant and squad is part of the org, reached by a number or not.
    for item in live.of(Kind.SQUAD):
        reader.squad_ref(item["id"])
    for item in live.of(Kind.ASSISTANT):
        reader.assistant_ref(item["id"])
    for item in live.of(Kind.TOOL):  # unused tools too, so their URLs are linted
        reader.tool_ref(item["id"])
    org = live.org
    return store.graph(OrgNode(server_from_body(org) if org is not None else None), live_read=True)


def match_twins(manifest: Manifest, live: LiveState) -> dict[Kind, dict[str, str]]:
    """live id -> manifest key for each manifest resource found live (DESIGN.md §2).

    The plan's own matcher (engine/match.py): by `id:` pin, identity, then content.
    What is ambiguous matches nothing here: routes never guess (plan reports it).
    """
    twins: dict[Kind, dict[str, str]] = {kind: {} for kind in manifest.resources}
    desired = shared_desired(manifest)
    keys = {d.address: (d.kind, d.key) for d in desired}
    for address, item in find_twins(desired, live).items():
        kind, key = keys[address]
        if "id" in item:
            twins.setdefault(kind, {})[str(item["id"])] = key
    return twins
