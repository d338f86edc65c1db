"""Graph building: inline members, overrides, unmanaged ids, unknown org, live shapes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from vapictl.engine.live import LiveState
from vapictl.manifest.load import load_manifests
from vapictl.manifest.types import Manifest
from vapictl.model import Kind
from vapictl.routes import compute_routes, graph_from_live, graph_from_manifest

from .conftest import route_table

ORG = "org:\n  server: {url: https://org.example.com/vapi, secret: '${S}'}\n"


def manifest_from(tmp_path: Path, text: str) -> Manifest:
    path = tmp_path / "m.yaml"
    path.write_text(text)
    return load_manifests([path], variables={"S": "a-secret-value"}, environ={})


def table_and_warnings(graph: Any) -> tuple[dict[Any, Any], set[tuple[str, str]]]:
    report = compute_routes(graph).to_json()
    return route_table(report["routes"]), {(w["resource"], w["code"]) for w in report["warnings"]}


def test_inline_squad_member_is_keyed_by_squad_and_index(tmp_path: Path) -> None:
    manifest = manifest_from(
        tmp_path,
        ORG
        + """
tools:
  t: {type: function, function: {name: t}}
squads:
  sq:
    members:
      - assistant:
          name: inline-one
          model: {provider: openai, model: gpt-4o, tools: [{type: function, function: {name: t}}]}
          server: {url: https://inline.example.com}
phoneNumbers:
  line: {provider: vapi, sipUri: 'sip:line@sip.vapi.ai', squad: sq}
""",
    )
    table, warnings = table_and_warnings(graph_from_manifest(manifest))
    assert table == {
        ("line", "sq.members[0]", None, "server-messages"): (
            "https://inline.example.com",
            "assistant",
        ),
        ("line", "sq.members[0]", "sq.members[0].model.tools[0]", "tool-calls"): (
            "https://inline.example.com",
            "assistant",
        ),
    }
    # An inline member's server cannot carry a vapictl-managed secret (the API would
    # refuse `secret` there), so the lint says so.
    assert warnings == {("assistant/sq.members[0]", "url-no-secret")}


def test_member_overrides_act_at_assistant_level_squad_wide_last(tmp_path: Path) -> None:
    manifest = manifest_from(
        tmp_path,
        ORG
        + """
assistants:
  a: {server: {url: https://a.example.com, secret: '${S}'}}
  b: {}
squads:
  sq:
    members:
      - assistant: a
        assistantOverrides: {server: {url: https://member.example.com}}
      - assistant: b
  sq2:
    membersOverrides: {server: {url: https://squad.example.com}}
    members:
      - assistant: b
        assistantOverrides: {server: {url: https://member.example.com}}
phoneNumbers:
  one: {provider: vapi, sipUri: 'sip:one@sip.vapi.ai', squad: sq}
  two: {provider: vapi, sipUri: 'sip:two@sip.vapi.ai', squad: sq2}
""",
    )
    table, _ = table_and_warnings(graph_from_manifest(manifest))
    assert table[("one", "a", None, "server-messages")] == (
        "https://member.example.com",
        "assistant",
    )
    assert table[("one", "b", None, "server-messages")] == ("https://org.example.com/vapi", "org")
    assert table[("two", "b", None, "server-messages")] == (
        "https://squad.example.com",
        "assistant",
    )


RAW_ID_MANIFEST = (
    ORG
    + """
phoneNumbers:
  line: {provider: vapi, sipUri: 'sip:line@sip.vapi.ai', assistantId: asst-unmanaged}
"""
)


def test_unmanaged_assistant_id_offline_is_unknown_not_guessed(tmp_path: Path) -> None:
    manifest = manifest_from(tmp_path, RAW_ID_MANIFEST)
    table, warnings = table_and_warnings(graph_from_manifest(manifest))
    assert table == {("line", "asst-unmanaged", None, "server-messages"): (None, None)}
    # Not at risk of hanging up: the number has an assistant.
    assert warnings == {("phoneNumber/line", "unknown-reference")}


def test_unmanaged_assistant_id_resolves_through_live_state(tmp_path: Path) -> None:
    manifest = manifest_from(tmp_path, RAW_ID_MANIFEST)
    live = LiveState(
        org=None,
        items={
            Kind.ASSISTANT: [
                {
                    "id": "asst-unmanaged",
                    "name": "legacy-bot",
                    "model": {"toolIds": ["tool-x"]},
                    "server": {"url": "https://legacy.example.com", "credentialId": "c"},
                }
            ],
            Kind.TOOL: [{"id": "tool-x", "type": "endCall", "name": "bye"}],
        },
    )
    table, warnings = table_and_warnings(graph_from_manifest(manifest, live))
    assert table == {
        ("line", "legacy-bot", None, "server-messages"): (
            "https://legacy.example.com",
            "assistant",
        ),
        ("line", "legacy-bot", "bye", "tool-calls"): ("https://legacy.example.com", "assistant"),
    }
    assert warnings == set()


def test_without_an_org_the_org_level_is_unknown_but_hangup_risk_is_certain(
    tmp_path: Path,
) -> None:
    manifest = manifest_from(
        tmp_path,
        """
phoneNumbers:
  bare: {provider: vapi, sipUri: 'sip:bare@sip.vapi.ai'}
  own:
    provider: vapi
    sipUri: 'sip:own@sip.vapi.ai'
    server: {url: https://own.example.com, secret: '${S}'}
""",
    )
    graph = graph_from_manifest(manifest)
    assert not graph.complete
    table, warnings = table_and_warnings(graph)
    assert table[("bare", None, None, "assistant-request")] == (None, None)
    assert table[("own", None, None, "assistant-request")] == (
        "https://own.example.com",
        "phoneNumber",
    )
    # No unroutable-inbound: the org may have a URL; vapictl does not guess.
    assert warnings == {
        ("phoneNumber/bare", "hangup-risk"),
        ("phoneNumber/own", "hangup-risk"),
        ("org", "org-unknown"),
    }
    routes = compute_routes(graph).routes
    assert [r.unknown_at for r in routes if r.phone_number == "bare"] == ["org"]


def test_workflow_numbers_have_no_assistant_request_and_no_risk(tmp_path: Path) -> None:
    manifest = manifest_from(
        tmp_path,
        ORG
        + "phoneNumbers:\n  wf: {provider: vapi, sipUri: 'sip:wf@sip.vapi.ai', workflowId: wf-1}\n",
    )
    table, warnings = table_and_warnings(graph_from_manifest(manifest))
    assert table == {}
    assert warnings == set()


def test_manifest_omitting_server_keeps_the_live_twins_server(tmp_path: Path) -> None:
    manifest = manifest_from(tmp_path, ORG + "assistants:\n  keeper: {firstMessage: hi}\n")
    live = LiveState(
        org={"id": "o"},
        items={
            Kind.ASSISTANT: [
                {"id": "a1", "name": "keeper", "server": {"url": "https://live.example.com"}}
            ]
        },
    )
    table, _ = table_and_warnings(graph_from_manifest(manifest, live))
    assert table == {
        (None, "keeper", None, "server-messages"): ("https://live.example.com", "assistant")
    }
    offline, _ = table_and_warnings(graph_from_manifest(manifest))
    assert offline == {
        (None, "keeper", None, "server-messages"): ("https://org.example.com/vapi", "org")
    }


def test_live_secret_forms_and_seed_era_server_url() -> None:
    def assistant(ident: str, **fields: Any) -> dict[str, Any]:
        return {"id": ident, "name": ident, **fields}

    live = LiveState(
        org={
            "id": "o",
            "serverUrl": "https://legacy-org.example.com",
            "isServerUrlSecretSet": True,
        },
        items={
            Kind.ASSISTANT: [
                assistant(
                    "bearer",
                    server={"url": "https://x.example.com", "headers": {"authorization": "B"}},
                ),
                assistant(
                    "header",
                    server={"url": "https://y.example.com", "headers": {"X-Vapi-Secret": "s"}},
                ),
                assistant("cred", server={"url": "https://z.example.com", "credentialId": "c"}),
                assistant("bare", server={"url": "https://w.example.com"}),
                assistant("legacy", serverUrl="http://v.example.com"),
                assistant("none"),
            ]
        },
    )
    table, warnings = table_and_warnings(graph_from_live(live))
    assert table[(None, "none", None, "server-messages")] == (
        "https://legacy-org.example.com",
        "org",
    )
    assert table[(None, "legacy", None, "server-messages")] == ("http://v.example.com", "assistant")
    assert warnings == {
        ("assistant/bare", "url-no-secret"),
        ("assistant/legacy", "url-no-secret"),
        ("assistant/legacy", "insecure-url"),
    }


def test_live_dangling_ids_and_unnamed_numbers() -> None:
    live = LiveState(
        org={"id": "o", "server": {"url": "https://org.example.com", "credentialId": "c"}},
        items={
            Kind.PHONE_NUMBER: [
                {"id": "p1", "provider": "twilio", "number": "+14155550001", "assistantId": "gone"},
                {"id": "p2", "provider": "twilio", "number": "+14155550002", "squadId": "gone-too"},
            ]
        },
    )
    table, warnings = table_and_warnings(graph_from_live(live))
    assert table == {
        ("+14155550001", "gone", None, "server-messages"): (None, None),
        ("+14155550002", "gone-too.members[?]", None, "server-messages"): (None, None),
    }
    assert warnings == {
        ("phoneNumber/+14155550001", "unknown-reference"),
        ("phoneNumber/+14155550002", "unknown-reference"),
    }
