"""`vapictl rollback`: undo an apply, from the snapshot it recorded."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from vapictl.cli.common import (
    DEFAULT_BASE_URL,
    DEFAULT_PARALLELISM,
    ApiKey,
    BaseUrl,
    Local,
    MaxRps,
    Output,
    OutputFormat,
    Parallelism,
)

SnapshotDir = Annotated[
    Path | None,
    typer.Option(
        "--snapshot-dir",
        envvar="VAPICTL_SNAPSHOT_DIR",
        show_envvar=True,
        help="Where apply keeps snapshots (default .vapictl/snapshots).",
    ),
]


def rollback(
    snapshot: Annotated[
        Path | None,
        typer.Argument(
            help="A snapshot file (default: the latest of this org), or a rollback plan "
            "saved with --out."
        ),
    ] = None,
    list_them: Annotated[
        bool, typer.Option("--list", help="List the snapshots of this org and exit.")
    ] = False,
    snapshot_dir: SnapshotDir = None,
    api_key: ApiKey = None,
    base_url: BaseUrl = DEFAULT_BASE_URL,
    local: Local = False,
    parallelism: Parallelism = DEFAULT_PARALLELISM,
    max_rps: MaxRps = None,
    output: Output = OutputFormat.TEXT,
    auto_approve: Annotated[
        bool, typer.Option("--auto-approve", help="Roll back without asking for confirmation.")
    ] = False,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", help="Save the rollback plan to FILE instead; `rollback FILE` applies it."
        ),
    ] = None,
    max_deletes: Annotated[
        int | None,
        typer.Option("--max-deletes", min=0, help="Refuse to delete more (default 10)."),
    ] = None,
    allow_replace: Annotated[
        bool,
        typer.Option(
            "--allow-replace", help="Allow replacing phone numbers (releases the number)."
        ),
    ] = False,
) -> None:
    """Plan restoring what an apply changed, then apply it like `vapictl apply`."""
    from vapictl.cli.apply import _confirm
    from vapictl.cli.apply_output import print_report
    from vapictl.cli.common import open_client
    from vapictl.cli.execute import execute_plan
    from vapictl.cli.output import echo, info
    from vapictl.cli.plan_output import print_plan
    from vapictl.cli.snapshots import load_rollback, no_manifest, print_snapshot_list
    from vapictl.engine.lease import hold_lease
    from vapictl.engine.live import read_live_state
    from vapictl.engine.planfile import plan_target, save_plan
    from vapictl.engine.safety import SafetyLimits, check_safety
    from vapictl.manifest.types import DEFAULT_MAX_DELETES
    from vapictl.snapshot import snapshot_dir as resolve_dir

    directory = resolve_dir(snapshot_dir)
    with open_client(api_key, base_url, local, parallelism, max_rps) as client:
        live = read_live_state(client)
        org_id = str((live.org or {}).get("id") or "unknown-org")
        if list_them:
            print_snapshot_list(directory, org_id, output)
            return
        the_plan, notes, saved, source = load_rollback(
            snapshot, directory, org_id, live, client.base_url
        )
        if output is OutputFormat.TEXT:
            print_plan(the_plan, OutputFormat.TEXT)
        for note in notes:
            echo(f"Not restorable: {note}", err=True)
        if out is not None:
            save_plan(
                out,
                the_plan,
                live,
                plan_target(client.base_url, live.org),
                files=(),
                environment=None,
                variables=(),
                targets=(),
                snapshot=str(source.resolve()),
            )
            info(f"Saved the rollback plan to {out}. Apply it with: vapictl rollback {out}")
            return
        if not the_plan.has_changes:
            if output is not OutputFormat.TEXT:
                print_report(None, output)
            return
        limit = DEFAULT_MAX_DELETES if max_deletes is None else max_deletes
        check_safety(the_plan, SafetyLimits(max_deletes=limit, allow_replace=allow_replace))
        if not saved and not auto_approve:
            _confirm("Roll back these changes?")
        info("Rolling back...")
        # Its own snapshot (in the same directory) makes a rollback undoable too.
        with (
            open_client(api_key, base_url, local, 1, max_rps) as lease_client,
            hold_lease(lease_client, timeout=0, note=info) as lease,  # one writer per org
        ):
            execute_plan(
                the_plan,
                client,
                no_manifest(the_plan.manifest_digest),
                live,
                parallelism=parallelism,
                output=output,
                snapshot_dir=directory,
                after_create=lease.post_create_check(client),
            )
