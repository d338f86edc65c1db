"""`vapictl pull`: write live values (dashboard edits) into the manifests."""

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
    Parallelism,
    Vars,
    load_manifest,
    open_client,
)
from vapictl.cli.plan import Targets


def pull(
    files: ManifestFiles = None,
    var: Vars = None,
    env_file: EnvFile = None,
    env: Environment = None,
    api_key: ApiKey = None,
    base_url: BaseUrl = DEFAULT_BASE_URL,
    local: Local = False,
    parallelism: Parallelism = DEFAULT_PARALLELISM,
    max_rps: MaxRps = None,
    target: Targets = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the unified diff of the files; write nothing.")
    ] = False,
    add_unmanaged: Annotated[
        Path | None,
        typer.Option(
            "--add-unmanaged",
            help="Add live resources that no manifest declares to FILE (as export writes them).",
        ),
    ] = None,
) -> None:
    """Write live values that differ into the manifests, where they were declared."""
    from vapictl.cli.output import echo, info
    from vapictl.engine.plan import PlanOptions, build_plan
    from vapictl.engine.session import load_while_reading
    from vapictl.errors import VapictlError
    from vapictl.manifest.environments import resolve_manifest_paths
    from vapictl.model import live_name
    from vapictl.pull import add_unmanaged as add_entries
    from vapictl.pull import find_drifts, plan_edits, unified_diff, write_files

    overlay = resolve_manifest_paths(files or [], env)[1] if env else None
    with open_client(api_key, base_url, local, parallelism, max_rps) as client:
        manifest, live = load_while_reading(
            lambda: load_manifest(files, var, env_file, env), client
        )
    targets = tuple(target or ())
    if targets:  # a pattern matching nothing must not read as "nothing to pull"
        from vapictl.engine.targets import check_targets_match, known_addresses

        check_targets_match(targets, known_addresses(manifest, live))
    the_plan = build_plan(manifest, live, PlanOptions(prune=False, targets=()))
    findings = find_drifts(manifest, live, the_plan, targets)
    edits = plan_edits(findings.drifts, overlay)
    variables: list[str] = []
    if add_unmanaged is not None:
        variables = add_entries(
            findings.unmanaged, live, manifest, the_plan.known_ids, add_unmanaged, edits
        )
    for note in [*findings.notes, *edits.notes]:
        echo(f"Not pulled: {note}", err=True)
    for address in findings.missing:
        echo(f"Missing live: {address} (deleted outside vapictl?); left in the manifests", err=True)
    if add_unmanaged is None:
        for kind, item in findings.unmanaged:
            name = live_name(kind, item)
            echo(
                f"Unmanaged: {kind.value}/{name} (id {item.get('id')}) is live but in no "
                "manifest; --add-unmanaged FILE adds it",
                err=True,
            )
    if edits.errors:
        problems = "\n  - ".join(edits.errors)
        raise VapictlError(f"Nothing was written; these values cannot be pulled:\n  - {problems}")
    if not edits.changed:
        reported = findings.notes or edits.notes or findings.missing or findings.unmanaged
        info(
            "Nothing to write (see above)."
            if reported
            else "Nothing to pull: every declared field matches the live org."
        )
        return
    if dry_run:
        echo(unified_diff(edits).rstrip("\n"))
        info(f"Dry run: {len(edits.changed)} file(s) would change; nothing was written.")
        return
    write_files(edits)
    for line in edits.written:
        info(f"Pulled {line}")
    if variables:
        echo(f"Set these variables before plan/apply: {', '.join(variables)}", err=True)
    info(f"Wrote {len(edits.changed)} file(s). Review with `git diff`, then commit.")
