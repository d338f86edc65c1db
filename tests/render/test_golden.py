"""Rendered plans compared with golden files (Terraform does the same for its views).

A fixed manifest and live state give one plan of every kind of action; its text,
Markdown and JSON renderings must match tests/render/golden/ byte for byte.
Regenerate after an intended change with: UPDATE_GOLDEN=1 pytest tests/render
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.engine.builders import live_item, live_state, manifest, resource
from vapictl.engine.plan import PlanOptions, build_plan
from vapictl.engine.plan_model import Plan
from vapictl.manifest.types import Settings
from vapictl.model import Kind
from vapictl.render.json_plan import plan_to_json
from vapictl.render.markdown import render_markdown
from vapictl.render.text import render_plan

GOLDEN = Path(__file__).parent / "golden"


def _plan() -> Plan:
    tool = resource(
        Kind.TOOL,
        "lookup-order",
        {"type": "function", "function": {"name": "lookup_order"}, "server": {"url": "https://t"}},
    )
    support = resource(
        Kind.ASSISTANT,
        "support",
        {
            "name": "support",
            "firstMessage": "Hi!",
            "model": {"provider": "openai", "model": "gpt-4o", "tools": ["lookup-order"]},
            "server": {"url": "https://a", "secret": "golden-secret-01"},
        },
        secrets=("server.secret",),
    )
    number = resource(
        Kind.PHONE_NUMBER,
        "main",
        {"name": "main", "provider": "twilio", "number": "+14155550101", "twilioAccountSid": "AC1"},
    )
    live = live_state(
        assistants=[
            live_item(
                Kind.ASSISTANT,
                "a1",
                name="support",
                firstMessage="Hello from the dashboard",
                model={"provider": "openai", "model": "gpt-4o", "toolIds": []},
                server={"url": "https://a"},
            ),
            live_item(Kind.ASSISTANT, "a9", name="legacy"),
        ],
        phoneNumbers=[
            live_item(
                Kind.PHONE_NUMBER,
                "p1",
                name="main",
                provider="vonage",
                number="+14155550101",
                credentialId="c",
            )
        ],
    )
    m = manifest(tool, support, number, settings=Settings(prune=True))
    return build_plan(m, live, PlanOptions())


def _renderings() -> dict[str, str]:
    plan = _plan()
    return {
        "plan.txt": "\n".join(text for text, _ in render_plan(plan)) + "\n",
        "plan.md": render_markdown(plan),
        "plan.json": json.dumps(plan_to_json(plan), indent=2) + "\n",
    }


def assert_matches_golden(name: str, rendered: str) -> None:
    """`rendered` equals tests/render/golden/NAME (rewritten first with UPDATE_GOLDEN=1)."""
    golden = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(rendered, encoding="utf-8")
    assert rendered == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["plan.txt", "plan.md", "plan.json"])
def test_rendered_plan_matches_golden_file(name: str) -> None:
    rendered = _renderings()[name]
    assert_matches_golden(name, rendered)
    assert "golden-secret-01" not in rendered


def test_text_plans_cap_the_warnings_they_list() -> None:
    import dataclasses

    from vapictl.errors import Diagnostic
    from vapictl.render.text import MAX_WARNINGS_SHOWN

    many = tuple(
        Diagnostic(f"warning {i}", code="url-no-secret", severity="warning") for i in range(45)
    )
    plan = dataclasses.replace(_plan(), warnings=many)
    text = [line for line, _ in render_plan(plan)]
    assert sum(line.startswith("warning: warning") for line in text) == MAX_WARNINGS_SHOWN
    assert "... and 25 more warnings (25 url-no-secret)" in "\n".join(text)
