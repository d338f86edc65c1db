"""`vapictl apply`: make the live org match the manifests, or apply a saved plan."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from vapictl.cli.common import (
    DEFAULT_BASE_URL,
    DEFAULT_PARALLELISM,
    ApiKey,
    ApplyOutput,
    BaseUrl,
    EnvFile,
    Environment,
    Local,
    ManifestFiles,
    MaxRps,
    OutputFormat,
    Parallelism,
    Vars,
    load_manifest,
    open_client,
)
from vapictl.cli.plan import Prune, Targets

if TYPE_CHECKING:
    from vapictl.engine.plan_model import Plan


def apply(
    plan_file: Annotated[
        Path | None,
        typer.Argument(help="A plan saved by `vapictl plan --out`; applied exactly, if not stale."),
    ] = None,
    files: ManifestFiles = None,
    var: Vars = None,
    env_file: EnvFile = None,
    env: Environment = None,
    api_key: ApiKey = None,
    base_url: BaseUrl = DEFAULT_BASE_URL,
    local: Local = False,
    parallelism: Parallelism = DEFAULT_PARALLELISM,
    max_rps: MaxRps = None,
    output: ApplyOutput = OutputFormat.TEXT,
    auto_approve: Annotated[
        bool, typer.Option("--auto-approve", help="Apply without asking for confirmation.")
    ] = False,
    target: Targets = None,
    prune: Prune = None,
    max_deletes: Annotated[
        int | None,
        typer.Option(
            "--max-deletes", min=0, help="Refuse to delete more (default settings.maxDeletes, 10)."
        ),
    ] = None,
    allow_replace: Annotated[
        bool,
        typer.Option(
            "--allow-replace", help="Allow replacing phone numbers (releases the number)."
        ),
    ] = False,
) -> None:
    """Apply the changes a plan shows, in dependency order; a second apply is a no-op."""
    from vapictl.cli.apply_output import print_report
    from vapictl.cli.execute import execute_plan
    from vapictl.cli.output import info
    from vapictl.cli.plan_output import print_plan
    from vapictl.engine.plan import PlanOptions, build_plan
    from vapictl.engine.planfile import check_fresh, load_plan
    from vapictl.engine.safety import SafetyLimits, check_safety
    from vapictl.engine.session import load_while_reading
    from vapictl.errors import UsageError

    saved = load_plan(plan_file) if plan_file is not None else None
    if saved is not None and (target or prune is not None):
        raise UsageError("--target and --prune shape a new plan; a saved plan is applied as saved.")
    if saved is not None:
        # A saved plan remembers its -f paths and environment; explicit options win.
        files = files or [Path(f) for f in saved.files]
        env = env or saved.environment
    with open_client(api_key, base_url, local, parallelism, max_rps) as client:
        manifest, live = load_while_reading(
            lambda: load_manifest(files, var, env_file, env, api_key), client
        )
        if saved is not None:
            check_fresh(saved.plan, manifest, live)
            the_plan: Plan = saved.plan
        else:
            the_plan = build_plan(
                manifest, live, PlanOptions(prune=prune, targets=tuple(target or ()))
            )
        if output is OutputFormat.TEXT:
            print_plan(the_plan, OutputFormat.TEXT)
        if not the_plan.has_changes:
            if output is not OutputFormat.TEXT:
                print_report(None, output)
            return
        limit = manifest.settings.max_deletes if max_deletes is None else max_deletes
        check_safety(the_plan, SafetyLimits(max_deletes=limit, allow_replace=allow_replace))
        if saved is None and not auto_approve:
            _confirm()
        info("Applying...")
        execute_plan(the_plan, client, manifest, live, parallelism=parallelism, output=output)


def _confirm(question: str = "Apply these changes?") -> None:
    from vapictl.errors import UsageError

    if not sys.stdin.isatty():
        raise UsageError(
            "Refusing to apply without confirmation: there is no terminal to ask. "
            "Pass --auto-approve (CI), or apply a reviewed plan file."
        )
    if not typer.confirm(question, default=False):
        # As Terraform does: say so, and exit 1 (nothing was changed, but the
        # requested apply did not happen; a script must not read it as success).
        from vapictl.cli.output import echo

        echo("Apply cancelled.", err=True)
        raise typer.Exit(1)
