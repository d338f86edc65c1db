"""`vapictl probe`: POST each resolved webhook the message Vapi would send and
judge the answer (README "Probing webhooks")."""

from __future__ import annotations

import fnmatch
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
    from vapictl.routes.resolve import Route


class ProbeOutput(StrEnum):
    TEXT = "text"
    JSON = "json"


def probe(
    files: ManifestFiles = None,
    var: Vars = None,
    env_file: EnvFile = None,
    env: Environment = None,
    live: Annotated[
        bool, typer.Option("--live", help="Probe the live org's routing instead of the manifests'.")
    ] = False,
    target: Annotated[
        list[str] | None,
        typer.Option(
            "--target",
            help="Only routes through KIND/NAME (phoneNumber/, assistant/, squad/, tool/;"
            " repeatable, globs allowed).",
        ),
    ] = None,
    output: Annotated[
        ProbeOutput, typer.Option("--output", "-o", case_sensitive=False, help="Output format.")
    ] = ProbeOutput.TEXT,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 on warnings too (unsigned requests, http://).")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="List the requests that would be sent; send none.")
    ] = False,
    concurrency: Annotated[
        int, typer.Option("--concurrency", min=1, max=32, help="Requests in flight at once.")
    ] = 4,
    api_key: ApiKey = None,
    base_url: BaseUrl = DEFAULT_BASE_URL,
    local: Local = False,
) -> None:
    """Send every webhook URL the message Vapi would send it, and judge the answer.

    Examples:

      vapictl probe -e staging --env-file .env        # the manifests' routing

      vapictl probe -f manifests --dry-run             # what would be sent, sending nothing

      vapictl probe --live -o json                     # the live org's routing
    """
    from vapictl.cli.output import echo
    from vapictl.probe import (
        bodies_from,
        plan_probes,
        render_dry_run_json,
        render_dry_run_text,
        render_json,
        render_text,
        run_probes,
    )
    from vapictl.routes import compute_routes, graph_from_live, graph_from_manifest

    if live and (files or env):
        raise UsageError("--live probes the live org's routing: drop -f/-e.")
    if live:
        live_state = read_live(api_key, base_url, local)
        routes = compute_routes(graph_from_live(live_state)).routes
        bodies = bodies_from(None, live_state)
    else:
        manifest = load_manifest(files, var, env_file, env)
        graph = graph_from_manifest(manifest)
        live_state = None
        if local or api_key:  # live state fills in what the manifests leave open
            live_state = read_live(api_key, base_url, local)
            graph = graph_from_manifest(manifest, live_state)
        routes = compute_routes(graph).routes
        bodies = bodies_from(manifest, live_state)
    chosen = _targeted(routes, tuple(target or ()))

    if dry_run:
        by_url = plan_probes(chosen, bodies)
        renderer = render_dry_run_text if output is ProbeOutput.TEXT else render_dry_run_json
        echo(renderer(by_url))
        return
    report = run_probes(
        chosen, bodies, source="live" if live else "manifests", concurrency=concurrency
    )
    echo(render_text(report) if output is ProbeOutput.TEXT else render_json(report))
    if report.failed or (strict and report.warned):
        raise typer.Exit(1)


def _addresses(route: Route) -> list[str]:
    pairs = (
        ("phoneNumber", route.phone_number),
        ("squad", route.squad),
        ("assistant", route.assistant),
        ("tool", route.tool),
    )
    return [f"{kind}/{key}" for kind, key in pairs if key]


def _targeted(routes: tuple[Route, ...], targets: tuple[str, ...]) -> list[Route]:
    """The routes through any target; a pattern that matches nothing is an error
    (an empty probe must never read as an all-clear)."""
    if not targets:
        return list(routes)
    unmatched = [
        t
        for t in targets
        if not any(fnmatch.fnmatchcase(a, t) for r in routes for a in _addresses(r))
    ]
    if unmatched:
        known = sorted({a for r in routes for a in _addresses(r)})
        raise UsageError(
            f"--target {', '.join(unmatched)} matches no route."
            f" Routes go through: {', '.join(known[:20]) or 'nothing'}."
        )
    return [
        r for r in routes if any(fnmatch.fnmatchcase(a, t) for a in _addresses(r) for t in targets)
    ]
