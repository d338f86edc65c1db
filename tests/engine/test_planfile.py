"""Saved plans: what `apply FILE` reads back is the plan that was reviewed."""

from __future__ import annotations

import ast
from pathlib import Path

from vapictl.engine import planfile
from vapictl.engine.diff import ABSENT, Change
from vapictl.engine.plan_model import Action, ActionType, Plan
from vapictl.engine.planfile import SavedPlan, load_plan, save_plan
from vapictl.engine.refs import Ref
from vapictl.model import Kind
from vapictl.render.text import render_plan


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
    plan = Plan(actions=(action,), manifest_digest="d", known_ids={})
    path = tmp_path / "plan.vapiplan"
    save_plan(SavedPlan(plan, ("m.yaml",), None, ()), path)
    loaded = load_plan(path).plan
    (again,) = loaded.actions
    assert again.changes == action.changes
    assert again.changes[0].before is ABSENT
    assert again.body == action.body
    # What `plan` shows and what `apply FILE` shows are the same text.
    assert render_plan(loaded) == render_plan(plan)
    assert any("(unset)" in text for text, _ in render_plan(loaded))


def test_the_plan_file_module_does_not_import_renderers() -> None:
    tree = ast.parse(Path(planfile.__file__).read_text())
    imported = [
        node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module is not None
    ]
    assert not [m for m in imported if m.startswith("vapictl.render")]
