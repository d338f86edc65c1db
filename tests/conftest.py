"""Shared fixtures: a real emulator over HTTP on a temporary database."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click
import httpx
import pytest
import typer
import typer.testing

from tests.untraced_libraries import untrace_libraries
from vapictl.emulator.server import EmulatorServer
from vapictl.secrets import clear_registry

TEST_API_KEY = "test-emulator-key"


def _build_each_cli_once() -> None:
    """typer's CliRunner turns the app into a click command on every invoke (~40 ms of
    CPU, thousands of invokes here). The command is the same each time: build it once."""
    build = typer.testing._get_command  # the name typer.testing invokes through
    built: dict[typer.Typer, click.Command] = {}  # holds the apps: no id is reused

    def cached(app: typer.Typer) -> click.Command:
        if app not in built:
            built[app] = build(app)
        return built[app]

    typer.testing._get_command = cached  # type: ignore[attr-defined]


_build_each_cli_once()
# HTTP, rich and JSON encoding run untraced by coverage (tests/untraced_libraries.py).
untrace_libraries()


@pytest.fixture
def emulator(tmp_path: Path) -> Iterator[EmulatorServer]:
    """A fresh, started emulator on its own SQLite file."""
    with EmulatorServer(tmp_path / "emulator.sqlite3", TEST_API_KEY) as server:
        yield server


@pytest.fixture
def emulator_factory(tmp_path: Path) -> Iterator[Callable[..., EmulatorServer]]:
    """`emulator_factory(fault_rate=0.5, seed=1, ...)` -> a started server, stopped at teardown.
    Every call gets its own database unless `db_path` is given."""
    servers: list[EmulatorServer] = []

    def make(db_path: Path | None = None, **kwargs: Any) -> EmulatorServer:
        path = db_path or tmp_path / f"emulator-{len(servers)}.sqlite3"
        server = EmulatorServer(path, kwargs.pop("api_key", TEST_API_KEY), **kwargs)
        servers.append(server)
        return server.start()

    yield make
    for server in servers:
        server.stop()


def api_client(server: EmulatorServer) -> httpx.Client:
    """A raw httpx client for the server, authenticated with its key."""
    return httpx.Client(
        base_url=server.url,
        headers={"Authorization": f"Bearer {server.api_key}"},
        timeout=10,
        verify=False,  # plain HTTP on loopback; skips loading the CA bundle (60 ms each)
    )


@pytest.fixture
def api(emulator: EmulatorServer) -> Iterator[httpx.Client]:
    with api_client(emulator) as client:
        yield client


@pytest.fixture(autouse=True, scope="session")
def _validator_cache_in_tmp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The compiled manifest validator is cached between runs (validator_cache.py): here
    in this run's temporary directory, shared by its workers and the CLI processes they
    start, never in the user's ~/.cache."""
    os.environ["VAPICTL_CACHE_DIR"] = str(tmp_path_factory.getbasetemp().parent / "cache")
    yield
    os.environ.pop("VAPICTL_CACHE_DIR", None)


@pytest.fixture(autouse=True)
def _snapshots_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every apply records a rollback snapshot (vapictl/snapshot/): keep them out of the
    working tree."""
    monkeypatch.setenv("VAPICTL_SNAPSHOT_DIR", str(tmp_path / "snapshots"))


@pytest.fixture(autouse=True)
def _fresh_secret_registry() -> Iterator[None]:
    """Each CLI run is a fresh process in real use: secrets registered by one test must
    not redact (and so change) another test's output, e.g. export masking a live value."""
    clear_registry()
    yield
    clear_registry()


@pytest.fixture
def fast_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI's API client with millisecond backoff between retries, so that a test of
    retries running out need not sleep through the real schedule (about 30 s)."""
    import vapictl.api.client as client_module

    real = client_module.VapiClient

    class FastBackoffClient(real):  # type: ignore[misc, valid-type]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs.setdefault("backoff_base", 0.001)
            kwargs.setdefault("backoff_max", 0.01)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(client_module, "VapiClient", FastBackoffClient)


@pytest.fixture
def coverage_paused() -> Iterator[None]:
    """Stop coverage tracing in this test's thread for the rest of the test. For tests
    whose cost is a third-party client's own work, e.g. the Vapi SDK building its pydantic
    models: traced, its 20 s of CPU become 60. (pytest-cov's `no_cover` marker does
    nothing in xdist workers, and `Coverage.stop()` there leaves the test thread traced.)
    Servers the test starts run in their own threads and stay traced."""
    tracer = sys.gettrace()
    sys.settrace(None)
    try:
        yield
    finally:
        # The C tracer re-installs itself at its next call (coverage supports this).
        sys.settrace(tracer)


# Property-based tests run their first examples traced by coverage and the rest untraced:
# tracing doubled their CPU (hypothesis draws data in millions of calls), and examples
# after the first few run the same lines again. Every example still runs and is checked.
TRACED_EXAMPLES = 30


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    tracer = sys.gettrace()
    handle = getattr(getattr(item, "obj", None), "hypothesis", None)
    if tracer is None or handle is None:
        yield
        return
    original = handle.inner_test
    handle.inner_test = _untraced_after(original, TRACED_EXAMPLES)
    try:
        yield
    finally:
        handle.inner_test = original
        if sys.gettrace() is not tracer:
            sys.settrace(tracer)  # the C tracer re-installs itself at its next call


def _untraced_after(inner: Callable[..., Any], examples: int) -> Callable[..., Any]:
    ran = 0

    @functools.wraps(inner)
    def run_example(*args: Any, **kwargs: Any) -> Any:
        nonlocal ran
        ran += 1
        try:
            return inner(*args, **kwargs)
        finally:
            if ran == examples:
                sys.settrace(None)  # until the test ends, data generation included

    return run_example


@pytest.fixture(autouse=True)
def _short_lease_settle(monkeypatch: pytest.MonkeyPatch) -> None:
    """The lease's second look before a win waits 0.5 s for a rival's lock that the API
    has stamped but not yet shown; every apply pays it. In-process applies here have no
    rival on their emulator, or one in the same process that the emulator shows at once,
    so they wait 20 ms. Rival applies as processes (tests/e2e/test_lease.py) wait 0.5 s."""
    from vapictl.engine import lease

    monkeypatch.setattr(lease, "SETTLE_SECONDS", 0.02)
