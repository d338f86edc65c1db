"""The CLI's global contract: version, help, exit codes for usage errors."""

import subprocess
import sys

from typer.testing import CliRunner

from vapictl import __version__
from vapictl.cli import app


def test_version_fast_path_prints_version() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "vapictl", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == f"vapictl {__version__}"


def test_help_lists_every_command() -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("validate", "schema", "plan", "apply", "drift", "routes", "export", "init"):
        assert command in result.output


def test_usage_error_exits_1_not_2() -> None:
    # click exits 2 on usage errors; 2 means "changes" for vapictl (DESIGN.md §4).
    out = subprocess.run(
        [sys.executable, "-m", "vapictl", "plan", "--no-such-option"],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 1
    assert "No such option" in out.stderr
