"""Reading live state: one list per kind plus the org, and the org's fallbacks."""

from __future__ import annotations

import httpx

from vapictl.api.client import VapiClient
from vapictl.engine.live import LiveState, read_live_state
from vapictl.model import LISTED_KINDS, SPECS, Kind

ORG = {"id": "00000000-0000-4000-8000-0000000000aa", "name": "Acme"}
TOOL = {"id": "t1", "orgId": ORG["id"], "createdAt": "2026-01-01T00:00:00.000Z", "type": "endCall"}


def _client(org_list_status: int) -> tuple[VapiClient, list[str]]:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(f"{request.method} {request.url.path}")
        if request.url.path == "/org":
            if org_list_status != 200:
                return httpx.Response(org_list_status, json={"message": "Forbidden"})
            return httpx.Response(200, json=[ORG])
        if request.url.path == f"/org/{ORG['id']}":
            return httpx.Response(200, json=ORG)
        if request.url.path == "/tool":
            return httpx.Response(200, json=[TOOL])
        return httpx.Response(200, json=[])

    transport = httpx.MockTransport(handler)
    return VapiClient("https://api.test", "key", transport=transport, sleep=lambda _: None), seen


def test_one_list_call_per_kind_plus_the_org() -> None:
    client, seen = _client(200)
    live = read_live_state(client)
    assert live.org == ORG and live.of(Kind.TOOL) == [TOOL]
    # One list call per kind of the registry, plus the org.
    assert sorted(seen) == sorted(
        ["GET /org", *(f"GET {SPECS[kind].api_path}" for kind in LISTED_KINDS)]
    )


def test_an_org_list_refused_to_the_key_falls_back_to_a_resources_org_id() -> None:
    client, seen = _client(403)
    live = read_live_state(client)
    assert live.org == ORG
    assert f"GET /org/{ORG['id']}" in seen


def test_knowledge_bases_are_read_by_id_only_where_wanted_and_their_tools_set_apart() -> None:
    bases = [{"id": "kb1", "name": "faq"}, {"id": "kb2", "name": "other"}]
    search = {"id": "t2", "type": "knowledgeBase", "knowledgeBaseId": "kb2"}
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        if request.url.path == "/org":
            return httpx.Response(200, json=[ORG])
        if request.url.path == "/v2/knowledge-base":
            return httpx.Response(200, json=bases)
        if request.url.path == "/v2/knowledge-base/kb1":
            return httpx.Response(200, json={**bases[0], "files": [], "toolId": "t1"})
        if request.url.path == "/tool":
            return httpx.Response(200, json=[TOOL, search])
        return httpx.Response(200, json=[])

    client = VapiClient("https://api.test", "key", transport=httpx.MockTransport(handler))
    live = read_live_state(client, want=lambda kind, item: item["name"] == "faq")
    assert "/v2/knowledge-base/kb2" not in seen  # not declared: not read one by one
    assert live.of(Kind.KNOWLEDGE_BASE) == [
        {"id": "kb1", "name": "faq", "files": [], "toolId": "t1"},
        {"id": "kb2", "name": "other", "toolId": "t2"},  # its tool's id, from the tool list
    ]
    assert live.of(Kind.TOOL) == [TOOL] and live.provisioned == [search]


def test_the_index_by_id_follows_the_lists_it_indexes() -> None:
    """by_id is asked for once per pinned entry and per recorded action: it is made once
    per list, and made again whenever the list is replaced or changes length."""
    tools = [{"id": "t1", "name": "a"}, {"name": "no id"}]
    state = LiveState(org={"id": "org-1"}, items={Kind.TOOL: tools})
    first = state.by_id(Kind.TOOL)
    assert first == {"t1": tools[0]} and state.by_id(Kind.TOOL) is first
    tools.append({"id": "t2"})
    assert set(state.by_id(Kind.TOOL)) == {"t1", "t2"}
    state.items[Kind.TOOL] = [{"id": "t3"}]
    assert set(state.by_id(Kind.TOOL)) == {"t3"}
    assert state.by_id(Kind.ORG) == {"org-1": {"id": "org-1"}}
    state.org = {"id": "org-2"}
    assert set(state.by_id(Kind.ORG)) == {"org-2"}
    assert state.by_id(Kind.SQUAD) == {}
