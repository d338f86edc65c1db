"""SIGKILL in the middle of `vapictl apply`, then `vapictl rollback`: the snapshot the
killed apply left names what it had created, and rollback removes it."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import api_client
from tests.e2e.cli import vapictl
from tests.reliability.test_sigkill import LATENCY_MS, kill_apply_after
from vapictl.emulator.server import EmulatorServer

pytestmark = pytest.mark.slow


def test_a_killed_apply_leaves_a_snapshot_that_rollback_uses(
    emulator_factory: Callable[..., Any],
) -> None:
    server: EmulatorServer = emulator_factory(latency_ms=LATENCY_MS)
    kill_apply_after(server, 6)
    time.sleep(3 * LATENCY_MS / 1000)  # requests in flight at the kill complete
    server.faults.latency_ms = 0

    (snapshot,) = Path(os.environ["VAPICTL_SNAPSHOT_DIR"]).glob("*.json")
    created = json.loads(snapshot.read_text())["created"]  # whole JSON despite the kill
    assert created, "the snapshot names nothing the apply created"

    result = vapictl(["rollback", "--auto-approve", "--max-deletes", "50"], emulator=server)

    assert result.exit_code == 0, result.output
    with api_client(server) as api:
        live_ids = {
            item["id"]
            for path in ("/tool", "/assistant", "/squad", "/phone-number", "/credential")
            for item in api.get(path).json()
        }
    assert not {c["id"] for c in created} & live_ids
