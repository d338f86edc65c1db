"""`vapictl validate` and `vapictl schema`: thin commands over vapictl.manifest."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from vapictl.cli.common import (
    EnvFile,
    Environment,
    ManifestFiles,
    OutputFormat,
    Vars,
    load_manifest,
    output_option,
)
from vapictl.cli.output import echo, print_json

if TYPE_CHECKING:
    from vapictl.errors import Diagnostic
    from vapictl.manifest.types import Manifest

ValidateOutput = Annotated[
    OutputFormat,
    output_option(OutputFormat.TEXT, OutputFormat.JSON, OutputFormat.CODEQUALITY),
]


def validate(
    files: ManifestFiles = None,
    var: Vars = None,
    env_file: EnvFile = None,
    env: Environment = None,
    output: ValidateOutput = OutputFormat.TEXT,
) -> None:
    """Check manifests offline; exit 1 listing every problem, else 0 with a summary."""
    from vapictl.errors import ManifestError

    try:
        manifest = load_manifest(files, var, env_file, env)
    except ManifestError as exc:
        _report(output, exc.diagnostics, None)
        raise typer.Exit(1) from None
    from vapictl.cli.warnings import route_warnings

    diagnostics = [*manifest.warnings, *route_warnings(manifest)]
    _report(output, diagnostics, manifest)
    if any(d.severity == "error" for d in diagnostics):
        raise typer.Exit(1)


def _report(output: OutputFormat, diagnostics: list[Diagnostic], manifest: Manifest | None) -> None:
    """The chosen output, plus GitHub annotations and a job summary when in Actions."""
    from vapictl.cli.ci_report import annotate, append_step_summary, codequality

    if output is OutputFormat.CODEQUALITY:
        print_json(codequality(diagnostics))
    else:
        _render(output, diagnostics, manifest)
    annotate(diagnostics, "vapictl validate")
    append_step_summary(_summary_markdown(diagnostics, manifest))


def _summary_markdown(diagnostics: list[Diagnostic], manifest: Manifest | None) -> str:
    errors = sum(d.severity == "error" for d in diagnostics)
    if manifest is not None and not errors:
        head = f"**{_summary_line(manifest)}**"
    else:
        head = f"**{_plural(errors, 'error')}, {_plural(len(diagnostics) - errors, 'warning')}**"
    lines = ["### vapictl validate", "", head]
    if diagnostics:
        lines += ["", "| | where | problem |", "|---|---|---|"]
        for d in diagnostics:
            where = str(d.location) if d.location else ""
            what = f"{d.path}: {d.message}" if d.path else d.message
            lines.append(f"| {d.severity} | `{where}` | {_cell(what)} |")
    return "\n".join(lines)


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def schema() -> None:
    """Print the manifest JSON Schema (the text of schemas/vapictl.schema.json)."""
    from vapictl.manifest.schema import schema_text

    echo(schema_text().rstrip("\n"))


def _render(output: OutputFormat, diagnostics: list[Diagnostic], manifest: Manifest | None) -> None:
    errors = [d for d in diagnostics if d.severity == "error"]
    warnings = [d for d in diagnostics if d.severity != "error"]
    valid = manifest is not None and not errors
    if output is OutputFormat.JSON:
        summary: dict[str, Any] = {"errors": len(errors), "warnings": len(warnings)}
        if manifest is not None:
            summary.update(_counts(manifest))
            summary["files"] = len(manifest.sources)
        print_json(
            {
                "valid": valid,
                "errors": [d.to_json() for d in errors],
                "warnings": [d.to_json() for d in warnings],
                "summary": summary,
            }
        )
        return
    if diagnostics:  # one write, not one (and a flush) per line: 1,600 warnings are usual
        echo("\n".join(str(diagnostic) for diagnostic in diagnostics))
    if valid and manifest is not None:
        echo(_summary_line(manifest))
    else:
        echo(f"{_plural(len(errors), 'error')}, {_plural(len(warnings), 'warning')}")


def _counts(manifest: Manifest) -> dict[str, int]:
    from vapictl.model import RESOURCE_SECTIONS

    counts = {"org": 1 if manifest.org is not None else 0}
    for section, kind in RESOURCE_SECTIONS.items():
        counts[section] = len(manifest.resources.get(kind, {}))
    return counts


def _summary_line(manifest: Manifest) -> str:
    from vapictl.model import SPECS, kind_of_section

    parts = []
    for section, count in _counts(manifest).items():
        kind = kind_of_section(section)
        if count and kind is not None:
            spec = SPECS[kind]
            parts.append(f"{count} {spec.label if count == 1 else spec.plural}")
    what = ", ".join(parts) if parts else "no resources"
    return f"Valid: {what} ({_plural(len(manifest.sources), 'file')})."


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
