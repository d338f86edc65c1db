"""What pull writes and what it only reports (vapictl/pull/findings.py)."""

from __future__ import annotations

from tests.engine.builders import live_item, live_state, manifest, resource
from vapictl.engine.plan import build_plan
from vapictl.errors import Location
from vapictl.model import Kind
from vapictl.pull import find_drifts


def test_a_live_value_holding_a_secret_is_reported_never_written() -> None:
    entry = resource(Kind.ASSISTANT, "agent", {"name": "agent", "credentials": []})
    entry.field_locations["credentials"] = Location("a.yaml", 3, 5)
    live = live_state(
        assistants=[
            live_item(
                Kind.ASSISTANT,
                "a1",
                name="agent",
                credentials=[{"provider": "11labs", "apiKey": "sk-live-value"}],
            )
        ]
    )
    the_manifest = manifest(entry)
    findings = find_drifts(the_manifest, live, build_plan(the_manifest, live))
    assert findings.drifts == []
    assert any("holds a secret" in note for note in findings.notes)
    assert all("sk-live-value" not in note for note in findings.notes)


def test_a_field_no_manifest_declares_is_reported() -> None:
    # `name` comes from the key; the entry is pinned, so a live rename is a drift.
    entry = resource(
        Kind.ASSISTANT, "agent", {"name": "agent", "firstMessage": "Hi"}, pinned_id="a1"
    )
    entry.field_locations["firstMessage"] = Location("a.yaml", 3, 5)
    live = live_state(
        assistants=[live_item(Kind.ASSISTANT, "a1", name="renamed", firstMessage="Hello")]
    )
    the_manifest = manifest(entry)
    findings = find_drifts(the_manifest, live, build_plan(the_manifest, live))
    assert [(d.path, d.value) for d in findings.drifts] == [(("firstMessage",), "Hello")]
    assert any(
        "assistant/agent name" in note and "no manifest declares" in note for note in findings.notes
    )


def test_targets_limit_what_is_pulled_and_reported() -> None:
    entry = resource(Kind.ASSISTANT, "agent", {"name": "agent", "firstMessage": "Hi"})
    entry.field_locations["firstMessage"] = Location("a.yaml", 3, 5)
    live = live_state(
        assistants=[
            live_item(Kind.ASSISTANT, "a1", name="agent", firstMessage="Hello"),
            live_item(Kind.ASSISTANT, "a2", name="stray"),
        ]
    )
    the_manifest = manifest(entry)
    plan = build_plan(the_manifest, live)
    assert len(find_drifts(the_manifest, live, plan, ("assistant/agent",)).drifts) == 1
    other = find_drifts(the_manifest, live, plan, ("tool/*",))
    assert other.drifts == [] and other.unmanaged == []


def test_a_header_token_edited_live_is_reported_never_written() -> None:
    # An apiRequest tool's headers are a JSON schema: the token sits at `...Authorization.value`.
    def headers(token: str) -> dict[str, object]:
        return {
            "type": "object",
            "properties": {
                "Authorization": {"type": "string", "value": token},
                "X-Source": {"type": "string", "value": "vapi"},
            },
        }

    body = {"type": "apiRequest", "name": "crm", "method": "POST", "url": "https://crm.example"}
    entry = resource(Kind.TOOL, "crm", {**body, "headers": headers("Bearer manifest-token")})
    entry.field_locations["headers"] = Location("t.yaml", 4, 5)
    live = live_state(
        tools=[live_item(Kind.TOOL, "t1", **body, headers=headers("Bearer live-token-9f8e"))]
    )
    the_manifest = manifest(entry)
    plan = build_plan(the_manifest, live)
    findings = find_drifts(the_manifest, live, plan)
    assert findings.drifts == []
    assert any("holds a secret" in note for note in findings.notes)
    assert "live-token-9f8e" not in repr(findings.notes)
    # The plan shows the token changed, masked on both sides.
    (change,) = plan.actions[0].changes
    assert (change.path, change.before, change.after, change.sensitive) == (
        "headers.properties.Authorization.value",
        "(sensitive)",
        "(sensitive)",
        True,
    )
