"""`vapictl emulator serve|reset`: run or reset the local Vapi API emulator."""

from __future__ import annotations

import signal
import threading
from pathlib import Path
from types import FrameType
from typing import Annotated

import typer

from vapictl.cli.common import LOCAL_API_KEY, LOCAL_DB_PATH
from vapictl.cli.examples import epilog
from vapictl.cli.output import echo, info
from vapictl.errors import UsageError

app = typer.Typer(no_args_is_help=True)


@app.command("serve", epilog=epilog("emulator serve"))
def serve(
    host: Annotated[str, typer.Option("--host", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[
        int, typer.Option("--port", min=0, max=65535, help="Port (0 picks a free one).")
    ] = 8787,
    db: Annotated[
        Path, typer.Option("--db", help="SQLite file holding the emulator's state.")
    ] = Path(".vapictl/emulator.sqlite3"),
    api_key: Annotated[
        str,
        typer.Option(
            "--api-key",
            envvar="VAPICTL_EMULATOR_API_KEY",
            show_envvar=True,
            help="Bearer key the emulator accepts.",
        ),
    ] = LOCAL_API_KEY,
    latency_ms: Annotated[
        float, typer.Option("--latency-ms", min=0, help="Delay every answer.")
    ] = 0,
    fault_rate: Annotated[
        float,
        typer.Option("--fault-rate", min=0.0, max=1.0, help="Share of requests answered 5xx."),
    ] = 0.0,
    rate_limit: Annotated[
        float | None,
        typer.Option("--rate-limit", min=0.001, help="Requests per second before 429."),
    ] = None,
    access_log: Annotated[
        Path | None, typer.Option("--access-log", help="Append one JSON line per request here.")
    ] = None,
    seed: Annotated[int | None, typer.Option("--seed", help="Seed for fault injection.")] = None,
) -> None:
    """Serve a Vapi-compatible API until Ctrl-C or SIGTERM."""
    from vapictl.emulator.server import EmulatorServer

    if not api_key:
        raise UsageError("--api-key must not be empty.")
    server = EmulatorServer(
        db,
        api_key,
        host=host,
        port=port,
        latency_ms=latency_ms,
        fault_rate=fault_rate,
        rate_limit=rate_limit,
        access_log=access_log,
        seed=seed,
    )
    try:
        server.start()
    except OSError as exc:
        raise UsageError(f"Cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    stopping = threading.Event()

    def _stop(signum: int, frame: FrameType | None) -> None:
        stopping.set()

    previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        echo(f"Vapi emulator listening on {server.url}")
        echo(f"API key: {api_key}")
        info(f"State: {db}. Stop with Ctrl-C.")
        while not stopping.wait(0.5):
            pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        server.stop()
    info("Emulator stopped.")


@app.command("reset", epilog=epilog("emulator reset"))
def reset() -> None:
    """Delete the embedded emulator's state (.vapictl/local.sqlite3) used by --local."""
    from vapictl.emulator.embedded import reset_local_state

    if reset_local_state(LOCAL_DB_PATH):
        echo(f"Deleted {LOCAL_DB_PATH}.")
    else:
        echo(f"Nothing to reset: {LOCAL_DB_PATH} does not exist.")
