"""The apply scheduler: per-action progress, and a stop request (a signal), with a
scripted client whose creates block until the test lets them go (no HTTP, no clock)."""

from __future__ import annotations

import threading
from typing import Any

from tests.engine.builders import live_state, manifest, resource
from vapictl.engine.apply import ActionResult, Outcome, apply_plan
from vapictl.engine.plan import build_plan
from vapictl.errors import HaltedError
from vapictl.model import Kind


class BlockingClient:
    """Creates wait on `gate`; once halted, a create raises HaltedError (not sent)."""

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.started = threading.Semaphore(0)
        self.halted = False
        self.sent: list[str] = []

    def create(self, path: str, body: dict[str, Any], *, resource: str = "") -> dict[str, Any]:
        if self.halted:
            raise HaltedError(f"POST {path} was not sent: the run is stopping.")
        self.sent.append(resource)
        self.started.release()
        self.gate.wait(10)
        return {"id": f"id-{resource}", **body}

    def list_all(self, path: str, **_: Any) -> list[dict[str, Any]]:
        return []


def _tools(count: int) -> Any:
    entries = [
        resource(Kind.TOOL, f"t{i}", {"type": "function", "function": {"name": f"t{i}"}})
        for i in range(count)
    ]
    m = manifest(*entries)
    return m, build_plan(m, live_state())


def test_each_action_is_reported_as_it_finishes_not_per_stage() -> None:
    m, plan = _tools(3)
    client = BlockingClient()
    seen: list[ActionResult] = []
    gate_opened_after: list[int] = []

    def on_progress(result: ActionResult) -> None:
        seen.append(result)

    # Let one create finish at a time: each report must come before the next is let go.
    def feeder() -> None:
        for _ in range(3):
            client.started.acquire(timeout=10)
            gate_opened_after.append(len(seen))
            client.gate.set()  # wakes the one waiting create...
            client.gate.clear()  # ...and makes the next one wait again

    threading.Thread(target=feeder, daemon=True).start()
    report = apply_plan(plan, client, m, parallelism=1, on_progress=on_progress)  # type: ignore[arg-type]
    assert [r.outcome for r in report.results] == [Outcome.APPLIED] * 3
    assert len(seen) == 3
    # With one worker, the second create started only after the first was reported.
    assert gate_opened_after == [0, 1, 2]


def test_a_stop_request_lets_in_flight_finish_and_starts_nothing_new() -> None:
    m, plan = _tools(5)
    client = BlockingClient()
    stop = threading.Event()
    noticed: list[int] = []

    def signal_when_both_running() -> None:
        client.started.acquire(timeout=10)
        client.started.acquire(timeout=10)
        client.halted = True
        stop.set()
        client.gate.set()

    threading.Thread(target=signal_when_both_running, daemon=True).start()
    report = apply_plan(plan, client, m, parallelism=2, stop=stop, on_stop=noticed.append)  # type: ignore[arg-type]
    assert report.interrupted and not report.abandoned
    assert len(client.sent) == 2
    assert [len(report.by_outcome(o)) for o in Outcome] == [2, 0, 3, 0]
    assert len(noticed) == 1  # told once (how many still ran depends on who was first)


def test_actions_still_running_after_the_grace_period_are_reported_in_flight() -> None:
    m, plan = _tools(3)
    client = BlockingClient()  # its gate never opens within the test
    stop = threading.Event()

    def signal_when_running() -> None:
        client.started.acquire(timeout=10)
        stop.set()

    threading.Thread(target=signal_when_running, daemon=True).start()
    report = apply_plan(plan, client, m, parallelism=1, stop=stop, stop_grace=0.05)  # type: ignore[arg-type]
    client.gate.set()  # let the abandoned thread end
    assert report.abandoned
    assert [r.outcome for r in report.results].count(Outcome.IN_FLIGHT) == 1
    assert [r.outcome for r in report.results].count(Outcome.SKIPPED) == 2
