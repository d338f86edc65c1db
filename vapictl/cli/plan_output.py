"""Printing plans in the format asked for, shared by plan, apply and drift."""

from __future__ import annotations

import os

from vapictl.cli.common import OutputFormat
from vapictl.cli.output import echo, print_json, print_styled, settings
from vapictl.engine.plan_model import Plan


def print_plan(plan: Plan, output: OutputFormat, *, title: str = "vapictl plan") -> None:
    if output is OutputFormat.JSON:
        from vapictl.render.json_plan import plan_to_json

        print_json(plan_to_json(plan))
    elif output is OutputFormat.MARKDOWN:
        from vapictl.render.markdown import render_markdown

        echo(render_markdown(plan, title))
    else:
        print_plan_text(plan)


def print_plan_text(plan: Plan) -> None:
    from vapictl.render.text import render_plan, summary_line

    print_styled([(summary_line(plan), "bold")] if settings.quiet else render_plan(plan))


def append_step_summary(plan: Plan, title: str = "vapictl plan") -> None:
    """In GitHub Actions, add the Markdown plan to the job summary page."""
    if not os.environ.get("GITHUB_STEP_SUMMARY"):
        return
    from vapictl.cli.step_summary import append_step_summary_text
    from vapictl.render.markdown import render_markdown

    append_step_summary_text(render_markdown(plan, title))
