"""`vapictl drift`: report live changes made outside vapictl; read-only, exit 2 on drift."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from vapictl.cli.common import (
    DEFAULT_BASE_URL,
    DEFAULT_PARALLELISM,
    ApiKey,
    BaseUrl,
    EnvFile,
    Environment,
    Local,
    ManifestFiles,
    MaxRps,
    Output,
    OutputFormat,
    Parallelism,
    Vars,
    load_manifest,
    open_client,
)
from vapictl.cli.plan import Targets

if TYPE_CHECKING:
    from vapictl.drift.report import DriftReport

DRIFT_EXIT_CODE = 2  # the same "changes present" code as plan --detailed-exitcode


def drift(
    files: ManifestFiles = None,
    var: Vars = None,
    env_file: EnvFile = None,
    env: Environment = None,
    api_key: ApiKey = None,
    base_url: BaseUrl = DEFAULT_BASE_URL,
    local: Local = False,
    parallelism: Parallelism = DEFAULT_PARALLELISM,
    max_rps: MaxRps = None,
    output: Output = OutputFormat.TEXT,
    target: Targets = None,
    prune: Annotated[
        bool | None,
        typer.Option(
            "--prune/--no-prune",
            help="Also report live resources that no manifest declares (default: settings.prune).",
            show_default=False,
        ),
    ] = None,
    notify: Annotated[
        str | None,
        typer.Option(
            "--notify",
            envvar="VAPICTL_NOTIFY_URL",
            show_envvar=True,
            show_default=False,
            help="POST a JSON summary (Slack-compatible `text`) to this URL when drift is found.",
        ),
    ] = None,
) -> None:
    """Compare the live org with the manifests without changing anything.

    Exit 0 when live matches, 2 on drift, 1 on error.
    """
    from vapictl.drift.report import build_drift_report
    from vapictl.engine.plan import PlanOptions, build_plan
    from vapictl.engine.session import load_while_reading

    with open_client(api_key, base_url, local, parallelism, max_rps) as client:
        # Read-only: one list call per kind plus the org.
        manifest, live = load_while_reading(
            lambda: load_manifest(files, var, env_file, env, api_key), client
        )
    the_plan = build_plan(manifest, live, PlanOptions(prune=prune, targets=tuple(target or ())))
    org_name = (live.org or {}).get("name")
    report = build_drift_report(the_plan, org_name=org_name if isinstance(org_name, str) else None)
    _print_report(report, output)
    _append_step_summary(report)
    if report.drift and notify:
        _notify(notify, report)
    if report.drift:
        raise typer.Exit(DRIFT_EXIT_CODE)


def _print_report(report: DriftReport, output: OutputFormat) -> None:
    from vapictl.cli.output import echo, info, print_json, print_styled, settings
    from vapictl.drift.render import (
        render_markdown,
        render_text_styled,
        report_to_json,
        summary_line,
    )

    if output is OutputFormat.JSON:
        print_json(report_to_json(report))
    elif output is OutputFormat.MARKDOWN:
        echo(render_markdown(report))
    else:
        for warning in report.warnings:
            info(f"Warning: {warning}")
        if settings.quiet and not report.drift:
            return  # cron mails any output: no drift, no news
        if settings.quiet:
            echo(summary_line(report))
        else:
            print_styled(render_text_styled(report))  # line diffs of texts in colour


def _append_step_summary(report: DriftReport) -> None:
    """In GitHub Actions, put the drift table on the job's summary page."""
    from vapictl.cli.ci_report import append_step_summary
    from vapictl.drift.render import render_markdown

    append_step_summary(render_markdown(report))


def _notify(url: str, report: DriftReport) -> None:
    from vapictl.cli.output import echo, info
    from vapictl.drift.notify import send_notification

    result = send_notification(url, report)
    if result.ok:
        info("Sent the drift notification.")
    else:
        # Never fails the run: the drift itself is the result (exit 2) either way.
        echo(
            f"Warning: could not send the drift notification after {result.attempts} "
            f"attempt{'s' if result.attempts != 1 else ''}: {result.error}. "
            "The drift report above is unaffected.",
            err=True,
        )
