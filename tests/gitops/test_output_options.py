"""Global options: --no-color / NO_COLOR, -q, -v/-vv (logging on stderr), shell completion."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.e2e.cli import ORG_DIR, SECRETS
from vapictl.cli import app

_SGR = re.compile(r"\x1b\[([0-9;]*)m")


def _colours(text: str) -> set[str]:
    """Colour parameters of the ANSI SGR sequences in text (bold and the like are not colour)."""
    found: set[str] = set()
    for match in _SGR.finditer(text):
        for code in match.group(1).split(";"):
            if code.isdigit() and (30 <= int(code) <= 49 or 90 <= int(code) <= 107):
                found.add(code)
    return found


def _run(args: list[str], emulator: Any, **env: str) -> Any:
    full_env = {
        **SECRETS,
        "VAPI_BASE_URL": emulator.url,
        "VAPI_API_KEY": emulator.api_key,
        "GITHUB_STEP_SUMMARY": "",
        "NO_COLOR": "",
        **env,
    }
    return CliRunner().invoke(app, args, env=full_env, catch_exceptions=False, color=True)


def test_colour_by_default_and_none_with_no_color_or_the_env_var(emulator: Any) -> None:
    plan = ["plan", "-f", str(ORG_DIR)]
    forced = {"FORCE_COLOR": "1", "TERM": "xterm-256color"}

    coloured = _run(plan, emulator, **forced)
    flag = _run(["--no-color", *plan], emulator, **forced)
    env = _run(plan, emulator, **forced, NO_COLOR="1")

    assert _colours(coloured.stdout)  # the check below can fail
    assert _colours(flag.stdout) == set() and _colours(env.stdout) == set()
    assert "to create" in flag.stdout and "to create" in env.stdout


def test_quiet_prints_only_the_result(emulator: Any) -> None:
    full = _run(["plan", "-f", str(ORG_DIR)], emulator)
    quiet = _run(["-q", "plan", "-f", str(ORG_DIR)], emulator)

    assert full.exit_code == quiet.exit_code == 0
    assert quiet.stdout.strip().splitlines() == [full.stdout.strip().splitlines()[-1]]
    assert quiet.stdout.startswith("Plan: ")


@pytest.mark.parametrize(("flags", "http_lines"), [([], False), (["-v"], False), (["-vv"], True)])
def test_verbose_levels_log_http_requests_to_stderr_redacted(
    emulator: Any, flags: list[str], http_lines: bool
) -> None:
    result = _run([*flags, "drift", "-f", str(ORG_DIR), "-o", "json"], emulator)

    assert ("DEBUG vapictl.http: GET /assistant -> 200" in result.stderr) is http_lines
    assert "vapictl.http" not in result.stdout  # stdout stays parseable JSON
    assert emulator.api_key not in result.output


def test_show_completion_prints_the_script_for_the_current_shell() -> None:
    import shellingham

    try:
        shell, _ = shellingham.detect_shell()
    except shellingham.ShellDetectionFailure:
        pytest.skip("no parent shell to detect here (e.g. CI): typer needs one for this option")
    if shell not in ("bash", "zsh", "fish", "powershell", "pwsh"):
        pytest.skip(f"typer has no completion script for the parent shell {shell!r} (CI runs sh)")
    script = CliRunner().invoke(app, ["--show-completion"])
    assert script.exit_code == 0, script.output
    assert f"_VAPICTL_COMPLETE=complete_{shell}" in script.output


def test_shell_completion_completes_commands_and_options() -> None:
    exe = Path(sys.executable).with_name("vapictl")
    if not exe.exists():
        pytest.skip("the vapictl entry point is not installed next to this interpreter")
    env = {**os.environ, "_VAPICTL_COMPLETE": "complete_bash", "COMP_CWORD": "2"}
    done = subprocess.run(
        [str(exe)], env={**env, "COMP_WORDS": "vapictl drift --no"}, capture_output=True, text=True
    )
    assert done.stdout.split() == ["--no-prune", "--notify"]
