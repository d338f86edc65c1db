"""Golden files of how changed texts and list items render (issue 14).

One plan edits one line of a 40-line system prompt, appends a message, changes
the middle of a long first message, adds a final newline and a code fence to a
tool description, and edits one squad member while another is removed. Its
text and Markdown plans and drift reports must match tests/render/golden/
byte for byte; JSON keeps the full values. Regenerate after an intended change
with: UPDATE_GOLDEN=1 pytest tests/render
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from tests.engine.builders import live_item, live_state, manifest, resource
from tests.render.test_golden import assert_matches_golden
from vapictl.drift.render import render_markdown as render_drift_markdown
from vapictl.drift.render import render_text as render_drift_text
from vapictl.drift.report import build_drift_report
from vapictl.engine.plan import PlanOptions, build_plan
from vapictl.engine.plan_model import Plan
from vapictl.model import Kind
from vapictl.render.json_plan import plan_to_json
from vapictl.render.markdown import render_markdown
from vapictl.render.text import render_plan

RULES = [f"{i}. Rule number {i} of the support policy." for i in range(1, 41)]
PROMPT = "You are Acme's support agent.\n" + "\n".join(RULES) + "\n"
EDITED_PROMPT = PROMPT.replace(
    "20. Rule number 20 of the support policy.", "20. Never promise refunds or credits."
)
GREETING = "Welcome to Acme. " * 10 + "We are open from 9 to 5." + " Thanks for calling." * 8
DESCRIPTION = "Look up an order.\n```\nlookup_order(orderId)\n```"


def _plan() -> Plan:
    support = resource(
        Kind.ASSISTANT,
        "support",
        {
            "name": "support",
            "firstMessage": GREETING.replace("9 to 5", "8 to 6"),
            "model": {
                "provider": "openai",
                "model": "gpt-4o",
                "messages": [
                    {"role": "system", "content": EDITED_PROMPT},
                    {"role": "assistant", "content": "Hi!"},
                    {"role": "user", "content": "Where is my order?"},
                ],
            },
        },
    )
    tool = resource(
        Kind.TOOL,
        "lookup-order",
        {
            "type": "function",
            "function": {"name": "lookup_order", "description": DESCRIPTION + "\n"},
        },
    )
    desk = resource(
        Kind.SQUAD,
        "desk",
        {
            "name": "desk",
            "members": [
                {"assistantId": "a-sales"},
                {"assistantId": "a-billing", "assistantOverrides": {"firstMessage": "Billing."}},
            ],
        },
    )
    live = live_state(
        tools=[
            live_item(
                Kind.TOOL,
                "t1",
                type="function",
                function={"name": "lookup_order", "description": DESCRIPTION},
            )
        ],
        assistants=[
            live_item(
                Kind.ASSISTANT,
                "a1",
                name="support",
                firstMessage=GREETING,
                model={
                    "provider": "openai",
                    "model": "gpt-4o",
                    "messages": [
                        {"role": "system", "content": PROMPT},
                        {"role": "assistant", "content": "Hi!"},
                    ],
                },
            )
        ],
        squads=[
            live_item(
                Kind.SQUAD,
                "s1",
                name="desk",
                members=[
                    {"assistantId": "a-front"},
                    {"assistantId": "a-sales"},
                    {"assistantId": "a-billing", "assistantOverrides": {"firstMessage": "Hi."}},
                ],
            )
        ],
    )
    return build_plan(manifest(tool, support, desk), live, PlanOptions())


def _renderings() -> dict[str, str]:
    plan = _plan()
    drift = build_drift_report(plan, checked_at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))
    return {
        "text-diffs.plan.txt": "\n".join(text for text, _ in render_plan(plan)) + "\n",
        "text-diffs.plan.md": render_markdown(plan),
        "text-diffs.plan.json": json.dumps(plan_to_json(plan), indent=2) + "\n",
        "text-diffs.drift.txt": "\n".join(render_drift_text(drift)) + "\n",
        "text-diffs.drift.md": render_drift_markdown(drift),
    }


@pytest.mark.parametrize("name", sorted(_renderings()))
def test_text_diffs_match_golden_file(name: str) -> None:
    assert_matches_golden(name, _renderings()[name])


@pytest.mark.parametrize("name", ["text-diffs.plan.txt", "text-diffs.plan.md"])
def test_a_one_line_prompt_edit_shows_that_line_and_its_context_only(name: str) -> None:
    rendered = _renderings()[name]
    assert "model.messages[0].content:" in rendered
    assert "20. Never promise refunds or credits." in rendered
    assert "17. Rule number 17" in rendered and "23. Rule number 23" in rendered
    assert "16. Rule number 16" not in rendered and "24. Rule number 24" not in rendered
    assert "You are Acme's support agent." not in rendered  # the distant first line


def test_json_keeps_the_full_values_at_the_finest_path() -> None:
    actions = {a["name"]: a for a in plan_to_json(_plan())["actions"]}
    changes = {c["path"]: c for c in actions["support"]["changes"]}
    assert changes["model.messages[0].content"] == {
        "path": "model.messages[0].content",
        "before": PROMPT,
        "after": EDITED_PROMPT,
    }
    assert changes["firstMessage"]["before"] == GREETING
    assert changes["model.messages[2]"]["before"] is None


def test_terminal_styles_colour_the_removed_and_added_lines() -> None:
    from vapictl.drift.render import render_text_styled

    plan = _plan()
    drift = build_drift_report(plan)
    for lines in (render_plan(plan), render_text_styled(drift)):
        styles = {text.strip()[:3]: style for text, style in lines if "20. " in text}
        assert styles == {"-20": "red", "+20": "green"}
        assert any(style == "cyan" and "@@ -18,7 +18,7 @@" in text for text, style in lines)
