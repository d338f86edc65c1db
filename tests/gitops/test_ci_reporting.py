"""What CI sees (issue 15): GitHub annotations and job summaries, GitLab Code Quality,
and Markdown plans that fit in one pull-request comment."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.cli import ORG_DIR, vapictl

GITHUB_COMMENT_LIMIT = 65_536


def _github(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        "GITHUB_ACTIONS": "true",
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
        "GITHUB_WORKSPACE": str(ORG_DIR.parent),
        **extra,
    }


def _summary(tmp_path: Path) -> str:
    return (tmp_path / "summary.md").read_text()


BROKEN = "assistants:\n  a:\n    model: {provider: openai, model: gpt-4o, temperature: hot}\n"


def test_validation_errors_are_github_annotations_with_file_line_and_column(
    tmp_path: Path,
) -> None:
    (tmp_path / "assistants.yaml").write_text(BROKEN)
    env = {**_github(tmp_path), "GITHUB_WORKSPACE": str(tmp_path)}
    result = vapictl(["validate", "-f", str(tmp_path)], env=env)
    assert result.exit_code == 1
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("::error ")]
    assert line.startswith("::error file=assistants.yaml,line=3,col=59,title=vapictl validate::")
    assert "### vapictl validate" in _summary(tmp_path)
    assert "| error | `" in _summary(tmp_path)


def test_no_annotations_outside_github_actions(tmp_path: Path) -> None:
    (tmp_path / "assistants.yaml").write_text(BROKEN)
    result = vapictl(["validate", "-f", str(tmp_path)])
    assert "::error" not in result.output


def test_plan_warnings_are_annotations_and_the_plan_is_on_the_job_summary(
    emulator: Any, tmp_path: Path
) -> None:
    result = vapictl(
        ["plan", "-f", str(ORG_DIR), "-o", "json"], emulator=emulator, env=_github(tmp_path)
    )
    assert result.exit_code == 0, result.output
    json.loads(result.stdout)  # annotations never break JSON on stdout
    warnings = [line for line in result.stderr.splitlines() if line.startswith("::warning ")]
    assert any(
        line.startswith("::warning file=org/phone-numbers.yaml,line=9,col=12,title=vapictl plan::")
        for line in warnings
    ), warnings
    assert "**Plan: 13 to create, 1 to update" in _summary(tmp_path)


def test_apply_and_drift_write_job_summaries(emulator: Any, tmp_path: Path) -> None:
    env = _github(tmp_path)
    applied = vapictl(["apply", "-f", str(ORG_DIR), "--auto-approve"], emulator=emulator, env=env)
    assert applied.exit_code == 0, applied.output
    drift = vapictl(["drift", "-f", str(ORG_DIR)], emulator=emulator, env=env)
    assert drift.exit_code == 0, drift.output
    summary = _summary(tmp_path)
    assert "### vapictl apply" in summary and "**Apply complete: 14 applied.**" in summary
    assert "No drift" in summary


def test_an_unwritable_job_summary_is_a_warning_not_a_failure(
    emulator: Any, tmp_path: Path
) -> None:
    env = {**_github(tmp_path), "GITHUB_STEP_SUMMARY": str(tmp_path / "missing" / "s.md")}
    result = vapictl(
        ["plan", "-f", str(ORG_DIR), "--detailed-exitcode"], emulator=emulator, env=env
    )
    assert result.exit_code == 2
    assert "could not append to the job summary" in result.stderr


@pytest.mark.parametrize("command", ["validate", "plan"])
def test_codequality_reports_findings_for_gitlab(emulator: Any, command: str) -> None:
    result = vapictl(
        [command, "-f", str(ORG_DIR), "-o", "codequality"],
        emulator=emulator,
        env={"CI_PROJECT_DIR": str(ORG_DIR.parent)},
    )
    assert result.exit_code == 0, result.output
    issues = json.loads(result.stdout)
    paths = {(i["location"]["path"], i["location"]["lines"]["begin"]) for i in issues}
    assert ("org/phone-numbers.yaml", 9) in paths
    for issue in issues:
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert len(issue["fingerprint"]) == 64 and issue["description"]
    assert len({i["fingerprint"] for i in issues}) == len(issues)


def test_validate_output_offers_only_what_it_accepts() -> None:
    result = vapictl(["validate", "--help"], env={"COLUMNS": "200"})
    assert "text, json, codequality" in result.stdout and "markdown" not in result.stdout
    refused = vapictl(["validate", "-f", str(ORG_DIR), "-o", "markdown"])
    assert refused.exit_code == 1 and "'markdown' is not one of" in refused.output


def _many_assistants(directory: Path, count: int) -> None:
    prompt = "You are a careful agent. " * 40
    entries = "".join(
        f"  agent-{i:03}:\n    firstMessage: Hello {i}\n"
        f"    model:\n      provider: openai\n      model: gpt-4o\n"
        f"      messages: [{{role: system, content: '{prompt}{i}'}}]\n"
        for i in range(count)
    )
    (directory / "assistants.yaml").write_text("assistants:\n" + entries)


def test_a_markdown_plan_fits_one_github_comment(emulator: Any, tmp_path: Path) -> None:
    _many_assistants(tmp_path, 300)
    env = {
        "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_REPOSITORY": "acme/vapi",
        "GITHUB_RUN_ID": "42",
    }
    full = vapictl(
        ["plan", "-f", str(tmp_path), "-o", "markdown", "--markdown-limit", "0"], emulator=emulator
    )
    assert len(full.stdout) > GITHUB_COMMENT_LIMIT  # the case being tested
    capped = vapictl(["plan", "-f", str(tmp_path), "-o", "markdown"], emulator=emulator, env=env)
    assert capped.exit_code == 0, capped.output
    text = capped.stdout
    assert len(text) < GITHUB_COMMENT_LIMIT - 4_000  # room for what CI adds around it
    assert "**Plan: 300 to create, 0 to update, 0 to replace, 0 to delete.**" in text
    shown = text.count("| `+` create | assistant |")
    assert 0 < shown < 300
    assert f"**{300 - shown} of 300 actions are not shown**" in text
    assert "https://github.com/acme/vapi/actions/runs/42" in text
    # The actions shown are the plan's first ones, in order, each with its changes.
    assert "`agent-000`" in text and f"`agent-{shown - 1:03}`" in text
    assert f"`agent-{shown:03}`" not in text
    assert text.rstrip().endswith("</details>")
