"""Options shared by several commands, and the two things most commands need:
the loaded manifests and an API client."""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from vapictl.api.client import VapiClient
    from vapictl.engine.live import LiveState
    from vapictl.manifest.types import Manifest

DEFAULT_BASE_URL = "https://api.vapi.ai"
DEFAULT_PARALLELISM = 8
LOCAL_DB_PATH = Path(".vapictl") / "local.sqlite3"
LOCAL_API_KEY = "local-emulator-key"


class OutputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"
    CODEQUALITY = "codequality"  # GitLab Code Quality report (validate, plan)


def output_option(*formats: OutputFormat) -> Any:
    """`--output/-o` offering only `formats`: help and errors list what the command takes."""
    import click

    names = [f.value for f in formats]
    return typer.Option(
        "--output",
        "-o",
        click_type=click.Choice(names, case_sensitive=False),
        help=f"Output format: {', '.join(names)}.",
    )


ManifestFiles = Annotated[
    list[Path] | None,
    typer.Option(
        "--file",
        "-f",
        help="Manifest file or directory of *.yaml/*.yml (repeatable; later ones override).",
    ),
]
Vars = Annotated[
    list[str] | None,
    typer.Option("--var", help="Set a variable for ${VAR} expansion: KEY=VALUE (repeatable)."),
]
EnvFile = Annotated[
    Path | None,
    typer.Option(
        "--env-file",
        envvar="VAPICTL_ENV_FILE",
        show_envvar=True,
        help="Read KEY=VALUE variables from this file (dotenv format).",
    ),
]
Environment = Annotated[
    str | None,
    typer.Option(
        "--env",
        "-e",
        envvar="VAPICTL_ENV",
        show_envvar=True,
        help="Environment name: shorthand for -f base -f overlays/NAME (see README).",
    ),
]
ApiKey = Annotated[
    str | None,
    typer.Option(
        "--api-key",
        envvar="VAPI_API_KEY",
        show_envvar=True,
        show_default=False,
        help="Vapi private API key.",
    ),
]
BaseUrl = Annotated[
    str,
    typer.Option("--base-url", envvar="VAPI_BASE_URL", show_envvar=True, help="Vapi API base URL."),
]
Local = Annotated[
    bool,
    typer.Option("--local", help="Use the embedded local emulator (.vapictl/local.sqlite3)."),
]
Parallelism = Annotated[
    int,
    typer.Option(
        "--parallelism",
        envvar="VAPICTL_PARALLELISM",
        show_envvar=True,
        min=1,
        max=64,
        help="Concurrent API requests.",
    ),
]
MaxRps = Annotated[
    float | None,
    typer.Option(
        "--max-rps",
        envvar="VAPICTL_MAX_RPS",
        show_envvar=True,
        min=0.1,
        help="Client-side limit on API requests per second (default: none; 429s are honoured).",
    ),
]
Output = Annotated[
    OutputFormat,
    output_option(OutputFormat.TEXT, OutputFormat.JSON, OutputFormat.MARKDOWN),
]
PlanOutput = Annotated[
    OutputFormat,
    output_option(
        OutputFormat.TEXT, OutputFormat.JSON, OutputFormat.MARKDOWN, OutputFormat.CODEQUALITY
    ),
]
ApplyOutput = Annotated[OutputFormat, output_option(OutputFormat.TEXT, OutputFormat.JSON)]


def load_manifest(
    files: list[Path] | None,
    variables: list[str] | None = None,
    env_file: Path | None = None,
    environment: str | None = None,
    api_key: str | None = None,
) -> Manifest:
    """Load and validate the manifests named on the command line (raises ManifestError).
    No variable may hold the API key: `api_key` (--api-key) or $VAPI_API_KEY."""
    from vapictl.manifest.environments import resolve_manifest_paths
    from vapictl.manifest.load import load_manifests
    from vapictl.manifest.variables import parse_var_options, read_env_file

    paths = resolve_manifest_paths(files or [], environment)
    merged_vars: dict[str, str] = {}
    if env_file is not None:
        merged_vars.update(read_env_file(env_file))
    merged_vars.update(parse_var_options(variables or []))
    api_keys = {key for key in (api_key, os.environ.get("VAPI_API_KEY")) if key and key.strip()}
    return load_manifests(
        paths, variables=merged_vars, environ=os.environ, api_keys={k.strip() for k in api_keys}
    )


def open_client(
    api_key: str | None,
    base_url: str,
    local: bool,
    parallelism: int = DEFAULT_PARALLELISM,
    max_rps: float | None = None,
) -> VapiClient:
    """A client for the real API, or for the embedded emulator with --local."""
    from vapictl.api.client import VapiClient
    from vapictl.errors import UsageError

    if local:
        from vapictl.emulator.embedded import local_transport

        transport = local_transport(LOCAL_DB_PATH, LOCAL_API_KEY)
        return VapiClient(
            "http://vapictl.local",
            LOCAL_API_KEY,
            transport=transport,
            parallelism=parallelism,
            rate_limit=max_rps,
        )
    if not api_key:
        raise UsageError(
            "No API key: set VAPI_API_KEY or pass --api-key (or use --local for the emulator)."
        )
    return VapiClient(base_url, api_key, parallelism=parallelism, rate_limit=max_rps)


def read_live(api_key: str | None, base_url: str, local: bool) -> LiveState:
    """The live org, read once (for commands that only read it: routes, probe)."""
    from vapictl.engine.live import read_live_state

    with open_client(api_key, base_url, local) as client:
        return read_live_state(client)
