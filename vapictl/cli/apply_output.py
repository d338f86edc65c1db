"""Apply feedback: a progress bar on a terminal, plain log lines in CI, a final summary."""

from __future__ import annotations

import sys
from types import TracebackType
from typing import TYPE_CHECKING, Any

from vapictl.cli.common import OutputFormat
from vapictl.cli.output import console, echo, info, print_json, settings
from vapictl.engine.apply import ActionResult, ApplyReport, Outcome

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID


class ProgressReporter:
    """Rich progress on a TTY; one line per finished action otherwise."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.done = 0
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> ProgressReporter:
        if sys.stderr.isatty() and not settings.quiet:
            from rich.progress import Progress

            self._progress = Progress(console=console(stderr=True), transient=True)
            self._progress.start()
            self._task = self._progress.add_task("Applying", total=self.total)
        return self

    def update(self, result: ActionResult) -> None:
        self.done += 1
        action = result.action
        line = f"[{self.done}/{self.total}] {result.outcome.value}: "
        line += f"{action.action.value} {action.address}"
        if result.id and result.id != action.id:
            line += f" (id {result.id})"
        if result.error:
            line += f": {result.error}"
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task)
            self._progress.console.print(line, highlight=False, markup=False)
        else:
            info(line)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._progress is not None:
            self._progress.stop()


def report_to_json(report: ApplyReport | None) -> dict[str, Any]:
    results = report.results if report else []
    counts = {outcome.value: 0 for outcome in Outcome}
    for result in results:
        counts[result.outcome.value] += 1
    return {
        "formatVersion": 1,
        "ok": report.ok if report else True,
        "summary": counts,
        "results": [
            {
                "action": r.action.action.value,
                "kind": r.action.kind.value,
                "name": r.action.name,
                "id": r.id or r.action.id,
                "outcome": r.outcome.value,
                "error": r.error or None,
            }
            for r in results
        ],
    }


def print_report(report: ApplyReport | None, output: OutputFormat) -> None:
    if output is OutputFormat.JSON:
        print_json(report_to_json(report))
        return
    if report is None:
        return
    from rich.table import Table

    table = Table(title="Apply summary", show_lines=False)
    for column in ("outcome", "action", "kind", "name", "id / error"):
        table.add_column(column)
    for r in report.results:
        table.add_row(
            r.outcome.value,
            r.action.action.value,
            r.action.kind.value,
            r.action.name,
            r.error or r.id or "",
        )
    if not settings.quiet:
        console(stderr=True).print(table)
    applied, failed, skipped = (len(report.by_outcome(o)) for o in Outcome)
    if report.ok:
        echo(f"Apply complete: {applied} actions applied.")
    else:
        echo(
            f"Apply stopped after a failure: {applied} applied, {failed} failed, "
            f"{skipped} not attempted. Fix the cause and run apply again: it converges.",
            err=True,
        )
