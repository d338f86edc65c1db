"""`vapictl apply` as a real process: progress streams per action, and SIGINT/SIGTERM
stop it cleanly with a report (issue 12 item 7, issue 15).

No wall-clock assertions: the emulator holds chosen requests (tests/e2e/gate.py), so
"a line arrived while a request of the same stage was still in flight" and "no
request was sent after the signal" are facts, not timings.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest

from tests.e2e.cli import ORG_DIR, SECRETS
from tests.e2e.gate import RequestGate, timed_lines
from vapictl.emulator.server import EmulatorServer

pytestmark = pytest.mark.slow

ACTIONS = 14  # what the fixture org needs on an empty org (tests/reliability/helpers.py)
LINE_TIMEOUT = 120.0  # generous: a loaded machine starts Python slowly


class ApplyProcess:
    """`vapictl apply` in a subprocess; stderr lines are collected as they arrive."""

    def __init__(self, server: EmulatorServer, *extra: str) -> None:
        env = {
            **os.environ,
            **SECRETS,
            "VAPI_BASE_URL": server.url,
            "VAPI_API_KEY": server.api_key,
            "NO_COLOR": "1",
            "GITHUB_STEP_SUMMARY": "",
        }
        command = [sys.executable, "-m", "vapictl", "apply", "-f", str(ORG_DIR)]
        self.process = subprocess.Popen(
            [*command, "--auto-approve", *extra],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self.lines: list[tuple[float, str]] = []
        self._queue: queue.Queue[tuple[float, str] | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for item in timed_lines(self.process.stderr):
            self._queue.put(item)
        self._queue.put(None)

    def wait_for_line(self, predicate: Callable[[str], bool]) -> str:
        """Block until a stderr line matches (fails after LINE_TIMEOUT)."""
        deadline = time.monotonic() + LINE_TIMEOUT
        while True:
            item = self._queue.get(timeout=max(0.1, deadline - time.monotonic()))
            assert item is not None, "stderr closed first:\n" + self.stderr
            self.lines.append(item)
            if predicate(item[1]):
                return item[1]

    def finish(self) -> tuple[int, str]:
        """Exit code and stdout; the rest of stderr is collected too."""
        assert self.process.stdout is not None
        stdout = self.process.stdout.read().decode()
        code = self.process.wait(timeout=LINE_TIMEOUT)
        self._reader.join(timeout=LINE_TIMEOUT)
        while (item := self._queue.get_nowait() if not self._queue.empty() else None) is not None:
            self.lines.append(item)
        return code, stdout

    @property
    def stderr(self) -> str:
        return "\n".join(line for _, line in self.lines)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def _progress(lines: list[tuple[float, str]]) -> list[tuple[float, str]]:
    return [(t, line) for t, line in lines if line.startswith("[")]


def test_progress_streams_one_line_per_action_as_it_finishes(
    emulator_factory: Callable[..., Any],
) -> None:
    server: EmulatorServer = emulator_factory(latency_ms=20)
    # The first tool create goes through; the other two tools of its stage are held.
    # (The first POST /tool of all is the apply lease's lock object: never held.)
    gate = RequestGate(
        server, hold=lambda method, path, n: (method, path) == ("POST", "/tool") and n > 2
    )
    run = ApplyProcess(server, "--parallelism", "4")
    try:
        first_tool = run.wait_for_line(lambda line: "applied: create tool/" in line)
        # Its line arrived while two actions of the same stage were still in flight.
        gate.wait_held(2)
        assert gate.held == 2, first_tool
        gate.release()
        code, stdout = run.finish()
    finally:
        gate.release()
        run.kill()
    assert code == 0, run.stderr
    progress = _progress(run.lines)
    # One line per action, counted in order, each action once.
    assert [line.split("]")[0] for _, line in progress] == [
        f"[{i}/{ACTIONS}" for i in range(1, ACTIONS + 1)
    ]
    addresses = [line.split(": ", 1)[1].split(" (id")[0] for _, line in progress]
    assert len(set(addresses)) == ACTIONS
    # Arrival order matches completion order: the first tool's line came before the
    # lines of the two tools that were held (timestamps are only compared, never measured).
    tool_lines = [(t, line) for t, line in progress if "create tool/" in line]
    assert tool_lines[0][1] == first_tool
    assert tool_lines[0][0] <= min(t for t, _ in tool_lines[1:])
    assert "Apply complete: 14 actions applied." in stdout


def _hold_all_tools(method: str, path: str, n: int) -> bool:
    # Every tool create; the first POST /tool is the apply lease's lock object.
    return (method, path) == ("POST", "/tool") and n > 1


def _start_held_at_tools(
    emulator_factory: Callable[..., Any], *extra: str
) -> tuple[EmulatorServer, RequestGate, ApplyProcess]:
    """An apply whose two workers are both inside a held tool create."""
    server: EmulatorServer = emulator_factory()
    gate = RequestGate(server, hold=_hold_all_tools)
    run = ApplyProcess(server, "--parallelism", "2", *extra)
    gate.wait_held(2)
    return server, gate, run


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_stops_scheduling_finishes_in_flight_and_reports(
    emulator_factory: Callable[..., Any], signum: int, code: int
) -> None:
    _, gate, run = _start_held_at_tools(emulator_factory)
    try:
        run.process.send_signal(signum)
        notice = run.wait_for_line(lambda line: line.startswith("Stopping:"))
        sent_at_signal = len(gate.arrivals)
        gate.release()
        exit_code, stdout = run.finish()
    finally:
        gate.release()
        run.kill()
    assert "waiting for 2 in flight" in notice
    assert exit_code == code, run.stderr + stdout
    # Nothing was sent after the signal but the release of the apply lease (its lock
    # object), through the lease's own client.
    assert gate.arrivals[sent_at_signal:] == [("DELETE", "/tool")]
    name = signal.Signals(signum).name
    # 3 credentials, then the 2 tool creates in flight finished; the rest never started.
    assert (
        f"Apply interrupted by {name}: 5 applied, 0 failed, 0 in flight, 9 not attempted." in stdout
    )
    assert "  not attempted: create tool/" in stdout
    assert "  not attempted: create phoneNumber/" in stdout
    assert "Traceback" not in run.stderr


def test_a_signal_with_json_output_prints_a_valid_report(
    emulator_factory: Callable[..., Any],
) -> None:
    _, gate, run = _start_held_at_tools(emulator_factory, "-o", "json")
    try:
        run.process.send_signal(signal.SIGTERM)
        run.wait_for_line(lambda line: line.startswith("Stopping:"))
        gate.release()
        exit_code, stdout = run.finish()
    finally:
        gate.release()
        run.kill()
    assert exit_code == 143
    report = json.loads(stdout)
    assert report["ok"] is False
    assert report["interrupted"] == "SIGTERM"
    assert report["summary"] == {"applied": 5, "failed": 0, "skipped": 9, "in_flight": 0}
    assert len(report["results"]) == ACTIONS


def test_a_second_ctrl_c_aborts_at_once(emulator_factory: Callable[..., Any]) -> None:
    _, gate, run = _start_held_at_tools(emulator_factory)
    try:
        run.process.send_signal(signal.SIGINT)
        run.wait_for_line(lambda line: line.startswith("Stopping:"))
        run.process.send_signal(signal.SIGINT)
        # It exits while its two requests are still held by the server.
        exit_code = run.process.wait(timeout=LINE_TIMEOUT)
        assert gate.held == 2 and exit_code == 130
        _, _ = run.finish()
    finally:
        gate.release()
        run.kill()
    assert "Aborted" in run.stderr


def test_on_a_terminal_progress_is_a_bar_with_counts(emulator_factory: Callable[..., Any]) -> None:
    import pty

    server: EmulatorServer = emulator_factory(latency_ms=20)
    env = {
        **os.environ,
        **SECRETS,
        "VAPI_BASE_URL": server.url,
        "VAPI_API_KEY": server.api_key,
        "GITHUB_STEP_SUMMARY": "",
        "COLUMNS": "120",
        "TERM": "xterm",
    }
    env.pop("NO_COLOR", None)
    main, terminal = pty.openpty()  # stderr is a terminal; stdout a pipe
    command = [sys.executable, "-m", "vapictl", "apply", "-f", str(ORG_DIR), "--auto-approve"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=terminal)
    os.close(terminal)
    screen = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the other end closed
            break
        if not chunk:
            break
        screen += chunk
    os.close(main)
    assert process.stdout is not None
    stdout = process.stdout.read().decode()
    assert process.wait(timeout=LINE_TIMEOUT) == 0
    text = screen.decode("utf-8", "replace")
    assert "Applying" in text and f"{ACTIONS}/{ACTIONS}" in text  # the bar and its counts
    assert f"[{ACTIONS}/{ACTIONS}] applied: update org/org" in text  # lines above the bar
    # The summary is the result, on stdout, plain: no bar, no escape codes.
    assert stdout.rstrip().endswith("Apply complete: 14 actions applied.")
    assert "\x1b" not in stdout.split("Plan:")[-1]
