"""Some third-party code runs untraced in this suite (tests/untraced_libraries.py): that
must not hide one line of vapictl from coverage. The same requests and commands, run
under coverage with and without the switch, must reach exactly the same vapictl lines
and branches."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import coverage
import pytest

ROOT = Path(__file__).resolve().parents[1]

# Requests over HTTP (the client's network transport, the served emulator) and through
# `--local`'s in-process transport, answered and failed; then the CLI's commands with
# their text and JSON outputs. (No request refused before its body: that path logs the
# same line as a served one, outside the switched functions, and would hide a loss.)
SCRIPT = textwrap.dedent(
    """
    import os, sys, tempfile
    from pathlib import Path
    sys.path.insert(0, {root!r})
    if sys.argv[1] == "untraced":
        from tests.untraced_libraries import untrace_libraries
        untrace_libraries()
    import typer.testing
    from tests.e2e.cli import ORG_DIR, vapictl
    from vapictl.cli import app
    from vapictl.engine import lease
    # As tests/conftest.py does: the CLI built once, the lease's settle shortened.
    command = typer.testing._get_command(app)
    typer.testing._get_command = lambda _: command
    lease.SETTLE_SECONDS = 0.02
    from vapictl.api.client import VapiClient
    from vapictl.emulator.embedded import local_transport
    from vapictl.emulator.server import EmulatorServer
    from vapictl.errors import ApiError

    KEY = "coverage-check-key-0001"
    work = Path(tempfile.mkdtemp())
    os.chdir(work)
    with EmulatorServer(work / "served.sqlite3", KEY) as server:
        client = VapiClient(server.url, KEY, parallelism=2)
        tool = client._request("POST", "/tool", json={{"type": "function",
                               "function": {{"name": "lookup"}}}})
        client._request("GET", "/tool")
        client._request("PATCH", "/tool/" + tool["id"], json={{"function": {{"name": "find"}}}})
        try:
            client._request("GET", "/tool/not-there")
        except ApiError:
            pass
        org = ["-f", str(ORG_DIR)]
        for args in (["plan", *org], ["apply", "--auto-approve", *org], ["drift", *org],
                     ["plan", "-o", "json", *org]):
            vapictl(args, emulator=server)
    local = VapiClient("http://local", KEY, transport=local_transport(work / "l.sqlite3", KEY))
    local._request("POST", "/tool", json={{"type": "function", "function": {{"name": "a"}}}})
    local._request("GET", "/tool")
    """
)


def _arcs(tmp_path: Path, mode: str) -> dict[str, set[tuple[int, int]]]:
    script = tmp_path / "requests.py"
    script.write_text(SCRIPT.format(root=str(ROOT)))
    data = tmp_path / f".coverage-{mode}"
    command = [sys.executable, "-m", "coverage", "run", "--branch", "--source=vapictl"]
    command += [f"--data-file={data}", str(script), mode]
    # One hash seed for both runs: set order decides some branches (e.g. in generators).
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    measured = coverage.CoverageData(basename=str(data))
    measured.read()
    return {name: set(measured.arcs(name) or ()) for name in measured.measured_files()}


@pytest.mark.slow
def test_untraced_libraries_hide_no_vapictl_line(tmp_path: Path) -> None:
    traced = _arcs(tmp_path, "traced")
    untraced = _arcs(tmp_path, "untraced")
    measured = {name.split("/vapictl/", 1)[-1] for name, arcs in traced.items() if arcs}
    # The check measures the code that serves, sends, plans, applies and prints.
    assert {"emulator/app.py", "api/client.py", "cli/plan_output.py", "cli/output.py"} <= measured
    lost = {name: traced[name] - untraced.get(name, set()) for name in traced}
    assert {name: arcs for name, arcs in lost.items() if arcs} == {}
