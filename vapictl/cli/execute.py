"""Run a reviewed plan: the part of `apply` that `rollback` shares.

Records the rollback snapshot before the first write, shows progress, stops cleanly
on SIGINT/SIGTERM, prints the report and exits as apply does (1 on failure, 130/143
when interrupted).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from vapictl.cli.common import OutputFormat

if TYPE_CHECKING:
    from vapictl.api.client import VapiClient
    from vapictl.engine.apply import AfterCreate
    from vapictl.engine.live import LiveState
    from vapictl.engine.plan_model import Plan
    from vapictl.manifest.types import Manifest


def execute_plan(
    the_plan: Plan,
    client: VapiClient,
    manifest: Manifest,
    live: LiveState,
    *,
    parallelism: int,
    output: OutputFormat,
    snapshot_dir: Path | None = None,
    after_create: AfterCreate | None = None,
) -> None:
    from vapictl.cli.apply_output import ProgressReporter, print_report, report_markdown
    from vapictl.cli.ci_report import append_step_summary
    from vapictl.cli.output import info
    from vapictl.cli.signals import StopOnSignal, exit_now
    from vapictl.engine.apply import apply_plan, step_count
    from vapictl.snapshot import start_snapshot

    snapshot = start_snapshot(the_plan, live, snapshot_dir)
    info(f"Recorded what this changes in {snapshot.path} (undo it with `vapictl rollback`).")
    with (
        ProgressReporter(step_count(the_plan)) as progress,
        StopOnSignal(client) as stopper,
    ):
        report = apply_plan(
            the_plan,
            client,
            manifest,
            parallelism=parallelism,
            on_progress=snapshot.chain(progress.update),
            stop=stopper.event,
            on_stop=progress.stopping,
            after_create=after_create,
        )
    print_report(report, output, signal_name=stopper.signal_name)
    append_step_summary(report_markdown(report, stopper.signal_name))
    if report.interrupted:
        exit_now(stopper.exit_code, abandon_threads=report.abandoned)
    if not report.ok:
        raise typer.Exit(1)
