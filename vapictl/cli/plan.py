"""`vapictl plan`: show the API calls that would make the live org match the manifests."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

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
    OutputFormat,
    Parallelism,
    PlanOutput,
    Vars,
    load_manifest,
    open_client,
)

COMMENT_LIMIT = 60_000  # vapictl.render.markdown.COMMENT_LIMIT, without importing it for --help

Targets = Annotated[
    list[str] | None,
    typer.Option("--target", help="Limit the plan to KIND/NAME (repeatable, globs allowed)."),
]
Prune = Annotated[
    bool | None,
    typer.Option(
        "--prune/--no-prune",
        help="Delete live resources that no manifest declares (default: settings.prune).",
        show_default=False,
    ),
]


def plan(
    files: ManifestFiles = None,
    var: Vars = None,
    env_file: EnvFile = None,
    env: Environment = None,
    api_key: ApiKey = None,
    base_url: BaseUrl = DEFAULT_BASE_URL,
    local: Local = False,
    parallelism: Parallelism = DEFAULT_PARALLELISM,
    max_rps: MaxRps = None,
    output: PlanOutput = OutputFormat.TEXT,
    detailed_exitcode: Annotated[
        bool,
        typer.Option(
            "--detailed-exitcode", help="Exit 0 when there are no changes, 2 when there are."
        ),
    ] = False,
    target: Targets = None,
    prune: Prune = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Save the plan to FILE, for `vapictl apply FILE`."),
    ] = None,
    markdown_limit: Annotated[
        int,
        typer.Option(
            "--markdown-limit",
            min=0,
            help="With -o markdown: at most this many characters (one GitHub comment); "
            "0 = no limit.",
        ),
    ] = COMMENT_LIMIT,
) -> None:
    """Show what apply would do, field by field; secrets masked."""
    from vapictl.cli.plan_output import append_step_summary, print_plan
    from vapictl.cli.warnings import with_route_warnings
    from vapictl.engine.plan import PlanOptions, build_plan
    from vapictl.engine.planfile import plan_target, save_plan
    from vapictl.engine.session import load_while_reading

    with open_client(api_key, base_url, local, parallelism, max_rps) as client:
        manifest, live = load_while_reading(
            lambda: load_manifest(files, var, env_file, env, api_key), client
        )
        api_url = client.base_url
    the_plan = build_plan(manifest, live, PlanOptions(prune=prune, targets=tuple(target or ())))
    the_plan = with_route_warnings(the_plan, manifest, live)
    print_plan(the_plan, output, markdown_limit=markdown_limit or None)
    append_step_summary(the_plan)
    if out is not None:
        variables = tuple(sorted(item.partition("=")[0] for item in var or []))
        save_plan(
            out,
            the_plan,
            live,
            plan_target(api_url, live.org),
            files=tuple(str(f) for f in files or []),
            environment=env,
            variables=variables,
            targets=tuple(target or ()),
        )
        from vapictl.cli.output import info

        info(f"Saved the plan to {out}. Apply exactly this plan with: vapictl apply {out}")
    if detailed_exitcode and the_plan.has_changes:
        raise typer.Exit(2)
