"""The suite's own machinery: what `make unit` relies on to be fast stays in effect."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def test_xdist_groups_keep_their_tests_on_one_worker(tmp_path: Path) -> None:
    # The Vapi SDK tests share one worker so that only it pays for the SDK's models
    # (tests/emulator/test_sdk.py); a pytest / pytest-xdist pairing that drops the group
    # (pytest 9.2 with xdist 3.8 did, silently) spreads them over every worker.
    (tmp_path / "test_grouped.py").write_text(
        "import os, pytest\n"
        "pytestmark = pytest.mark.xdist_group('one')\n"
        "@pytest.mark.parametrize('n', range(6))\n"
        "def test_worker(n):\n"
        "    with open(f'worker-{n}', 'w') as out:\n"
        "        out.write(os.environ['PYTEST_XDIST_WORKER'])\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "xdist", "-n", "2", "--dist", "loadgroup", "-q"],
        cwd=tmp_path,
        env={**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"},  # xdist alone: quick
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    workers = {path.read_text() for path in tmp_path.glob("worker-*")}
    assert len(list(tmp_path.glob("worker-*"))) == 6
    assert len(workers) == 1, workers
