"""Helpers for manifest tests: write YAML files, load them, inspect diagnostics."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from vapictl.errors import Diagnostic, ManifestError
from vapictl.manifest.load import load_manifests
from vapictl.manifest.types import Manifest

# Values for the variables the test manifests use; long enough not to be "weak".
TEST_ENV: dict[str, str] = {
    "ORG_WEBHOOK_SECRET": "test-org-secret-0001",
    "SUPPORT_SECRET": "test-support-secret-0002",
    "TOOLS_SECRET": "test-tools-secret-0003",
    "TWILIO_AUTH_TOKEN": "test-twilio-token-0004",
    "SIP_TRUNK_CREDENTIAL_ID": "00000000-0000-4000-8000-000000000001",
}

WriteFile = Callable[[str, str], Path]


@pytest.fixture
def write(tmp_path: Path) -> WriteFile:
    """`write("a.yaml", text)` -> the path of a file holding the dedented text."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return _write


def load(
    *paths: Path,
    variables: Mapping[str, str] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Manifest:
    return load_manifests(
        list(paths), variables=variables, environ=TEST_ENV if environ is None else environ
    )


def problems(*paths: Path, environ: Mapping[str, str] | None = None) -> list[Diagnostic]:
    """The diagnostics of manifests that must fail to load."""
    with pytest.raises(ManifestError) as caught:
        load(*paths, environ=environ)
    return caught.value.diagnostics


def only_error(*paths: Path, environ: Mapping[str, str] | None = None) -> Diagnostic:
    errors = [d for d in problems(*paths, environ=environ) if d.severity == "error"]
    assert len(errors) == 1, "\n".join(map(str, errors))
    return errors[0]
