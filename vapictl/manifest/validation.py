"""All validation of a merged manifest: the JSON Schema first, then the rules
the schema cannot express, in Python, then every entry's API body against Vapi's own
request schema (one error per field: see Report)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from vapictl.manifest.canonical import build_settings
from vapictl.manifest.kind_rules import check_kind_rules
from vapictl.manifest.local_files import read_local_files
from vapictl.manifest.references import check_identities, check_references
from vapictl.manifest.report import Report
from vapictl.manifest.rules import check_entries, check_numbers, check_secrets
from vapictl.manifest.schema_check import check_schema
from vapictl.manifest.spec_check import check_spec
from vapictl.manifest.tree import SecretValue
from vapictl.manifest.types import Resource
from vapictl.model import Kind


def validate_manifest(
    tree: dict[str, Any] | None,
    org: Resource | None,
    resources: dict[Kind, dict[str, Resource]],
    secrets: list[SecretValue],
    report: Report,
    root: Path | None = None,
    *,
    finite_numbers: bool = False,
) -> None:
    """Report every problem of the manifest into `report`. `root` is the manifests'
    tree (file_tag_root): `files:` entries read their content from inside it.
    `finite_numbers`: the reader already refused .nan and .inf (fast_yaml.py), so
    that check is skipped."""
    check_secrets(secrets, report)
    if not finite_numbers:
        check_numbers(tree, report)
    check_schema(tree, report)
    check_entries(tree, report)
    check_references(resources, report)
    check_identities(resources, report)
    check_kind_rules(resources, report)
    read_local_files(resources, root or Path.cwd(), report)
    # Last: a field with an error above keeps that (more specific) one (Report).
    check_spec(tree, org, resources, build_settings(tree).allow_unknown_fields, report)
