"""A corpus of realistic manifests: each bad one must fail with the expected
line and message (header `# expect: LINE: fragment`), each good one must pass."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.manifest.conftest import TEST_ENV
from vapictl.cli import app

FIXTURES = Path(__file__).resolve().parent / "fixtures"
BAD = sorted((FIXTURES / "bad").glob("*.yaml"))
GOOD = sorted((FIXTURES / "good").glob("*.yaml"))
_EXPECT = re.compile(r"^# expect: (\d+): (.+)$")

runner = CliRunner()


def _expectations(path: Path) -> list[tuple[int, str]]:
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _EXPECT.match(line)
        if match:
            found.append((int(match.group(1)), match.group(2)))
    return found


def test_the_corpus_is_not_empty() -> None:
    assert len(BAD) >= 40 and len(GOOD) >= 3


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.name)
def test_bad_manifest_is_rejected_at_the_right_line(path: Path) -> None:
    expectations = _expectations(path)
    assert expectations, f"{path.name} has no '# expect: LINE: message' header"
    result = runner.invoke(app, ["validate", "-f", str(path)], env=TEST_ENV)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.output.splitlines()
    for line_number, fragment in expectations:
        prefix = f"{path}:{line_number}:"
        assert any(
            line.startswith(prefix) and ": error: " in line and fragment in line for line in lines
        ), f"expected an error at line {line_number} containing {fragment!r}:\n{result.output}"


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.name)
def test_good_manifest_passes(path: Path) -> None:
    result = runner.invoke(app, ["validate", "-f", str(path)], env=TEST_ENV)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith("Valid: ")
    for secret in TEST_ENV.values():
        assert secret not in result.output
