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
