"""`vapictl apply`: make the live org match the manifests, or apply a saved plan."""

from __future__ import annotations

import re
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
    from vapictl.api.client import VapiClient
    from vapictl.engine.live import LiveState
    from vapictl.engine.plan_model import Plan
    from vapictl.engine.planfile import SavedPlan
    from vapictl.manifest.types import Manifest

_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600}


def _duration(text: str) -> float:
    """`0`, `90`, `30s`, `5m`, `1h` -> seconds."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smh]?)\s*", text.lower())
    if match is None:
        raise typer.BadParameter(f"{text!r} is not a duration such as 30s, 5m or 1h.")
    return float(match.group(1)) * _UNITS[match.group(2)]


def apply(
    plan_file: Annotated[
        Path | None,
        typer.Argument(
            help="A plan saved by `vapictl plan --out`; applied only if a new plan equals it."
        ),
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
    lock_timeout: Annotated[
        str,
        typer.Option(
            "--lock-timeout",
            metavar="DURATION",
            help="Wait this long (30s, 5m, 1h) for another apply's lease; 0: fail at once.",
        ),
    ] = "0",
) -> None:
    """Apply the changes a plan shows, in dependency order; a second apply is a no-op."""
    from vapictl.cli.execute import execute_plan
    from vapictl.cli.output import info
    from vapictl.engine.lease import hold_lease
    from vapictl.engine.planfile import check_host, load_plan
    from vapictl.engine.safety import SafetyLimits, check_safety
    from vapictl.errors import UnsafePlanError, UsageError

    wait_seconds = _duration(lock_timeout)
    saved = load_plan(plan_file) if plan_file is not None else None
    if saved is not None and (target or prune is not None):
        raise UsageError("--target and --prune shape a new plan; a saved plan is applied as saved.")
    if saved is not None:
        # A saved plan remembers its -f paths and environment; explicit options win.
        files = files or [Path(f) for f in saved.files]
        env = env or saved.environment
    targets = tuple(target or ())

    def check_safe(plan: Plan, manifest: Manifest) -> None:
        limit = manifest.settings.max_deletes if max_deletes is None else max_deletes
        check_safety(plan, SafetyLimits(max_deletes=limit, allow_replace=allow_replace))

    def make_plan(client: VapiClient) -> tuple[Plan, Manifest, LiveState]:
        manifest, live = _read(client, files, var, env_file, env, api_key)
        if saved is None:
            return _fresh_plan(manifest, live, prune, targets), manifest, live
        return _checked_plan(saved, client, manifest, live), manifest, live

    with (
        open_client(api_key, base_url, local, parallelism, max_rps) as client,
        # The lease's own client: a signal halts the main one, and the lease must
        # still be released after it.
        open_client(api_key, base_url, local, 1, max_rps) as lease_client,
    ):
        if saved is not None:
            check_host(saved, client.base_url)  # before any call
        # A first look takes no lease: a stale or foreign plan is refused, and an apply
        # with nothing to do ends, without a single write.
        the_plan, manifest, live = make_plan(client)
        if not the_plan.has_changes:
            _print_plan(the_plan, output)
            return
        try:
            check_safe(the_plan, manifest)
        except UnsafePlanError:
            _print_plan(the_plan, output)
            raise
        if saved is None and not auto_approve:
            _require_terminal()
        with hold_lease(lease_client, timeout=wait_seconds, note=info) as lease:
            # Under the lease, look again: another apply may have finished meanwhile.
            the_plan, manifest, live = make_plan(client)
            _print_plan(the_plan, output)
            if not the_plan.has_changes:
                return
            check_safe(the_plan, manifest)
            if saved is None and not auto_approve:
                _confirm()
            info("Applying...")
            execute_plan(
                the_plan,
                client,
                manifest,
                live,
                parallelism=parallelism,
                output=output,
                after_create=lease.post_create_check(client),
            )


def _print_plan(plan: Plan, output: OutputFormat) -> None:
    """The plan on a terminal; in JSON, an empty report when there is nothing to do
    (the report itself follows the apply)."""
    from vapictl.cli.apply_output import print_report
    from vapictl.cli.plan_output import print_plan

    if output is OutputFormat.TEXT:
        print_plan(plan, OutputFormat.TEXT)
    elif not plan.has_changes:
        print_report(None, output)


def _read(
    client: VapiClient,
    files: list[Path] | None,
    var: list[str] | None,
    env_file: Path | None,
    env: str | None,
    api_key: str | None,
) -> tuple[Manifest, LiveState]:
    from vapictl.engine.session import load_while_reading

    return load_while_reading(lambda: load_manifest(files, var, env_file, env, api_key), client)


def _fresh_plan(
    manifest: Manifest, live: LiveState, prune: bool | None, targets: tuple[str, ...]
) -> Plan:
    from vapictl.engine.plan import PlanOptions, build_plan

    return build_plan(manifest, live, PlanOptions(prune=prune, targets=targets))


def _checked_plan(
    saved: SavedPlan, client: VapiClient, manifest: Manifest, live: LiveState
) -> Plan:
    """The plan made now, if it is the saved one (same org, same actions); else refuse."""
    from vapictl.engine.planfile import check_matches, check_org

    check_org(saved, client.base_url, live.org)
    fresh = _fresh_plan(manifest, live, saved.prune, saved.targets)
    check_matches(saved, fresh, manifest, live)
    return fresh


def _require_terminal() -> None:
    from vapictl.errors import UsageError

    if not _can_ask():
        raise UsageError(
            "Refusing to apply without confirmation: there is no terminal to ask. "
            "Pass --auto-approve (CI), or apply a reviewed plan file."
        )


def _can_ask() -> bool:
    return sys.stdin.isatty()


def _confirm(question: str = "Apply these changes?") -> None:
    _require_terminal()
    if not typer.confirm(question, default=False):
        # As Terraform does: say so, and exit 1 (nothing was changed, but the
        # requested apply did not happen; a script must not read it as success).
        from vapictl.cli.output import echo

        echo("Apply cancelled.", err=True)
        raise typer.Exit(1)
