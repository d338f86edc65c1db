"""Build the routing graph from the manifests (desired state).

References are manifest keys (`assistant`, `squad`, `model.tools`, squad
`members[].assistant`) or raw ids of unmanaged resources (`assistantId`,
`squadId`, `model.toolIds`, `members[].assistantId`). Raw ids resolve through
live state when it was read; without it their servers are unknown, never
guessed.

With live state, a field the manifest omits keeps its live value, because
plan compares and sends only what the manifest declares (DESIGN.md §4).
Offline, an omitted `server` means none: exact for resources to be created.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from vapictl.engine.live import LiveState
from vapictl.manifest.types import Manifest, Resource
from vapictl.model import SPECS, Kind
from vapictl.model.sites import is_item_reference
from vapictl.routes.build_live import (
    LiveReader,
    NodeStore,
    live_tool_refs,
    match_twins,
    member_with_overrides,
    override_server,
)
from vapictl.routes.graph import (
    AssistantNode,
    OrgNode,
    Origin,
    PhoneNode,
    RoutingGraph,
    Server,
    SquadMember,
    SquadNode,
    ToolNode,
    needs_server,
    server_from_body,
)

# Phone fields choosing who answers (API-REFERENCE §3): if the manifest sets
# any of them, it decides; otherwise the live values stay.
_PHONE_TARGET_FIELDS = ("assistant", "assistantId", "squad", "squadId", "workflowId")

# `model.tools: [{knowledgeBase: KEY}]`: a knowledge base's search tool (the registry's).
_KB_TOOL = next(r for r in SPECS[Kind.ASSISTANT].references if r.item_key)


def manifest_ref(key: str) -> str:
    return f"m:{key}"


class _ManifestBuilder:
    def __init__(self, manifest: Manifest, live: LiveState | None) -> None:
        self.manifest = manifest
        self.live = live
        self.store = NodeStore()
        self.twins = match_twins(manifest, live) if live is not None else {}
        self._twin_bodies: dict[tuple[Kind, str], dict[str, Any]] = {}
        self.reader: LiveReader | None = None
        if live is not None:
            for kind, found in self.twins.items():
                by_id = live.by_id(kind)
                for live_id, key in found.items():
                    self._twin_bodies[(kind, key)] = by_id[live_id]
            redirects = {
                kind: {live_id: manifest_ref(key) for live_id, key in found.items()}
                for kind, found in self.twins.items()
            }
            self.reader = LiveReader(live, self.store, redirects=redirects)

    # -- references ---------------------------------------------------------

    def _declared(self, kind: Kind) -> Mapping[str, Resource]:
        return self.manifest.resources.get(kind, {})

    def _by_key(self, kind: Kind, key: str) -> str:
        if key in self._declared(kind):
            return manifest_ref(key)
        return self._unknown(kind, key)

    def _by_id(self, kind: Kind, raw_id: Any) -> str:
        raw_id = str(raw_id)
        for key, resource in self._declared(kind).items():
            if resource.pinned_id == raw_id:
                return manifest_ref(key)
        if self.reader is not None:
            if kind is Kind.TOOL:
                return self.reader.tool_ref(raw_id)
            if kind is Kind.ASSISTANT:
                return self.reader.assistant_ref(raw_id)
            return self.reader.squad_ref(raw_id)
        return self._unknown(kind, raw_id)

    def _unknown(self, kind: Kind, raw: str) -> str:
        if kind is Kind.TOOL:
            return self.store.unknown_tool(raw)
        if kind is Kind.ASSISTANT:
            return self.store.unknown_assistant(raw)
        return self.store.unknown_squad(raw)

    def _twin(self, kind: Kind, key: str) -> dict[str, Any] | None:
        return self._twin_bodies.get((kind, key))

    def _field(self, resource: Resource, name: str) -> tuple[bool, Any, bool]:
        """(present, value, from_manifest): the manifest's value, else the live twin's."""
        if name in resource.body:
            return True, resource.body[name], True
        twin = self._twin(resource.kind, resource.key)
        if twin is not None and name in twin:
            return True, twin[name], False
        return False, None, True

    def _server(self, resource: Resource) -> Server | None:
        present, _, from_manifest = self._field(resource, "server")
        if present and not from_manifest:
            return server_from_body(self._twin(resource.kind, resource.key) or {})
        return server_from_body(resource.body)

    # -- nodes --------------------------------------------------------------

    def _model_tools(
        self, owner: Origin, owner_key: str, model: Any, from_manifest: bool
    ) -> tuple[str, ...]:
        if not from_manifest:
            assert self.reader is not None  # a live value implies live state was read
            return self.reader.model_tools(owner_key, model)
        refs: list[str] = []
        for how, value in live_tool_refs(model):
            if how == "id":
                refs.append(self._by_id(Kind.TOOL, value))
                continue
            index, entry = value
            if isinstance(entry, str):  # a manifest key (DESIGN.md §3)
                refs.append(self._by_key(Kind.TOOL, entry))
            elif is_item_reference(_KB_TOOL, entry):
                continue  # a knowledge base's search tool: Vapi answers it
            elif isinstance(entry, Mapping):
                key = f"{owner_key}.model.tools[{index}]"
                ref = f"inline:{key}"
                path = f"{owner.path}.model.tools[{index}]".lstrip(".")
                origin = Origin(owner.kind, owner.key, path)
                self.store.tools[ref] = ToolNode(
                    ref,
                    key,
                    server_from_body(entry),
                    origin=origin,
                    needs_server=needs_server(entry),
                )
                refs.append(ref)
        return tuple(dict.fromkeys(refs))

    def add_tools(self) -> None:
        for key, resource in self._declared(Kind.TOOL).items():
            ref = manifest_ref(key)
            origin = Origin(Kind.TOOL, key)
            self.store.tools[ref] = ToolNode(
                ref,
                key,
                self._server(resource),
                origin=origin,
                needs_server=needs_server(resource.body),
            )

    def add_assistants(self) -> None:
        for key, resource in self._declared(Kind.ASSISTANT).items():
            ref = manifest_ref(key)
            origin = Origin(Kind.ASSISTANT, key)
            _, model, from_manifest = self._field(resource, "model")
            tools = self._model_tools(origin, key, model, from_manifest)
            self.store.assistants[ref] = AssistantNode(
                ref, key, self._server(resource), tools, origin=origin
            )

    def add_squads(self) -> None:
        for key, resource in self._declared(Kind.SQUAD).items():
            ref = manifest_ref(key)
            origin = Origin(Kind.SQUAD, key)
            _, overrides, _ = self._field(resource, "membersOverrides")
            global_override = override_server(overrides)
            members: list[SquadMember] = []
            for index, member in enumerate(resource.body.get("members") or []):
                if not isinstance(member, Mapping):
                    continue
                assistant = member.get("assistant")
                if isinstance(assistant, str):
                    member_ref = self._by_key(Kind.ASSISTANT, assistant)
                elif isinstance(assistant, Mapping):
                    member_ref = self._inline_assistant(key, index, assistant)
                elif member.get("assistantId"):
                    member_ref = self._by_id(Kind.ASSISTANT, member["assistantId"])
                else:
                    continue
                members.append(member_with_overrides(member_ref, index, member, global_override))
            self.store.squads[ref] = SquadNode(ref, key, tuple(members), origin=origin)

    def _inline_assistant(self, squad_key: str, index: int, body: Mapping[str, Any]) -> str:
        key = f"{squad_key}.members[{index}]"
        ref = f"inline:{key}"
        origin = Origin(Kind.SQUAD, squad_key, f"members[{index}].assistant")
        tools = self._model_tools(origin, key, body.get("model"), True)
        self.store.assistants[ref] = AssistantNode(
            ref, key, server_from_body(body), tools, inline=True, origin=origin
        )
        return ref

    def add_phones(self) -> None:
        for key, resource in self._declared(Kind.PHONE_NUMBER).items():
            body: Mapping[str, Any] = resource.body
            twin = self._twin(Kind.PHONE_NUMBER, key)
            if twin is not None and not any(name in body for name in _PHONE_TARGET_FIELDS):
                target = self.reader.phone(twin, key) if self.reader is not None else None
                assistant = target.assistant if target else None
                squad = target.squad if target else None
                workflow = target.workflow if target else None
            else:
                assistant = self._target(body, "assistant", "assistantId", Kind.ASSISTANT)
                squad = self._target(body, "squad", "squadId", Kind.SQUAD)
                workflow = str(body["workflowId"]) if body.get("workflowId") else None
            _, fallback, _ = self._field(resource, "fallbackDestination")
            ref = manifest_ref(key)
            self.store.phones[ref] = PhoneNode(
                ref,
                key,
                self._server(resource),
                assistant=assistant,
                squad=squad,
                workflow=workflow,
                has_fallback=bool(fallback),
                origin=Origin(Kind.PHONE_NUMBER, key),
            )

    def _target(
        self, body: Mapping[str, Any], key_field: str, id_field: str, kind: Kind
    ) -> str | None:
        if isinstance(body.get(key_field), str):
            return self._by_key(kind, body[key_field])
        if body.get(id_field):
            return self._by_id(kind, body[id_field])
        return None

    def add_unmanaged(self) -> None:
        """Live resources the manifests do not declare: they stay unless pruned."""
        if self.live is None or self.reader is None:
            return
        for kind in (Kind.PHONE_NUMBER, Kind.SQUAD, Kind.ASSISTANT):
            managed = self.twins.get(kind, {})
            for item in self.live.of(kind):
                live_id = str(item.get("id"))
                if live_id in managed:
                    continue
                if kind is Kind.PHONE_NUMBER:
                    phone = self.reader.phone(item)
                    self.store.phones[phone.ref] = phone
                elif kind is Kind.SQUAD:
                    self.reader.squad_ref(live_id)
                else:
                    self.reader.assistant_ref(live_id)

    def org(self) -> OrgNode:
        live_org = self.live.org if self.live is not None else None
        resource = self.manifest.org
        if resource is None:
            if self.live is None:
                return OrgNode(None, known=False)
            return OrgNode(server_from_body(live_org) if live_org is not None else None)
        origin = Origin(Kind.ORG, resource.key)
        if "server" not in resource.body and live_org is not None:
            return OrgNode(server_from_body(live_org), origin=origin)
        return OrgNode(server_from_body(resource.body), origin=origin)


def graph_from_manifest(
    manifest: Manifest, live: LiveState | None = None, *, keep_unmanaged: bool = False
) -> RoutingGraph:
    """The routing the manifests describe; `live` resolves what they leave open.

    `keep_unmanaged` adds the live resources the manifests do not declare, as
    they stay after an apply without pruning (for `routes --diff`).
    """
    builder = _ManifestBuilder(manifest, live)
    builder.add_tools()
    builder.add_assistants()
    builder.add_squads()
    builder.add_phones()
    if keep_unmanaged:
        builder.add_unmanaged()
    return builder.store.graph(builder.org(), live_read=live is not None)
