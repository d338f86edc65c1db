"""SIGKILL in the middle of `vapictl apply`, then a re-run: the org converges with no
duplicate. The killed process gets no chance to clean up, and requests in flight at
the kill are still carried out by the server (its latency is served before the work),
which is the "committed, but the client never heard back" case."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

import pytest

from tests.e2e.cli import ORG_DIR, SECRETS, vapictl
from tests.reliability.helpers import assert_converged_without_duplicates
from vapictl.emulator.server import EmulatorServer

pytestmark = pytest.mark.slow

LATENCY_MS = 150  # slow enough that apply (14 mutations) takes seconds: time to kill it
MUTATIONS = ("POST", "PATCH", "DELETE")
MAX_RERUNS = 3


def _mutations(server: EmulatorServer) -> int:
    return sum(server.stats.by_method[m] for m in MUTATIONS)


def _start_apply(server: EmulatorServer) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        **SECRETS,
        "VAPI_BASE_URL": server.url,
        "VAPI_API_KEY": server.api_key,
        "NO_COLOR": "1",
        "GITHUB_STEP_SUMMARY": "",
    }
    command = [sys.executable, "-m", "vapictl", "apply", "-f", str(ORG_DIR), "--auto-approve"]
    return subprocess.Popen(
        [*command, "--parallelism", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def kill_apply_after(server: EmulatorServer, mutations: int) -> subprocess.Popen[bytes]:
    """Start `vapictl apply` and SIGKILL it once the server has seen `mutations` writes."""
    process = _start_apply(server)
    try:
        deadline = time.monotonic() + 60
        while _mutations(server) < mutations:
            assert process.poll() is None, "apply finished before it could be killed"
            assert time.monotonic() < deadline, "apply made no progress"
            time.sleep(0.005)
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    return process


@pytest.mark.parametrize("kill_after", [1, 5, 9])
def test_sigkill_mid_apply_then_rerun_converges(
    emulator_factory: Callable[..., Any], kill_after: int
) -> None:
    server: EmulatorServer = emulator_factory(latency_ms=LATENCY_MS)
    process = kill_apply_after(server, kill_after)
    assert process.returncode == -signal.SIGKILL
    killed_at = _mutations(server)
    assert killed_at < 14, "the kill came after apply had finished its work"

    # Requests in flight at the kill still complete on the server after its latency.
    time.sleep(3 * LATENCY_MS / 1000)
    server.faults.latency_ms = 0
    for _ in range(MAX_RERUNS):
        result = vapictl(["apply", "-f", str(ORG_DIR), "--auto-approve"], emulator=server)
        assert "Traceback" not in result.output
        if result.exit_code == 0 and "No changes" in result.stdout:
            break
    else:
        pytest.fail(f"apply did not converge after the kill:\n{result.output}")
    assert_converged_without_duplicates(server)
    plan = vapictl(["plan", "-f", str(ORG_DIR), "--detailed-exitcode"], emulator=server)
    assert plan.exit_code == 0, plan.output
