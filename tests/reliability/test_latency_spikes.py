"""Apply through latency spikes longer than the client's timeout.

tests/e2e/test_faults.py covers 5xx faults and 429s; here the server goes silent for
longer than the client waits, on and off, so reads time out and are retried, and
creates time out after the server may (or may not yet) have done the work. The CLI's
timeout is 30 s, so the engine is driven in-process with a short client timeout.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.e2e.cli import ORG_DIR, SECRETS
from tests.reliability.helpers import assert_converged_without_duplicates
from vapictl.api.client import VapiClient
from vapictl.emulator.server import EmulatorServer
from vapictl.engine.apply import apply_plan
from vapictl.engine.live import LiveState, read_live_state
from vapictl.engine.match import AmbiguousLiveError
from vapictl.engine.plan import build_plan
from vapictl.engine.plan_model import Plan
from vapictl.errors import ApiError
from vapictl.manifest.load import load_manifests
from vapictl.manifest.types import Manifest

pytestmark = pytest.mark.slow

CLIENT_TIMEOUT = 0.3
BASE_LATENCY_MS = 60  # between spikes: keeps apply running across several spike windows
MAX_RUNS = 6
UNDISTURBED_GETS = 12  # two plans (org + 5 lists each) when nothing times out


class _Spikes:
    """A deterministic spike schedule: the first `burst` of every `period` requests (by
    arrival at the server) stall for `spike_ms`, the rest take BASE_LATENCY_MS. Which
    requests stall depends on their order only, never on how loaded the machine is."""

    def __init__(self, server: EmulatorServer, spike_ms: float, burst: int, period: int) -> None:
        self._faults = server.faults
        self._spike_ms, self._burst, self._period = spike_ms, burst, period

    def __enter__(self) -> _Spikes:
        self._faults.spike_ms = self._spike_ms
        self._faults.spike_burst, self._faults.spike_period = self._burst, self._period
        return self

    def __exit__(self, *exc: object) -> None:
        self._faults.spike_burst = self._faults.spike_period = 0
        self._faults.latency_ms = 0


@pytest.fixture
def spiky_server(emulator_factory: Callable[..., Any]) -> Iterator[EmulatorServer]:
    yield emulator_factory(latency_ms=BASE_LATENCY_MS)


def _plan(manifest: Manifest, client: VapiClient) -> tuple[Plan, LiveState]:
    try:
        return _plan_live(manifest, client)
    except AmbiguousLiveError as exc:
        raise AssertionError(f"apply created duplicates:\n{exc}") from None


def _apply_until_converged(server: EmulatorServer, manifest: Manifest) -> int:
    """Plan and apply until a plan is empty; returns the number of runs it took."""
    for run in range(1, MAX_RUNS + 1):
        with VapiClient(
            server.url,
            server.api_key,
            parallelism=4,
            timeout=CLIENT_TIMEOUT,
            backoff_base=0.05,
            backoff_max=0.5,
        ) as client:
            try:
                plan, _ = _plan(manifest, client)
                if not plan.has_changes:
                    return run
                apply_plan(plan, client, manifest, parallelism=4)
            except ApiError:
                continue  # a read that failed every retry: the next run starts over
    pytest.fail(f"apply did not converge in {MAX_RUNS} runs through latency spikes")


# Before f880c6e, apply re-read right after a timed-out create, found nothing while
# the server was still at work, and sent it again: duplicates in 3 runs of 3. Now it
# keeps re-reading for SETTLE_TIMEOUTS (3) client timeouts and never re-sends in the
# same run. A server that finishes later than that, and a re-run that reads before it
# does, can still make a twin (no idempotency keys in the API): spikes stay below
# 3x the client timeout here.
@pytest.mark.parametrize(
    ("spike_ms", "burst", "period"),
    [
        (600, 2, 4),  # spikes twice the client timeout, half the requests
        (850, 1, 6),  # rarer, longer stalls, just under 3 client timeouts
    ],
)
def test_apply_converges_through_latency_spikes(
    spiky_server: EmulatorServer, spike_ms: float, burst: int, period: int
) -> None:
    manifest = load_manifests([ORG_DIR], environ=SECRETS)
    with _Spikes(spiky_server, spike_ms, burst, period):
        _apply_until_converged(spiky_server, manifest)
    # The spikes did hit, whatever the load: the first request (a GET of the first plan's
    # read) stalled past the client's timeout, so reads were retried.
    assert spiky_server.faults.spiked >= 1
    assert spiky_server.stats.by_method["GET"] > UNDISTURBED_GETS
    # Creates in flight when the spikes stopped finish on the server side first.
    threading.Event().wait(spike_ms / 1000 + 0.2)
    spiky_server.faults.latency_ms = 0
    assert_converged_without_duplicates(spiky_server)
    with VapiClient(spiky_server.url, spiky_server.api_key) as client:
        plan, _ = _plan(manifest, client)
    assert not plan.has_changes, [a.address for a in plan.actions]


def test_plan_reads_retry_through_spikes_and_change_nothing(spiky_server: EmulatorServer) -> None:
    manifest = load_manifests([ORG_DIR], environ=SECRETS)
    spiky_server.faults.latency_ms = 0
    with VapiClient(spiky_server.url, spiky_server.api_key) as client:
        plan, _ = _plan_live(manifest, client)
        report = apply_plan(plan, client, manifest)
    assert report.ok
    before = dict(spiky_server.stats.by_method)
    with _Spikes(spiky_server, spike_ms=600, burst=2, period=4):
        for _ in range(3):
            with VapiClient(
                spiky_server.url,
                spiky_server.api_key,
                timeout=CLIENT_TIMEOUT,
                backoff_base=0.05,
                backoff_max=0.5,
            ) as client:
                plan, _ = _plan_live(manifest, client)
            assert not plan.has_changes, [a.address for a in plan.actions]
    after = spiky_server.stats.by_method
    assert all(after[m] == before.get(m, 0) for m in ("POST", "PATCH", "DELETE"))
    # Three undisturbed plans make 18 GETs; timeouts made the client retry.
    assert after["GET"] - before.get("GET", 0) > 18


@pytest.mark.parametrize("seed", [4])
def test_apply_converges_under_spikes_faults_and_a_rate_limit(
    emulator_factory: Callable[..., Any], seed: int
) -> None:
    server: EmulatorServer = emulator_factory(
        latency_ms=BASE_LATENCY_MS, fault_rate=0.2, rate_limit=20, seed=seed
    )
    manifest = load_manifests([ORG_DIR], environ=SECRETS)
    with _Spikes(server, spike_ms=600, burst=1, period=3):
        _apply_until_converged(server, manifest)
    threading.Event().wait(0.8)  # let creates still in flight on the server finish
    server.faults.fault_rate = 0.0
    server.faults.rate_limit = None
    server.faults.latency_ms = 0
    assert_converged_without_duplicates(server)
    assert server.stats.by_status[429] + sum(server.stats.by_status[s] for s in (500, 502, 503))


def _plan_live(manifest: Manifest, client: VapiClient) -> tuple[Plan, LiveState]:
    live = read_live_state(client)
    return build_plan(manifest, live), live
