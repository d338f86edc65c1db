"""`load_manifests`: files -> parsed -> merged -> expanded -> validated -> Manifest.

Every problem is collected and raised at once as one `ManifestError`
(octoDNS-style: validate everything, report everything); warnings ride along
in `Manifest.warnings`.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import Any

from vapictl.errors import Location, ManifestError
from vapictl.gc_pause import collector_paused
from vapictl.manifest.canonical import build_resources, build_settings
from vapictl.manifest.file_tag import file_tag_root
from vapictl.manifest.located import LocatedDict
from vapictl.manifest.plain_load import load_plain
from vapictl.manifest.report import Report
from vapictl.manifest.tree import SecretValue, expand_tree, merge_documents
from vapictl.manifest.types import Manifest
from vapictl.manifest.validation import validate_manifest
from vapictl.manifest.variable_policy import (
    VariableUse,
    check_variable_policy,
    public_variables_of,
)
from vapictl.manifest.variables import make_lookup

MANIFEST_SUFFIXES = (".yaml", ".yml")


def discover_files(paths: Sequence[Path], report: Report) -> list[Path]:
    """Files in merge order. A directory contributes its `*.yaml`/`*.yml` files
    sorted by name, non-recursively (nested dirs are for -e overlays), no dotfiles."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            _report_broken_links(path, report)
            found = sorted(
                child
                for child in path.iterdir()
                if child.is_file()
                and child.suffix in MANIFEST_SUFFIXES
                and not child.name.startswith(".")
            )
            if not found:
                report.warning("directory has no *.yaml or *.yml files", Location(str(path)))
            _warn_about_subdirectories(path, report)
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            report.error("no such file or directory", Location(str(path)), code="missing-file")
    return files


def _report_broken_links(directory: Path, report: Report) -> None:
    """A dangling `*.yaml` symlink is a file that should be there and is not: skipping it
    would silently drop what it declares (and, with prune, delete that from the org)."""
    for child in sorted(directory.iterdir()):
        dangling = child.is_symlink() and not child.exists()
        if dangling and child.suffix in MANIFEST_SUFFIXES and not child.name.startswith("."):
            report.error(
                f"broken symbolic link: {child.name} points to {os.readlink(child)}, which "
                "does not exist (fix or remove the link)",
                Location(str(child)),
                code="missing-file",
            )


def _warn_about_subdirectories(directory: Path, report: Report) -> None:
    """Nested manifests are not read; say so rather than silently skip them."""
    for child in sorted(directory.iterdir()):
        if not child.is_dir() or child.name.startswith("."):
            continue
        if any(child.glob("*.yaml")) or any(child.glob("*.yml")) or child.name == "overlays":
            report.warning(
                f"subdirectory '{child.name}/' is not read: directories are read "
                "non-recursively (pass it with another -f, or use -e NAME for overlays)",
                Location(str(child)),
                code="nested-directory",
            )


def load_manifests(
    paths: Sequence[Path],
    variables: Mapping[str, str] | None = None,
    environ: Mapping[str, str] | None = None,
    api_keys: Collection[str] = (),
) -> Manifest:
    """Load, merge and validate manifests; raise ManifestError with every error.
    `api_keys`: API key values no variable may hold (see variable_policy)."""
    with collector_paused():  # many small containers, no cycles (gc_pause.py)
        return _load_manifests(paths, variables, environ, api_keys)


def _load_manifests(
    paths: Sequence[Path],
    variables: Mapping[str, str] | None,
    environ: Mapping[str, str] | None,
    api_keys: Collection[str],
) -> Manifest:
    report = Report()
    files = discover_files(paths, report)
    if not report.diagnostics:
        manifest = load_plain(paths, files, variables, environ, api_keys)
        if manifest is not None:
            return manifest
    # Something to report (or a file outside the fast reader's subset): the located
    # loader, which cites file:line:col for every error and warning.
    from vapictl.manifest.yaml_loader import load_yaml_file  # PyYAML: only on this path

    documents: list[Any] = []
    root = file_tag_root(paths)
    for file in files:
        data, diagnostics = load_yaml_file(file, root)
        for diagnostic in diagnostics:
            report.add(diagnostic)
        if data is None:
            continue  # empty file (or a syntax error, already reported)
        if not isinstance(data, LocatedDict):
            report.error(
                "expected a mapping of sections (org, tools, assistants, squads, "
                f"phoneNumbers, settings) at the top level, found {_kind_of(data)}",
                getattr(data, "location", Location(str(file), 1, 1)),
                code="top-level",
            )
            continue
        documents.append(data)
    if not files and not report.has_errors:
        report.error("no manifest files found", None, code="missing-file")

    secrets: list[SecretValue] = []
    uses: list[VariableUse] = []
    merged = merge_documents(documents)
    lookup = make_lookup(variables, environ)
    tree = expand_tree(merged, lookup, report, secrets, uses)
    check_variable_policy(uses, lookup, public_variables_of(tree), api_keys, report)
    org, resources = build_resources(tree)
    validate_manifest(tree, org, resources, secrets, report, root)

    sources = tuple(str(f) for f in files)
    ordered = report.sorted(sources)
    if report.has_errors:
        raise ManifestError(diagnostics=ordered)
    warnings = tuple(d for d in ordered if d.severity == "warning")
    return Manifest(org, resources, build_settings(tree), sources, warnings)


def _kind_of(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a plain string"
    return f"a {type(value).__name__} value"
