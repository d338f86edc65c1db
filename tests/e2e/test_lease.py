"""One apply at a time per org (issue 12, scenario 3): two real `vapictl apply` processes
against a real `vapictl emulator serve` process, and the lease's lock objects seen from
every other command."""

from __future__ import annotations

import json
import os
import pty
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import TEST_API_KEY
from tests.e2e.cli import ORG_DIR, SECRETS, vapictl
from tests.reliability.helpers import assert_converged_without_duplicates, live_identities
from vapictl.engine.lease import LEASE_PREFIX, current_owner

pytestmark = pytest.mark.slow

# Slow enough that an apply holds its lease for seconds: time for a rival to collide.
LATENCY_MS = 150


class Served:
    """`vapictl emulator serve` in its own process (the `emulator` fixture's shape)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.api_key = TEST_API_KEY

    def api(self) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.api_key}"}
        return httpx.Client(base_url=self.url, headers=headers, timeout=10)


def _serve(tmp_path: Path, latency_ms: int) -> Iterator[Served]:
    command = [sys.executable, "-m", "vapictl", "emulator", "serve", "--port", "0"]
    command += ["--db", str(tmp_path / "served.sqlite3"), "--api-key", TEST_API_KEY]
    command += ["--latency-ms", str(latency_ms)]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = re.search(r"listening on (\S+)", line)
        assert match, line
        yield Served(match.group(1))
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    """Slow enough that two applies started together collide."""
    yield from _serve(tmp_path, LATENCY_MS)


@pytest.fixture
def served_fast(tmp_path: Path) -> Iterator[Served]:
    """For rivals of an apply that holds its lease at the confirmation prompt."""
    yield from _serve(tmp_path, 0)


def _env(server: Served) -> dict[str, str]:
    return {
        **os.environ,
        **SECRETS,
        "VAPI_BASE_URL": server.url,
        "VAPI_API_KEY": server.api_key,
        "NO_COLOR": "1",
        "GITHUB_STEP_SUMMARY": "",
    }


def _start_apply(
    server: Served,
    *extra: str,
    manifests: Path = ORG_DIR,
    stdin: int | None = None,
) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "vapictl", "apply", "-f", str(manifests)]
    if stdin is None:
        command.append("--auto-approve")
    return subprocess.Popen(
        [*command, *extra],
        env=_env(server),
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


class _HolderAtPrompt:
    """An apply that took the lease and waits at "Apply these changes?" on a terminal
    (a pty) until told to go on: it holds the lease for exactly as long as a test needs,
    however slow the machine is at starting its rival."""

    def __init__(self, server: Served) -> None:
        self.terminal, replica = pty.openpty()
        self.process = _start_apply(server, stdin=replica)
        os.close(replica)
        _wait_for_lock(server, self.process)

    def approve(self) -> tuple[int, str]:
        os.write(self.terminal, b"y\n")
        try:
            return _finish(self.process)
        finally:
            os.close(self.terminal)


def _finish(process: subprocess.Popen[str]) -> tuple[int, str]:
    out, err = process.communicate(timeout=120)
    return process.returncode, out + err


def _locks(server: Served) -> list[dict[str, Any]]:
    with server.api() as api:
        tools = api.get("/tool", params={"limit": 1000}).json()
    return [t for t in tools if t.get("function", {}).get("name", "").startswith(LEASE_PREFIX)]


def _wait_for_lock(server: Served, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while not _locks(server):
        assert process.poll() is None, "the first apply ended before taking its lease"
        assert time.monotonic() < deadline, "the first apply never took its lease"
        time.sleep(0.05)


def _works_afterwards(server: Served, manifests: Path = ORG_DIR) -> None:
    identities = live_identities(server)  # type: ignore[arg-type]
    assert not {p: c for p, c in identities.items() if any(n > 1 for n in c.values())}
    assert _locks(server) == []  # every lease was released
    for command in (["plan", "--detailed-exitcode"], ["drift"], ["apply", "--auto-approve"]):
        result = vapictl([*command, "-f", str(manifests)], emulator=server)
        assert result.exit_code == 0, result.output


def test_two_applies_started_together_make_one_set_of_resources(served: Served) -> None:
    first, second = _start_apply(served), _start_apply(served)
    results = [_finish(first), _finish(second)]

    codes = sorted(code for code, _ in results)
    assert codes[0] == 0, results
    for code, output in results:
        assert "Traceback" not in output
        if code != 0:
            assert code == 1 and "holds the lease on this org" in output, output
    assert_converged_without_duplicates(served)  # type: ignore[arg-type]
    _works_afterwards(served)


def test_a_second_apply_fails_fast_naming_the_holder(served_fast: Served) -> None:
    first = _HolderAtPrompt(served_fast)
    code, output = _finish(_start_apply(served_fast))
    first_code, first_output = first.approve()

    assert first_code == 0, first_output
    assert code == 1, output
    assert "Another vapictl apply holds the lease on this org" in output
    assert f"@{socket.gethostname()} (pid {first.process.pid}" in output
    assert re.search(r"since \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \(\d+ s ago\)", output)
    assert "Nothing was applied" in output and "--lock-timeout" in output
    _works_afterwards(served_fast)


def test_with_a_lock_timeout_the_second_apply_waits_then_has_nothing_to_do(
    served_fast: Served,
) -> None:
    first = _HolderAtPrompt(served_fast)
    second = _start_apply(served_fast, "--lock-timeout", "5m")
    assert second.stderr is not None
    waited = second.stderr.readline()  # it says so before it waits
    while waited and "Waiting for the apply lease" not in waited:
        waited = second.stderr.readline()
    assert first.approve()[0] == 0
    code, output = _finish(second)

    assert code == 0, output
    assert "Waiting for the apply lease, held by" in waited
    assert "No changes" in output
    _works_afterwards(served_fast)


# -- locks left behind, and locks seen by the other commands ----------------------------


def _plant_lock(api: httpx.Client, owner: dict[str, Any], ttl: float) -> dict[str, Any]:
    description = json.dumps({"owner": owner, "ttlSeconds": ttl})
    function = {"name": f"{LEASE_PREFIX}planted", "description": description}
    body = {"type": "function", "function": function}
    created: dict[str, Any] = api.post("/tool", json=body).json()
    return created


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


@pytest.mark.parametrize(
    ("owner", "ttl"),
    [
        ({"user": "ci", "host": "elsewhere", "pid": 1}, 0),  # lapsed: not renewed in time
        ({"user": "me", "pid": None}, 3600),  # this host; a pid that is gone, set below
    ],
    ids=["expired", "killed-on-this-host"],
)
def test_a_lapsed_lease_does_not_block_and_is_removed(
    emulator: Any, api: httpx.Client, owner: dict[str, Any], ttl: float
) -> None:
    if owner["pid"] is None:
        owner = {**current_owner(), "pid": _dead_pid()}
    _plant_lock(api, owner, ttl)

    result = vapictl(["apply", "-f", str(ORG_DIR), "--auto-approve"], emulator=emulator)

    assert result.exit_code == 0, result.output
    tools = api.get("/tool", params={"limit": 1000}).json()
    assert not [t for t in tools if LEASE_PREFIX in json.dumps(t)]


def test_a_live_lease_of_another_host_blocks_and_is_invisible_to_every_other_command(
    emulator: Any, api: httpx.Client, tmp_path: Path
) -> None:
    vapictl(["apply", "-f", str(ORG_DIR), "--auto-approve"], emulator=emulator)
    lock = _plant_lock(api, {"user": "deploy", "host": "ci-runner-7", "pid": 4242}, 3600)
    support = next(a for a in api.get("/assistant").json() if a["name"] == "support")
    api.patch(f"/assistant/{support['id']}", json={"firstMessage": "drifted"})

    blocked = vapictl(["apply", "-f", str(ORG_DIR), "--auto-approve"], emulator=emulator)
    assert blocked.exit_code == 1
    assert "deploy@ci-runner-7 (pid 4242)" in blocked.stderr
    assert api.get(f"/assistant/{support['id']}").json()["firstMessage"] == "drifted"

    # plan, drift, export and routes never see the lock, even with prune.
    api.patch(f"/assistant/{support['id']}", json={"firstMessage": support["firstMessage"]})
    plan = vapictl(
        ["plan", "-f", str(ORG_DIR), "--prune", "--detailed-exitcode"], emulator=emulator
    )
    assert plan.exit_code == 0, plan.output
    drift = vapictl(["drift", "-f", str(ORG_DIR), "--prune"], emulator=emulator)
    assert drift.exit_code == 0, drift.output
    exported = vapictl(["export", "--dir", str(tmp_path / "out")], emulator=emulator)
    assert exported.exit_code == 0, exported.output
    for path in (tmp_path / "out").iterdir():
        assert LEASE_PREFIX not in path.read_text()
    routes = vapictl(["routes", "--live", "-o", "json"], emulator=emulator)
    assert routes.exit_code == 0 and LEASE_PREFIX not in routes.output
    assert api.get(f"/tool/{lock['id']}").status_code == 200  # and nobody deleted it
