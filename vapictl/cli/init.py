"""`vapictl init`: scaffold a new repository (manifests, overlays, CI), never overwriting."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer

from vapictl.scaffold.write import DEFAULT_ENVIRONMENTS, CiProvider

_ENV_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


def init(
    directory: Annotated[
        Path, typer.Argument(help="Where to create the repository layout (created if absent).")
    ] = Path("."),
    ci: Annotated[
        CiProvider,
        typer.Option("--ci", case_sensitive=False, help="Which CI workflow to write."),
    ] = CiProvider.GITHUB,
    env: Annotated[
        list[str] | None,
        typer.Option(
            "--env",
            "-e",
            help="An environment to create overlays/NAME/ for (repeatable; default staging, prod).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Write base/, overlays/<env>/, .env.example, .gitignore and a CI workflow."""
    from vapictl.cli.output import echo, info
    from vapictl.errors import UsageError
    from vapictl.manifest.schema import schema_text
    from vapictl.scaffold.write import scaffold_files, write_scaffold

    environments = tuple(dict.fromkeys(env or DEFAULT_ENVIRONMENTS))
    bad = [name for name in environments if not _ENV_NAME.fullmatch(name)]
    if bad:
        raise UsageError(
            f"invalid environment name(s): {', '.join(map(repr, bad))}: "
            "use letters, digits, '-', '_' or '.' (it becomes a directory name)"
        )
    files = scaffold_files(ci, environments, schema_text())
    result = write_scaffold(directory, files)
    for path in result.created:
        echo(f"created {directory / path}")
    if result.gitignore_updated:
        echo(f"updated {directory / '.gitignore'} (vapictl lines appended)")
    first = environments[-1]
    where = "" if directory == Path(".") else f"cd {directory} && "
    info(
        "\nNext steps:\n"
        f"  {where}vapictl validate -e {first} --env-file .env.example\n"
        f"  cp .env.example .env   # real values; then try it on the local emulator:\n"
        f"  vapictl plan -e {first} --env-file .env --local\n"
        "  Set VAPI_API_KEY and the variables in .env.example as CI secrets; see the workflow."
    )
    if ci is not CiProvider.NONE and "prod" not in environments:
        info(
            f"Note: the CI workflow defaults VAPICTL_ENV to prod; set it to one of {environments}."
        )
