"""`vapictl routes`: which server URL receives each event, and routing lints.

`-f` shows the desired state (offline unless --api-key/--local is given and
the manifests leave something open), `--live` the live org, `--diff` how the
routes move if the plan were applied.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from vapictl.cli.common import (
    DEFAULT_BASE_URL,
    ApiKey,
    BaseUrl,
    EnvFile,
    Environment,
    Local,
    ManifestFiles,
    Vars,
    load_manifest,
    read_live,
)
from vapictl.errors import UsageError

if TYPE_CHECKING:
    from vapictl.engine.live import LiveState
    from vapictl.manifest.types import Manifest
    from vapictl.routes.diff import RoutesDiff
    from vapictl.routes.report import RouteReport


class RoutesOutput(StrEnum):
    TEXT = "text"
    JSON = "json"
    MERMAID = "mermaid"


def routes(
    files: ManifestFiles = None,
    var: Vars = None,
    env_file: EnvFile = None,
    env: Environment = None,
    live: Annotated[
        bool, typer.Option("--live", help="Show the live org's routing instead of the manifests'.")
    ] = False,
    diff: Annotated[
        bool,
        typer.Option("--diff", help="Show how routes would change if the plan were applied."),
    ] = False,
    output: Annotated[
        RoutesOutput,
        typer.Option("--output", "-o", case_sensitive=False, help="Output format."),
    ] = RoutesOutput.TEXT,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 when there are routing warnings (for CI).")
    ] = False,
    api_key: ApiKey = None,
    base_url: BaseUrl = DEFAULT_BASE_URL,
    local: Local = False,
) -> None:
    """For every phone number -> assistant -> tool path, the URL receiving each event."""
    from vapictl.cli.output import echo
    from vapictl.routes import compute_routes, graph_from_live
    from vapictl.routes.render import (
        render_diff_json,
        render_diff_text,
        render_json,
        render_mermaid,
        render_text,
    )

    if live and diff:
        raise UsageError("--live and --diff exclude each other (--diff compares live with -f).")
    if live and (files or env):
        raise UsageError("--live reads the live org: drop -f/-e, or use --diff to compare them.")
    if diff and output is RoutesOutput.MERMAID:
        raise UsageError("--diff renders as text or json, not mermaid.")

    if live:
        report = compute_routes(graph_from_live(read_live(api_key, base_url, local)))
    elif diff:
        manifest = load_manifest(files, var, env_file, env)
        the_diff = _diff(manifest, read_live(api_key, base_url, local))
        echo(
            render_diff_text(the_diff)
            if output is RoutesOutput.TEXT
            else render_diff_json(the_diff)
        )
        _exit_strict(strict, len(the_diff.warnings))
        return
    else:
        manifest = load_manifest(files, var, env_file, env)
        report = _desired_report(manifest, api_key, base_url, local)

    renderers = {
        RoutesOutput.TEXT: render_text,
        RoutesOutput.JSON: render_json,
        RoutesOutput.MERMAID: render_mermaid,
    }
    echo(renderers[output](report))
    _exit_strict(strict, len(report.warnings))


def _desired_report(
    manifest: Manifest, api_key: str | None, base_url: str, local: bool
) -> RouteReport:
    """Offline when possible; live state fills in only what the manifests leave open
    (unmanaged references, the org's URL), and only when an API is configured."""
    from vapictl.routes import compute_routes, graph_from_manifest

    graph = graph_from_manifest(manifest)
    if not graph.complete and (local or api_key):
        graph = graph_from_manifest(manifest, read_live(api_key, base_url, local))
    return compute_routes(graph)


def _diff(manifest: Manifest, live_state: LiveState) -> RoutesDiff:
    from vapictl.routes import compute_routes, diff_routes, graph_from_live, graph_from_manifest
    from vapictl.routes.build_live import match_twins

    twins = match_twins(manifest, live_state)
    before = compute_routes(graph_from_live(live_state, keys=twins))
    # Without pruning, live resources the manifests do not declare stay as they are.
    keep = not manifest.settings.prune
    after = compute_routes(graph_from_manifest(manifest, live_state, keep_unmanaged=keep))
    return diff_routes(before, after)


def _exit_strict(strict: bool, warnings: int) -> None:
    if strict and warnings:
        from vapictl.cli.output import echo

        echo(
            f"Error: {warnings} routing warning{'s' if warnings != 1 else ''} (--strict).", err=True
        )
        raise typer.Exit(1)
