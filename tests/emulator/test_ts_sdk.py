"""The official TypeScript SDK (@vapi-ai/server-sdk 2.0.1, a client nobody here wrote)
round-trips tools, assistants, squads and BYO numbers against the emulator.

The SDK is installed once with npm into pytest's cache directory (.pytest_cache); the
test skips, saying why, when node/npm are missing or the install fails (e.g. offline).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from vapictl.emulator.server import EmulatorServer

pytestmark = pytest.mark.slow

SDK = "@vapi-ai/server-sdk@2.0.1"
SCRIPT = Path(__file__).with_name("ts_sdk") / "round_trip.mjs"


@pytest.fixture
def ts_sdk_modules(request: pytest.FixtureRequest) -> Path:
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.skip("node and npm are needed for the TypeScript SDK check")
    prefix = Path(request.config.cache.mkdir("ts-sdk-2.0.1"))
    modules = prefix / "node_modules"
    if not (modules / "@vapi-ai" / "server-sdk" / "package.json").is_file():
        try:
            installed = subprocess.run(
                [npm, "install", "--no-audit", "--no-fund", "--prefix", str(prefix), SDK],
                capture_output=True,
                text=True,
                timeout=240,
            )
        except subprocess.TimeoutExpired:
            pytest.skip(f"npm install {SDK} timed out")
        if installed.returncode != 0:
            pytest.skip(f"npm install {SDK} failed: {installed.stderr.strip()[-300:]}")
    return modules


def test_typescript_sdk_round_trips_tools_assistants_squads_and_numbers(
    emulator: EmulatorServer, ts_sdk_modules: Path
) -> None:
    result = subprocess.run(
        ["node", str(SCRIPT), emulator.url, emulator.api_key],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NODE_PATH": str(ts_sdk_modules)},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip() == "ok"
