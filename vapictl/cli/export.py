"""`vapictl export`: write manifests that reproduce the live org (issue 6)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from vapictl.cli.common import DEFAULT_BASE_URL, ApiKey, BaseUrl, Local


def export(
    directory: Annotated[
        Path | None,
        typer.Option("--dir", "-d", help="Write one file per kind into DIR."),
    ] = None,
    file: Annotated[
        Path | None,
        typer.Option("--file", help="Write every section into this one FILE instead."),
    ] = None,
    kind: Annotated[
        list[str] | None,
        typer.Option(
            "--kind",
            "-k",
            help="Export only this kind: org, tool, assistant, squad, phoneNumber (repeatable).",
        ),
    ] = None,
    pin_ids: Annotated[
        bool,
        typer.Option("--pin-ids", help="Write `id:` pins binding each entry to its live resource."),
    ] = False,
    vars_file: Annotated[
        Path | None,
        typer.Option("--vars-file", help="Also write a .env template of the variables to set."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite files that already exist.")
    ] = False,
    api_key: ApiKey = None,
    base_url: BaseUrl = DEFAULT_BASE_URL,
    local: Local = False,
) -> None:
    """Read the live org and write manifests; `plan` on them then reports no changes."""
    from vapictl.cli.common import open_client
    from vapictl.cli.output import echo, info
    from vapictl.engine.live import read_live_state
    from vapictl.errors import UsageError
    from vapictl.export import (
        EXPORTABLE_KINDS,
        build_export,
        layout_files,
        output_paths,
        parse_kind,
        refuse_to_overwrite,
        render_vars_file,
        write_files,
    )
    from vapictl.export.downloads import download_all, write_contents

    if (directory is None) == (file is None):
        raise UsageError("Pass exactly one of --dir DIR (one file per kind) or --file FILE.")
    kinds = frozenset(parse_kind(text) for text in kind) if kind else frozenset(EXPORTABLE_KINDS)
    planned = output_paths(directory=directory, file=file)
    refuse_to_overwrite([*planned, *([vars_file] if vars_file else [])], force=force)

    base = directory if directory is not None else file.parent if file is not None else Path()
    with open_client(api_key, base_url, local) as client:
        live = read_live_state(client)
        result = build_export(live, kinds, pin_ids=pin_ids)
        contents, missing = download_all(client, result.downloads, base)

    files = layout_files(result.sections, directory=directory, file=file)
    files.update(_schema_file(base, files))
    if vars_file is not None and result.variables:
        files[vars_file] = render_vars_file([(v.name, v.description) for v in result.variables])
    refuse_to_overwrite(contents, force=force)
    write_files(files, force=force)
    write_contents(contents)

    for note in missing:
        echo(f"Warning: {note}", err=True)

    for note in result.notes:
        echo(f"Note: {note}", err=True)
    target = directory if directory is not None else file
    if files:
        info(f"Exported {result.summary()} to {target} ({len(files)} file(s)).")
    else:
        info("Nothing to export: the org has none of the requested kinds.")
    if result.variables:
        echo(result.variables_message(), err=True)


def _schema_file(base: Path, files: dict[Path, str]) -> dict[Path, str]:
    """The exported files point editors at `vapictl.schema.json` beside them when no
    schema is found above (export/write.py): write it there, so the link works."""
    from vapictl.export.write import SCHEMA_FILE_NAME, schema_reference
    from vapictl.manifest.schema import schema_text

    beside = base / SCHEMA_FILE_NAME
    if not files or beside.exists() or schema_reference(base) != SCHEMA_FILE_NAME:
        return {}
    return {beside: schema_text()}
