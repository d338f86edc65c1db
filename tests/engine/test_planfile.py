"""Saved plans: what `apply FILE` reads back is the plan that was reviewed."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from vapictl.engine import plan_record, planfile
from vapictl.engine.diff import ABSENT, Change
from vapictl.engine.live import LiveState
from vapictl.engine.plan_model import Action, ActionType
from vapictl.model import Kind


def _record(
    action: ActionType, kind: Kind, name: str, id: str | None, **fields: Any
) -> plan_record.Record:
    """The saved record of one action (no live ids to resolve)."""
    made = Action(action, kind=kind, name=name, address=f"{kind.value}/{name}", id=id, **fields)
    return plan_record.action_record(made, {}, LiveState(org=None))


def test_a_saved_action_keeps_unset_apart_from_null() -> None:
    changes = (
        Change("firstMessage", ABSENT, "hi"),  # not set live
        Change("voicemailMessage", None, "bye"),  # set live, to null
    )
    record = _record(ActionType.UPDATE, Kind.ASSISTANT, "support", "a1", changes=changes)
    unset, null = record["changes"]
    assert "before" not in unset
    assert "before" in null and null["before"] is None


def test_a_header_token_is_saved_as_a_fingerprint_and_compared_by_it() -> None:
    def record(token: str) -> plan_record.Record:
        header = {"type": "string", "value": f"Bearer {token}"}
        body = {"headers": {"type": "object", "properties": {"Authorization": header}}}
        return _record(ActionType.UPDATE, Kind.TOOL, "crm", "t1", body=body)

    saved = record("token-one-1234")
    sealed = saved["body"]["headers"]["properties"]["Authorization"]
    assert sealed["type"] == "string"
    assert set(sealed["value"]) == {"$secret", "path", "digest"}
    assert sealed["value"]["path"] == "headers.properties.Authorization.value"
    assert "token-one-1234" not in repr(saved)
    assert plan_record.record_differences([saved], [record("token-one-1234")]) == []
    (stale,) = plan_record.record_differences([saved], [record("token-two-5678")])
    assert "headers.properties.Authorization.value" in stale and "token-two" not in stale


def test_a_mapping_shaped_like_a_placeholder_is_still_sealed() -> None:
    # Hand-written `$secret` / `$ref` keys beside a token are data, not placeholders.
    header = {"$secret": "x", "$ref": "tool/y", "value": "Bearer token-three-9012"}
    body = {"headers": {"type": "object", "properties": {"Authorization": header}}}
    saved = _record(ActionType.CREATE, Kind.TOOL, "crm", None, body=body)
    assert "token-three-9012" not in repr(saved)


def test_saved_plan_modules_do_not_import_renderers() -> None:
    for module in (planfile, plan_record):
        tree = ast.parse(Path(str(module.__file__)).read_text())
        imported = [
            node.module
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module is not None
        ]
        assert not [m for m in imported if m.startswith("vapictl.render")], module


def test_the_records_of_a_plan_are_each_actions_own_record() -> None:
    """Saving a plan gathers the live org's ids once for all its actions: each record is
    still what the action alone gives, raw live ids in the body found by kind."""
    live = LiveState(
        org=None,
        items={
            Kind.TOOL: [{"id": "t1", "name": "lookup"}],
            Kind.ASSISTANT: [{"id": "a1", "name": "support"}],
        },
    )
    actions = [
        Action(
            ActionType.UPDATE,
            kind=Kind.ASSISTANT,
            name="support",
            address="assistant/support",
            id="a1",
            body={"model": {"toolIds": ["t1", "not-live"]}},
        ),
        Action(
            ActionType.CREATE,
            kind=Kind.SQUAD,
            name="team",
            address="squad/team",
            id=None,
            body={"members": [{"assistantId": "a1"}]},
        ),
    ]
    records = plan_record.action_records(actions, {}, live)
    assert records == [plan_record.action_record(action, {}, live) for action in actions]
    assert [r["references"] for r in records] == [
        {"body.model.toolIds[0]": "tool/t1"},
        {"body.members[0].assistantId": "assistant/a1"},
    ]
