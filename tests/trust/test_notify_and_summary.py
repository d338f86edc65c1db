"""Slack text escaping and an unwritable job summary (issue 12, item 11)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.cli import vapictl
from vapictl.drift.notify import notification_text
from vapictl.drift.report import DriftReport, DriftStatus, FieldDrift, ResourceDrift
from vapictl.model import Kind


def test_live_names_cannot_ping_or_link_in_slack() -> None:
    report = DriftReport(
        resources=(
            ResourceDrift(
                Kind.ASSISTANT,
                "<!channel> & <https://evil.example|click me>",
                "a1",
                DriftStatus.CHANGED,
                (FieldDrift("firstMessage", "a", "b"),),
            ),
        ),
        checked_at=datetime(2026, 1, 2, tzinfo=UTC),
        org_name="<!here> Acme",
    )
    text = notification_text(report)
    assert "<" not in text and ">" not in text
    assert "&lt;!here&gt; Acme" in text
    assert "&lt;!channel&gt; &amp; &lt;https://evil.example|click me&gt;" in text


@pytest.mark.slow
def test_an_unwritable_step_summary_is_a_warning_and_drift_still_exits_2(
    emulator: Any, api: httpx.Client, tmp_path: Path
) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("assistants:\n  support:\n    firstMessage: Hi\n", encoding="utf-8")
    assert vapictl(["apply", "-f", str(path), "--auto-approve"], emulator=emulator).exit_code == 0
    [assistant] = api.get("/assistant").json()
    api.patch(f"/assistant/{assistant['id']}", json={"firstMessage": "edited"}).raise_for_status()

    unwritable = tmp_path / "summary-is-a-directory"
    unwritable.mkdir()
    env = {"GITHUB_STEP_SUMMARY": str(unwritable)}
    drift = vapictl(["drift", "-f", str(path)], emulator=emulator, env=env)
    assert drift.exit_code == 2, drift.output
    assert "Warning: could not append to the job summary" in drift.stderr
    plan = vapictl(["plan", "-f", str(path), "--detailed-exitcode"], emulator=emulator, env=env)
    assert plan.exit_code == 2, plan.output
    assert "Warning: could not append to the job summary" in plan.stderr
