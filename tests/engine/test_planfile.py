"""Saved plans: the records `apply FILE` compares keep what was reviewed, exactly."""

from __future__ import annotations

import ast
from pathlib import Path

from vapictl.engine import planfile
from vapictl.engine.diff import ABSENT, Change
from vapictl.engine.live import LiveState
from vapictl.engine.plan_model import Action, ActionType, Plan
from vapictl.engine.plan_record import action_record, record_differences
from vapictl.engine.planfile import load_plan, plan_target, save_plan
from vapictl.engine.refs import Ref
from vapictl.model import Kind


def test_unset_stays_distinct_from_null_through_a_plan_file(tmp_path: Path) -> None:
    action = Action(
        ActionType.UPDATE,
        kind=Kind.ASSISTANT,
        name="support",
        address="assistant/support",
        id="a1",
        changes=(
            Change("firstMessage", ABSENT, "hi"),  # not set live
            Change("voicemailMessage", None, "bye"),  # set live, to null
        ),
        body={"firstMessage": "hi", "model": {"toolIds": [Ref(Kind.TOOL, "lookup")]}},
    )
    plan = Plan(actions=(action,), manifest_digest="d", known_ids={"tool/lookup": "t1"})
    live = LiveState(org=None, items={Kind.ASSISTANT: [{"id": "a1", "voicemailMessage": None}]})
    path = tmp_path / "plan.vapiplan"
    save_plan(
        path,
        plan,
        live,
        plan_target("https://api.vapi.ai", {"id": "org-1"}),
        files=("m.yaml",),
        environment=None,
        variables=(),
        targets=(),
    )
    (record,) = load_plan(path).records
    unset, null = record["changes"]
    assert "before" not in unset and null["before"] is None
    assert record["body"] == {"firstMessage": "hi", "model": {"toolIds": ["t1"]}}
    fresh = [action_record(action, plan.known_ids, live)]
    assert record_differences([record], fresh) == []
    # A file claiming the field was null live, where it was unset, is not the plan made now.
    tampered = {**record, "changes": [{**unset, "before": None}, null]}
    assert record_differences([tampered], fresh) == [
        "assistant/support (update): the changes it shows differ at firstMessage"
    ]


def test_the_plan_file_module_does_not_import_renderers() -> None:
    tree = ast.parse(Path(planfile.__file__).read_text())
    imported = [
        node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module is not None
    ]
    assert not [m for m in imported if m.startswith("vapictl.render")]
