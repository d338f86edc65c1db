"""The CI recipes parse, and every vapictl command in them is real (command and options)."""

from __future__ import annotations

import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.gitops.commands import check_real, vapictl_commands
from vapictl.scaffold import ci

ROOT = Path(__file__).resolve().parents[2]
GITHUB = ROOT / "examples" / "ci" / "github" / "vapictl.yml"
GITLAB = ROOT / "examples" / "ci" / "gitlab" / ".gitlab-ci.yml"
PRE_COMMIT = ROOT / ".pre-commit-hooks.yaml"


def _scripts(document: Any) -> Iterator[str]:
    """Every shell snippet: GitHub `run:`, GitLab `script:`/`before_script:` items."""
    if isinstance(document, dict):
        for key, value in document.items():
            if key == "run" and isinstance(value, str):
                yield value
            elif key in ("script", "before_script", "after_script") and isinstance(value, list):
                yield from (v for v in value if isinstance(v, str))
            else:
                yield from _scripts(value)
    elif isinstance(document, list):
        for item in document:
            yield from _scripts(item)


def _recipe_commands(path: Path) -> list[list[str]]:
    document = yaml.safe_load(path.read_text())
    return [argv for script in _scripts(document) for argv in vapictl_commands(script)]


@pytest.mark.parametrize("path", [GITHUB, GITLAB], ids=["github", "gitlab"])
def test_recipe_is_yaml_whose_vapictl_commands_are_real(path: Path) -> None:
    commands = _recipe_commands(path)
    used = {argv[0] for argv in commands}
    assert {"validate", "plan", "apply", "drift"} <= used
    for argv in commands:
        check_real(argv)


def test_github_workflow_plans_on_pr_applies_saved_plan_on_merge_and_checks_drift_nightly() -> None:
    workflow = yaml.safe_load(GITHUB.read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as a boolean
    assert {"pull_request", "push", "schedule"} <= set(triggers)
    jobs = workflow["jobs"]
    plan = [a for s in _scripts(jobs["plan"]) for a in vapictl_commands(s)]
    apply = [a for s in _scripts(jobs["apply"]) for a in vapictl_commands(s)]
    drift = [a for s in _scripts(jobs["drift"]) for a in vapictl_commands(s)]
    assert any("--out" in a and "markdown" in a for a in plan)
    uploads = [s for s in jobs["plan"]["steps"] if "upload-artifact" in s.get("uses", "")]
    assert uploads and uploads[0]["with"]["path"] == "plan.vapiplan"
    assert ["apply", "plan.vapiplan", "--output", "json"] in apply
    assert drift and drift[0][0] == "drift"
    assert "schedule" in jobs["drift"]["if"]


def test_gitlab_apply_is_manual_and_uses_the_saved_plan() -> None:
    pipeline = yaml.safe_load(GITLAB.read_text())
    assert pipeline["apply"]["needs"] == ["plan"]
    assert pipeline["apply"]["rules"][0]["when"] == "manual"
    assert "plan.vapiplan" in pipeline["plan"]["artifacts"]["paths"]
    assert pipeline["drift"]["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "schedule"'}]


def test_pre_commit_hook_runs_a_real_validate() -> None:
    (hook,) = yaml.safe_load(PRE_COMMIT.read_text())
    assert hook["id"] == "vapictl-validate" and hook["pass_filenames"] is False
    argv = [*shlex.split(hook["entry"])[1:], *hook["args"]]
    assert argv[0] == "validate"
    check_real(argv)


def test_init_writes_exactly_the_example_recipes() -> None:
    assert GITHUB.read_text() == ci.GITHUB_WORKFLOW
    assert GITLAB.read_text() == ci.GITLAB_CI


def test_the_checker_catches_unknown_commands_and_options() -> None:
    assert vapictl_commands('vapictl plan -e "$E" --out p > p.md && vapictl drift') == [
        ["plan", "-e", "$E", "--out", "p"],
        ["drift"],
    ]
    with pytest.raises(AssertionError, match="no command"):
        check_real(["deploy"])
    with pytest.raises(AssertionError, match="unknown options"):
        check_real(["drift", "--detailed-exitcode"])
