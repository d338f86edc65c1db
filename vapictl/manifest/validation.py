"""All validation of a merged manifest: the JSON Schema, then the semantic rules."""

from __future__ import annotations

from vapictl.manifest.report import Report
from vapictl.manifest.tree import SecretValue
from vapictl.manifest.types import Resource
from vapictl.manifest.yaml_loader import LocatedDict
from vapictl.model import Kind


def validate_manifest(
    tree: LocatedDict | None,
    org: Resource | None,
    resources: dict[Kind, dict[str, Resource]],
    secrets: list[SecretValue],
    report: Report,
) -> None:
    """Report every problem of the manifest into `report`."""
