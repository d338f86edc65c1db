"""The shipped schema data: generated from the spec, current, compact, packaged."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from vapictl.apischema import has_schema, spec_data
from vapictl.model import SPECS

REPO = Path(__file__).resolve().parents[2]
SPEC = REPO.parent / "shared" / "vapi" / "openapi-current.json"
DATA = REPO / "vapictl" / "apischema" / "data" / "requests.json.gz"
# Every kind in the registry (the one list of kinds) but uploads, created as multipart.
KIND_PATHS = tuple(sorted({spec.api_path for spec in SPECS.values() if not spec.upload}))


@pytest.mark.skipif(not SPEC.exists(), reason=f"the spec is not beside the repository ({SPEC})")
def test_shipped_data_is_current_with_the_spec() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "gen_apischema.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_every_kind_has_create_and_update_schemas() -> None:
    for api_path in KIND_PATHS:
        assert has_schema(api_path, "create"), api_path
        assert has_schema(api_path, "update"), api_path
    # Files are uploaded as multipart: no JSON body to check on create.
    assert not has_schema("/file", "create")
    assert has_schema("/file", "update")
    assert not has_schema("/no-such-kind", "create")


def test_data_is_stamped_and_compact() -> None:
    data = spec_data()
    assert "0494c2f" in data.source
    assert len(data.sha256) == 64
    assert DATA.stat().st_size < 64_000  # gzip; the spec itself is 1.7 MB


def test_data_ships_as_package_data() -> None:
    pyproject = (REPO / "pyproject.toml").read_text()
    assert '"apischema/data/*.json.gz"' in pyproject
