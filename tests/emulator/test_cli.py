"""`vapictl emulator serve|reset` through the real CLI, and the embedded `--local` transport."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from vapictl.cli import app
from vapictl.cli.common import LOCAL_API_KEY, LOCAL_DB_PATH
from vapictl.emulator.embedded import local_transport


def _start_serve(tmp_path: Path, *extra: str) -> tuple[subprocess.Popen[str], str]:
    command = [sys.executable, "-m", "vapictl", "emulator", "serve", "--port", "0"]
    command += ["--db", str(tmp_path / "served.sqlite3"), *extra]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "VAPICTL_EMULATOR_API_KEY": "cli-key"},
    )
    assert process.stdout is not None
    first_line = process.stdout.readline()
    assert "http://127.0.0.1:" in first_line, first_line + (
        process.stderr.read() if process.stderr else ""
    )
    return process, first_line.split()[-1]


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_serve_prints_url_and_key_answers_and_stops_cleanly(
    tmp_path: Path, stop_signal: int
) -> None:
    process, url = _start_serve(tmp_path)
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "API key: cli-key"  # from the env var
        response = httpx.get(f"{url}/org", headers={"Authorization": "Bearer cli-key"}, timeout=10)
        assert response.status_code == 200
        assert response.json()[0]["name"] == "Local Org"
    finally:
        process.send_signal(stop_signal)
        assert process.wait(timeout=10) == 0
    assert (tmp_path / "served.sqlite3").exists()


def test_serve_with_faults_and_access_log(tmp_path: Path) -> None:
    log = tmp_path / "access.jsonl"
    process, url = _start_serve(
        tmp_path, "--fault-rate", "1", "--seed", "3", "--access-log", str(log)
    )
    try:
        response = httpx.get(f"{url}/tool", headers={"Authorization": "Bearer cli-key"}, timeout=10)
        assert response.status_code in (500, 502, 503)
    finally:
        process.terminate()
        assert process.wait(timeout=10) == 0
    assert '"path": "/tool"' in log.read_text()


def test_serve_reports_a_busy_port_cleanly(tmp_path: Path) -> None:
    process, url = _start_serve(tmp_path)
    try:
        port = url.rsplit(":", 1)[1]
        busy = subprocess.run(
            [
                sys.executable,
                "-m",
                "vapictl",
                "emulator",
                "serve",
                "--port",
                port,
                "--db",
                str(tmp_path / "b.db"),
            ],
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert busy.returncode == 1
        assert f"Cannot listen on 127.0.0.1:{port}" in busy.stderr
        assert "Traceback" not in busy.stderr
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_reset_deletes_the_local_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with httpx.Client(
        transport=local_transport(LOCAL_DB_PATH, LOCAL_API_KEY),
        base_url="http://vapictl.local",
        headers={"Authorization": f"Bearer {LOCAL_API_KEY}"},
    ) as client:
        assert client.post("/tool", json={"type": "endCall"}).status_code == 201
    assert (tmp_path / LOCAL_DB_PATH).exists()
    result = CliRunner().invoke(app, ["emulator", "reset"])
    assert result.exit_code == 0, result.output
    assert "Deleted" in result.output
    assert not (tmp_path / LOCAL_DB_PATH).exists()
    again = CliRunner().invoke(app, ["emulator", "reset"])
    assert again.exit_code == 0 and "Nothing to reset" in again.output


def test_local_transport_is_thread_safe_and_persistent(tmp_path: Path) -> None:
    db = tmp_path / "nested" / "local.sqlite3"  # the parent directory is created
    headers = {"Authorization": f"Bearer {LOCAL_API_KEY}"}
    with httpx.Client(
        transport=local_transport(db, LOCAL_API_KEY), base_url="http://x", headers=headers
    ) as client:
        with ThreadPoolExecutor(max_workers=8) as pool:
            statuses = list(
                pool.map(
                    lambda i: client.post("/assistant", json={"name": f"a{i}"}).status_code,
                    range(40),
                )
            )
        assert statuses == [201] * 40
        assert client.get("/assistant", headers={"Authorization": "Bearer nope"}).status_code == 401
    with httpx.Client(
        transport=local_transport(db, LOCAL_API_KEY), base_url="http://x", headers=headers
    ) as client:
        assert len(client.get("/assistant").json()) == 40
