"""Apply under injected faults: 5xx (half after committing), 429s, latency."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import api_client
from tests.e2e.cli import ORG_DIR, vapictl
from vapictl.model import LISTED_KINDS

pytestmark = pytest.mark.slow

MAX_RUNS = 6


def _identities(server: Any) -> dict[str, Counter[str]]:
    found: dict[str, Counter[str]] = {}
    with api_client(server) as api:
        for path in ("/tool", "/assistant", "/squad", "/phone-number", "/credential"):
            items = api.get(path, params={"limit": 1000}).json()
            found[path] = Counter(
                i.get("name") or (i.get("function") or {}).get("name") or i["type"] for i in items
            )
    return found


@pytest.mark.parametrize("seed", [1, 2])
def test_apply_converges_under_faults_with_no_duplicate_and_nothing_lost(
    emulator_factory: Callable[..., Any], seed: int
) -> None:
    server = emulator_factory(fault_rate=0.2, rate_limit=20, seed=seed)
    for _ in range(MAX_RUNS):
        result = vapictl(
            ["apply", "-f", str(ORG_DIR), "--auto-approve", "--parallelism", "4"], emulator=server
        )
        assert "Traceback" not in result.output
        assert result.exit_code in (0, 1), result.output
        if result.exit_code == 0 and "No changes" in result.stdout:
            break
    else:
        pytest.fail(f"apply did not converge in {MAX_RUNS} runs:\n{result.output}")

    server.faults.fault_rate = 0.0
    server.faults.rate_limit = None
    identities = _identities(server)
    assert all(n == 1 for counts in identities.values() for n in counts.values()), identities
    assert sum(identities["/tool"].values()) == 3
    assert sum(identities["/assistant"].values()) == 3
    assert sum(identities["/squad"].values()) == 1
    assert sum(identities["/phone-number"].values()) == 3
    assert sum(identities["/credential"].values()) == 3

    # With the faults gone, the converged org plans empty.
    plan = vapictl(["plan", "-f", str(ORG_DIR), "--detailed-exitcode"], emulator=server)
    assert plan.exit_code == 0, plan.output


def test_a_hard_failure_reports_applied_failed_and_not_attempted(
    emulator_factory: Callable[..., Any], fast_backoff: None
) -> None:
    server = emulator_factory(fault_rate=1.0, seed=7)
    result = vapictl(["apply", "-f", str(ORG_DIR), "--auto-approve"], emulator=server)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    server.faults.fault_rate = 0.0
    # No partial damage the next run cannot fix: it converges.
    again = vapictl(["apply", "-f", str(ORG_DIR), "--auto-approve"], emulator=server)
    assert again.exit_code == 0, again.output


def test_second_apply_makes_no_mutating_call(emulator: Any) -> None:
    first = vapictl(["apply", "-f", str(ORG_DIR), "--auto-approve"], emulator=emulator)
    assert first.exit_code == 0, first.output
    before = dict(emulator.stats.by_method)
    again = vapictl(["apply", "-f", str(ORG_DIR), "--auto-approve"], emulator=emulator)
    assert again.exit_code == 0 and "No changes" in again.stdout
    after = dict(emulator.stats.by_method)
    for method in ("POST", "PATCH", "DELETE"):
        assert after.get(method, 0) == before.get(method, 0), method
    # One list call per kind plus the org: no per-resource GETs.
    assert after["GET"] - before["GET"] == len(LISTED_KINDS) + 1
