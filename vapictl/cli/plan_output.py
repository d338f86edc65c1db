"""Printing plans in the format asked for, shared by plan, apply and drift."""

from __future__ import annotations

import os

from vapictl.cli.ci_report import annotate, in_github_actions
from vapictl.cli.ci_report import append_step_summary as append_summary
from vapictl.cli.common import OutputFormat
from vapictl.cli.output import echo, print_json, print_styled, settings
from vapictl.engine.plan_model import Plan
from vapictl.render.markdown import COMMENT_LIMIT

STEP_SUMMARY_LIMIT = 1_000_000  # GitHub's job summary takes up to 1 MiB per step


def print_plan(
    plan: Plan,
    output: OutputFormat,
    *,
    title: str = "vapictl plan",
    markdown_limit: int | None = COMMENT_LIMIT,
) -> None:
    if output is OutputFormat.JSON:
        from vapictl.render.json_plan import plan_to_json

        print_json(plan_to_json(plan))
    elif output is OutputFormat.MARKDOWN:
        from vapictl.render.markdown import render_markdown

        echo(render_markdown(plan, title, max_chars=markdown_limit, full_plan_at=full_plan_at()))
    elif output is OutputFormat.CODEQUALITY:
        from vapictl.cli.ci_report import codequality

        print_json(codequality(plan.warnings))
    else:
        print_plan_text(plan)


def full_plan_at() -> str:
    """Where a reader of a shortened Markdown plan finds the whole of it."""
    server, repo, run = (
        os.environ.get(name) for name in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_RUN_ID")
    )
    if server and repo and run:
        return f"the full plan is on the job summary of {server}/{repo}/actions/runs/{run}"
    return "run `vapictl plan` (or `vapictl plan -o markdown --markdown-limit 0`) for the full plan"


def print_plan_text(plan: Plan) -> None:
    from vapictl.render.text import render_plan, summary_line

    print_styled([(summary_line(plan), "bold")] if settings.quiet else render_plan(plan))


def append_step_summary(plan: Plan, title: str = "vapictl plan") -> None:
    """In GitHub Actions, add the Markdown plan to the job summary page (which takes
    up to 1 MiB: large plans are shortened there too) and annotate its warnings."""
    if not os.environ.get("GITHUB_STEP_SUMMARY") and not in_github_actions():
        return
    from vapictl.render.markdown import render_markdown

    annotate(plan.warnings, title)
    append_summary(render_markdown(plan, title, max_chars=STEP_SUMMARY_LIMIT))
