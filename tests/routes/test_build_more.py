"""More graph shapes: squads no number reaches, live inline tools and members, pins, diffs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from vapictl.engine.live import LiveState
from vapictl.model import Kind
from vapictl.routes import (
    compute_routes,
    diff_routes,
    graph_from_live,
    graph_from_manifest,
    match_twins,
)

from .test_build import ORG, manifest_from, table_and_warnings


def test_squad_no_number_reaches_lists_its_unreached_members_once(tmp_path: Path) -> None:
    manifest = manifest_from(
        tmp_path,
        ORG
        + """
assistants:
  a: {}
  b: {server: {url: https://b.example.com, secret: '${S}'}}
squads:
  sq:
    members: [{assistant: a}, {assistant: b}]
phoneNumbers:
  line: {provider: vapi, sipUri: 'sip:l@sip.vapi.ai', assistant: a}
""",
    )
    routes = compute_routes(graph_from_manifest(manifest)).routes
    assert [(r.phone_number, r.squad, r.assistant) for r in routes] == [
        ("line", None, "a"),
        (None, "sq", "b"),
    ]
    assert routes[1].url == "https://b.example.com"


def test_live_inline_tools_tool_refs_inline_members_and_squad_overrides() -> None:
    live = LiveState(
        org={"id": "o", "server": {"url": "https://org.example.com", "credentialId": "c"}},
        items={
            Kind.TOOL: [
                {"id": "t1", "type": "function", "function": {"name": "pinned"}},
            ],
            Kind.SQUAD: [
                {
                    "id": "s1",
                    "name": "sq",
                    "membersOverrides": {"server": {"url": "https://squad.example.com"}},
                    "members": [
                        {
                            "assistant": {
                                "name": "inline",
                                "model": {
                                    "toolRefs": [{"toolId": "t1", "version": "v1"}],
                                    "tools": [
                                        {
                                            "type": "function",
                                            "function": {"name": "inl"},
                                            "server": {"url": "https://inl.example.com"},
                                        }
                                    ],
                                },
                            }
                        }
                    ],
                }
            ],
            Kind.PHONE_NUMBER: [{"id": "p1", "name": "line", "squadId": "s1"}],
        },
    )
    table, warnings = table_and_warnings(graph_from_live(live))
    squad = ("https://squad.example.com", "assistant")
    assert table == {
        ("line", "sq.members[0]", None, "server-messages"): squad,
        ("line", "sq.members[0]", "pinned", "tool-calls"): squad,
        ("line", "sq.members[0]", "sq.members[0].model.tools[0]", "tool-calls"): (
            "https://inl.example.com",
            "tool",
        ),
    }
    assert ("squad/sq", "url-no-secret") in warnings


def test_raw_ids_pinned_by_manifest_entries_resolve_to_their_keys(tmp_path: Path) -> None:
    manifest = manifest_from(
        tmp_path,
        ORG
        + """
assistants:
  pinned:
    id: 5f0e3a9e-0000-4000-8000-000000000123
    server: {url: https://pinned.example.com, secret: '${S}'}
  user: {model: {provider: openai, model: gpt-4o, toolIds: [tool-unmanaged]}}
phoneNumbers:
  line:
    provider: vapi
    sipUri: 'sip:l@sip.vapi.ai'
    assistantId: 5f0e3a9e-0000-4000-8000-000000000123
""",
    )
    table, warnings = table_and_warnings(graph_from_manifest(manifest))
    assert table[("line", "pinned", None, "server-messages")] == (
        "https://pinned.example.com",
        "assistant",
    )
    assert table[(None, "user", "tool-unmanaged", "tool-calls")] == (None, None)
    assert warnings == {("assistant/user", "unknown-reference")}


def _live_with_extra_phone() -> LiveState:
    def phone(ident: str, sip: str, **extra: Any) -> dict[str, Any]:
        return {"id": ident, "name": ident, "provider": "vapi", "sipUri": sip, **extra}

    return LiveState(
        org={"id": "o", "server": {"url": "https://org.example.com/vapi", "credentialId": "c"}},
        items={
            Kind.ASSISTANT: [{"id": "a1", "name": "bot"}],
            Kind.PHONE_NUMBER: [
                phone("managed", "sip:m@sip.vapi.ai", assistantId="a1"),
                phone("unmanaged", "sip:u@sip.vapi.ai"),
            ],
        },
    )


def test_manifest_omitting_a_numbers_target_keeps_the_live_one(tmp_path: Path) -> None:
    manifest = manifest_from(
        tmp_path, ORG + "phoneNumbers:\n  line: {provider: vapi, sipUri: 'sip:m@sip.vapi.ai'}\n"
    )
    live = _live_with_extra_phone()
    table, warnings = table_and_warnings(graph_from_manifest(manifest, live))
    # The plan would not touch assistantId, so the live assistant still answers.
    assert table == {
        ("line", "bot", None, "server-messages"): ("https://org.example.com/vapi", "org")
    }
    assert warnings == set()


def test_diff_keeps_unmanaged_live_numbers_and_renames_twins_to_keys(tmp_path: Path) -> None:
    manifest = manifest_from(
        tmp_path,
        ORG
        + """
assistants:
  bot: {server: {url: https://bot.example.com, secret: '${S}'}}
phoneNumbers:
  line: {provider: vapi, sipUri: 'sip:m@sip.vapi.ai', assistant: bot}
""",
    )
    live = _live_with_extra_phone()
    twins = match_twins(manifest, live)
    assert twins[Kind.PHONE_NUMBER] == {"managed": "line"}
    before = compute_routes(graph_from_live(live, keys=twins))
    after = compute_routes(graph_from_manifest(manifest, live, keep_unmanaged=True))
    diff = diff_routes(before, after)
    assert [(c.action, c.route.phone_number, c.route.event.value) for c in diff.changes] == [
        ("moved", "line", "server-messages")
    ]
    assert diff.changes[0].before is not None
    assert diff.changes[0].before.level == "org"
    assert diff.unchanged == 1  # the unmanaged number's assistant-request
    dropped = diff_routes(before, compute_routes(graph_from_manifest(manifest, live)))
    assert ("removed", "unmanaged") in {(c.action, c.route.phone_number) for c in dropped.changes}


def test_routes_and_plan_match_two_nameless_transfer_tools_alike(tmp_path: Path) -> None:
    """One matcher serves plan and routes (issue 13): two nameless transferCall tools,
    told apart by content, are each other's twins in both."""
    from vapictl.engine.plan import build_plan

    manifest = manifest_from(
        tmp_path,
        ORG
        + """
tools:
  to-sales: {type: transferCall, destinations: [{type: number, number: "+14155550001"}]}
  to-support: {type: transferCall, destinations: [{type: number, number: "+14155550002"}]}
""",
    )

    def transfer(id_: str, number: str) -> dict[str, Any]:
        destination = {"type": "number", "number": number}
        return {"id": id_, "orgId": "o", "type": "transferCall", "destinations": [destination]}

    live = LiveState(
        org={"id": "o", "name": "Org"},
        items={
            Kind.TOOL: [transfer("t2", "+14155550002"), transfer("t1", "+14155550001")],
        },
    )
    plan = build_plan(manifest, live)
    from_plan = {
        live_id: address.partition("/")[2]
        for address, live_id in plan.known_ids.items()
        if address.startswith("tool/")
    }
    assert from_plan == {"t1": "to-sales", "t2": "to-support"}
    assert match_twins(manifest, live)[Kind.TOOL] == from_plan
