"""Apply feedback: progress as each action finishes, then a compact summary.

Progress goes to stderr (a rich bar with counts on a terminal, one flushed plain line
per finished action otherwise, so CI logs move as the work does); the summary is the
command's result and goes to stdout: counts, then one plain, untruncated line per
action that failed, was in flight or was not attempted.
"""

from __future__ import annotations

import sys
from types import TracebackType
from typing import TYPE_CHECKING, Any

from vapictl.cli.common import OutputFormat
from vapictl.cli.output import console, echo, info, print_json, settings
from vapictl.engine.apply import ActionResult, ApplyReport, Outcome
from vapictl.engine.plan_model import Action
from vapictl.model import Kind

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID


def label(action: Action) -> str:
    """`tool/lookup-order`; a managed credential by its name, as the plan shows it
    (`credential 'vapictl-asst-support-512b0fd8'`), whether created or deleted."""
    if action.kind is Kind.CREDENTIAL:
        return f"credential {action.name!r}"
    return action.address


def describe(result: ActionResult) -> str:
    """`create tool/lookup-order (id 9b2e...)`: how every line names an action."""
    action = result.action
    line = f"{action.action.value} {label(action)}"
    if result.id and result.id != action.id:
        line += f" (id {result.id})"
    if result.error:
        line += f": {result.error}"
    return line


class ProgressReporter:
    """Rich progress on a TTY; one line per finished action otherwise."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.done = 0
        self.failed = 0
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> ProgressReporter:
        if sys.stderr.isatty() and not settings.quiet:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )

            self._progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[failed]}"),
                TimeElapsedColumn(),
                console=console(stderr=True),
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task("Applying", total=self.total, failed="")
        return self

    def update(self, result: ActionResult) -> None:
        self.done += 1
        self.failed += result.outcome is Outcome.FAILED
        line = f"[{self.done}/{self.total}] {result.outcome.value}: {describe(result)}"
        if self._progress is not None and self._task is not None:
            failed = f"{self.failed} failed" if self.failed else ""
            self._progress.update(self._task, advance=1, failed=failed)
            self._progress.console.print(line, highlight=False, markup=False)
        else:
            info(line)

    def stopping(self, running: int) -> None:
        """The first signal was noticed: say what happens now, and how to abort."""
        waiting = f"waiting for {running} in flight" if running else "nothing in flight"
        note = (
            f"Stopping: no new requests are sent; {waiting}. Press Ctrl-C again to abort at once."
        )
        if self._progress is not None:
            self._progress.console.print(note, highlight=False, markup=False)
        else:
            echo(note, err=True)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._progress is not None:
            self._progress.stop()


def counts(report: ApplyReport | None) -> dict[str, int]:
    found = {outcome.value: 0 for outcome in Outcome}
    for result in report.results if report else []:
        found[result.outcome.value] += 1
    return found


def report_to_json(report: ApplyReport | None, signal_name: str | None = None) -> dict[str, Any]:
    results = report.results if report else []
    return {
        "formatVersion": 1,
        "ok": report.ok if report else True,
        "interrupted": signal_name,
        "summary": counts(report),
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


_LISTED = (
    (Outcome.FAILED, "failed"),
    (Outcome.IN_FLIGHT, "in flight"),
    (Outcome.SKIPPED, "not attempted"),
)


def print_report(
    report: ApplyReport | None, output: OutputFormat, *, signal_name: str | None = None
) -> None:
    """The end summary on stdout: JSON, or counts plus the actions that need attention."""
    if output is OutputFormat.JSON:
        print_json(report_to_json(report, signal_name))
        return
    if report is None:
        return
    n = counts(report)
    applied, failed = n[Outcome.APPLIED.value], n[Outcome.FAILED.value]
    in_flight, skipped = n[Outcome.IN_FLIGHT.value], n[Outcome.SKIPPED.value]
    if report.ok:
        echo(f"Apply complete: {applied} action{'s' if applied != 1 else ''} applied.")
        return
    if signal_name:
        echo(
            f"Apply interrupted by {signal_name}: {applied} applied, {failed} failed, "
            f"{in_flight} in flight, {skipped} not attempted."
        )
    else:
        echo(
            f"Apply stopped after a failure: {applied} applied, {failed} failed, "
            f"{skipped} not attempted."
        )
    for outcome, text in _LISTED:
        for result in report.by_outcome(outcome):
            echo(f"  {text}: {describe(result)}")
    if in_flight:
        echo("In-flight actions may or may not have taken effect.")
    echo("Run apply again: it re-reads the live org and converges.")


def report_markdown(report: ApplyReport, signal_name: str | None = None) -> str:
    """The apply report for a GitHub job summary: counts, then what needs attention."""
    n = counts(report)
    if report.ok:
        head = f"**Apply complete: {n[Outcome.APPLIED.value]} applied.**"
    elif signal_name:
        head = f"**Apply interrupted by {signal_name}.** Run apply again: it converges."
    else:
        head = "**Apply stopped after a failure.** Fix the cause and run apply again."
    lines = [
        "### vapictl apply",
        "",
        head,
        "",
        "| applied | failed | in flight | not attempted |",
        "|---:|---:|---:|---:|",
        f"| {n['applied']} | {n['failed']} | {n['in_flight']} | {n['skipped']} |",
    ]
    attention = [(text, r) for outcome, text in _LISTED for r in report.by_outcome(outcome)]
    if attention:
        lines += ["", "| outcome | action | error |", "|---|---|---|"]
        for outcome_label, r in attention:
            error = r.error.replace("|", "\\|").replace("\n", " ")
            what = f"{r.action.action.value} {label(r.action)}"
            lines.append(f"| {outcome_label} | `{what}` | {error} |")
    return "\n".join(lines)
