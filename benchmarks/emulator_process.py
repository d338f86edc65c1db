"""The emulator in its own process (`vapictl emulator serve`), as a user would run it.

An in-process `EmulatorServer` shares the GIL with the client being measured: at 2,000
GETs that roughly doubled the per-resource refresh time (measured: 20 s instead of the
~10 s that 2,000 x 50 ms / 10 workers predicts), which would flatter vapictl. Seeding
goes straight into the SQLite file before the server starts; request counts come from
the server's access log.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from vapictl.emulator.storage import Store

_LISTENING = re.compile(r"listening on (http://\S+)")


@dataclass
class RunningEmulator:
    url: str
    api_key: str
    access_log: Path

    def requests(self) -> list[tuple[str, int]]:
        """(method, status) of every request served so far."""
        if not self.access_log.exists():
            return []
        entries = []
        for line in self.access_log.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            entries.append((str(record["method"]), int(record["status"])))
        return entries

    def count(self) -> int:
        return len(self.requests())

    def by_method(self) -> Counter[str]:
        return Counter(method for method, _ in self.requests())

    def by_status(self) -> Counter[int]:
        return Counter(status for _, status in self.requests())


def fresh_store(db: Path) -> Store:
    """An empty emulator database at `db` (the caller seeds it, then closes it)."""
    for path in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        path.unlink(missing_ok=True)
    db.parent.mkdir(parents=True, exist_ok=True)
    return Store(db)


@contextmanager
def emulator_process(
    db: Path, api_key: str, *, latency_ms: float = 0, rate_limit: float | None = None
) -> Iterator[RunningEmulator]:
    """`vapictl emulator serve --port 0` on `db`; stopped (SIGTERM) on exit."""
    access_log = db.with_suffix(".access.jsonl")
    access_log.unlink(missing_ok=True)
    command = [
        sys.executable,
        "-m",
        "vapictl",
        "emulator",
        "serve",
        "--port",
        "0",
        "--db",
        str(db),
        "--latency-ms",
        str(latency_ms),
        "--access-log",
        str(access_log),
    ]
    if rate_limit is not None:
        command += ["--rate-limit", str(rate_limit)]
    env = {**os.environ, "VAPICTL_EMULATOR_API_KEY": api_key, "NO_COLOR": "1"}
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = _LISTENING.search(line)
        if match is None:
            raise RuntimeError(f"the emulator did not start: {line!r}")
        yield RunningEmulator(match.group(1), api_key, access_log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()
