"""The CI recipes parse, and every vapictl command in them is real (command and options)."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.e2e.cli import ORG_DIR, SECRETS, vapictl
from tests.gitops.commands import check_real, vapictl_commands
from vapictl import __version__
from vapictl.scaffold import ci

ROOT = Path(__file__).resolve().parents[2]
GITHUB = ROOT / "examples" / "ci" / "github" / "vapictl.yml"
GITLAB = ROOT / "examples" / "ci" / "gitlab" / ".gitlab-ci.yml"
MULTI_ORG = ROOT / "examples" / "ci" / "github" / "vapictl-orgs.yml"
ACTION = ROOT / "action.yml"
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


KEY = "${{ secrets.VAPI_API_KEY }}"


def _action_steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for s in job["steps"] if s.get("uses", "").startswith("vapictl/vapictl@")]


def _recipe_commands(path: Path) -> list[list[str]]:
    document = yaml.safe_load(path.read_text())
    return [argv for script in _scripts(document) for argv in vapictl_commands(script)]


@pytest.mark.parametrize(
    "paths", [(GITHUB, ACTION), (GITLAB,), (ACTION,)], ids=["github", "gitlab", "action"]
)
def test_recipe_is_yaml_whose_vapictl_commands_are_real(paths: tuple[Path, ...]) -> None:
    commands = [argv for path in paths for argv in _recipe_commands(path)]
    used = {argv[0] for argv in commands}
    assert {"validate", "plan", "apply", "drift"} <= used
    for argv in commands:
        check_real(argv)


def test_github_workflow_plans_on_pr_applies_saved_plan_on_merge_and_checks_drift_nightly() -> None:
    workflow = yaml.safe_load(GITHUB.read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as a boolean
    assert {"pull_request", "push", "schedule"} <= set(triggers)
    jobs = workflow["jobs"]
    modes = {job: [s["with"] for s in _action_steps(jobs[job])] for job in jobs}
    assert [m["mode"] for m in modes["plan"]] == ["plan"]
    uploads = [s for s in jobs["plan"]["steps"] if "upload-artifact" in s.get("uses", "")]
    assert uploads and uploads[0]["with"]["path"] == modes["plan"][0].get(
        "plan-file", "plan.vapiplan"
    )
    assert modes["apply"] == [{"mode": "apply", "plan-file": "plan.vapiplan", "api-key": KEY}]
    assert [m["mode"] for m in modes["drift"]] == ["drift"]
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
    assert MULTI_ORG.read_text() == ci.GITHUB_MULTI_ORG


def test_the_checker_catches_unknown_commands_and_options() -> None:
    assert vapictl_commands('vapictl plan -e "$E" --out p > p.md && vapictl drift') == [
        ["plan", "-e", "$E", "--out", "p"],
        ["drift"],
    ]
    with pytest.raises(AssertionError, match="no command"):
        check_real(["deploy"])
    with pytest.raises(AssertionError, match="unknown options"):
        check_real(["drift", "--detailed-exitcode"])


@pytest.mark.parametrize("path", [GITHUB, MULTI_ORG], ids=["github", "multi-org"])
def test_github_recipes_pin_the_action_time_out_and_scope_the_key(path: Path) -> None:
    workflow = yaml.safe_load(path.read_text())
    assert "secrets." not in json.dumps(workflow.get("env", {}))  # nothing job- or run-wide
    for name, job in workflow["jobs"].items():
        assert isinstance(job.get("timeout-minutes"), int), f"{name} has no timeout-minutes"
        assert "secrets." not in json.dumps(job.get("env", {})), name
        for step in job["steps"]:
            uses = step.get("uses", "")
            if uses.startswith("vapictl/vapictl"):
                assert uses == f"vapictl/vapictl@v{__version__}"  # pinned to this release
                continue
            # The API key (and any manifest secret) reaches only the vapictl steps.
            assert "VAPI_API_KEY" not in json.dumps(step), (name, step)


def test_the_action_pins_vapictl_caches_pip_and_gives_the_key_to_one_step() -> None:
    action = yaml.safe_load(ACTION.read_text())
    assert action["inputs"]["version"]["default"] == __version__
    assert set(action["inputs"]["mode"]["description"].replace(",", " ").split()) >= {
        "plan",
        "apply",
        "drift",
    }
    steps = action["runs"]["steps"]
    setup = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python"))
    assert setup["with"]["cache"] == "pip"
    install = next(s for s in steps if s.get("name", "").startswith("Install"))
    assert '"vapictl==$VAPICTL_VERSION"' in install["run"]
    with_key = [s for s in steps if "api-key" in json.dumps(s)]
    assert [s["id"] for s in with_key] == ["run"]


def _action_script() -> str:
    action = yaml.safe_load(ACTION.read_text())
    return str(next(s for s in action["runs"]["steps"] if s.get("id") == "run")["run"])


def _run_action(mode: str, emulator: Any, workdir: Path, **inputs: str) -> dict[str, str]:
    """Run the action's main step as the runner would (bash, its env), on the emulator."""
    outputs = workdir / f"outputs-{mode}"
    env = {
        **os.environ,
        **SECRETS,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "VAPI_API_KEY": emulator.api_key,
        "VAPI_BASE_URL": emulator.url,
        "GITHUB_OUTPUT": str(outputs),
        "GITHUB_STEP_SUMMARY": str(workdir / "summary.md"),
        "MODE": mode,
        "ENVIRONMENT": "",
        "FILES": str(ORG_DIR),
        "PLAN_FILE": "plan.vapiplan",
        "AUTO_APPROVE": "false",
        "FAIL_ON_DRIFT": "true",
        "VAPICTL_NOTIFY_URL": "",
        "EXTRA_ARGS": "--parallelism 4",
        "NO_COLOR": "1",
        **inputs,
    }
    result = subprocess.run(
        ["bash", "-c", _action_script()], cwd=workdir, env=env, capture_output=True, text=True
    )
    values = dict(line.split("=", 1) for line in outputs.read_text().splitlines())
    assert values["exit-code"] == str(result.returncode), result.stderr
    return values


@pytest.mark.slow
def test_the_action_plans_applies_the_saved_plan_and_finds_no_drift(
    emulator: Any, tmp_path: Path
) -> None:
    planned = _run_action("plan", emulator, tmp_path)
    assert planned == {"report": "plan.md", "changes": "true", "exit-code": "0"}
    assert "**Plan: 13 to create" in (tmp_path / "plan.md").read_text()
    applied = _run_action("apply", emulator, tmp_path)
    assert applied["exit-code"] == "0"
    assert json.loads((tmp_path / "apply.json").read_text())["ok"] is True
    checked = _run_action("drift", emulator, tmp_path)
    assert checked == {"report": "drift.json", "drift": "false", "exit-code": "0"}


def test_the_multi_org_summary_combines_every_org(emulator: Any, tmp_path: Path) -> None:
    """The combined-drift step, run on a real drift report and a failed org's stand-in."""
    workflow = yaml.safe_load(MULTI_ORG.read_text())
    assert workflow["jobs"]["drift-summary"]["needs"] == "orgs"
    (step,) = [s for s in workflow["jobs"]["drift-summary"]["steps"] if "run" in s]
    drift = vapictl(["drift", "-f", str(ORG_DIR), "-o", "json"], emulator=emulator)
    assert drift.exit_code == 2  # an empty org: everything declared is missing
    (tmp_path / "drift-acme-us.json").write_text(drift.stdout)
    (tmp_path / "drift-globex.json").write_text("{}")
    summary = tmp_path / "summary.md"
    result = subprocess.run(
        ["bash", "-e", "-c", step["run"]],
        cwd=tmp_path,
        env={**os.environ, "GITHUB_STEP_SUMMARY": str(summary)},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1  # the job fails once, for all orgs
    table = summary.read_text()
    assert "| acme-us | **yes** | 1 | 10 | 0 |" in table  # the org changed, 10 missing
    assert "| globex | error: see its job | | | |" in table
