"""`-e NAME` -> base + overlays/NAME."""

from __future__ import annotations

from pathlib import Path

import pytest

from vapictl.errors import UsageError
from vapictl.manifest.environments import resolve_manifest_paths


def test_without_environment_paths_are_returned_as_given() -> None:
    assert resolve_manifest_paths([Path("a"), Path("b")], None) == [Path("a"), Path("b")]


def test_no_paths_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="no manifests: pass -f PATH"):
        resolve_manifest_paths([], None)


def test_environment_resolves_base_and_overlay(tmp_path: Path) -> None:
    (tmp_path / "base").mkdir()
    (tmp_path / "overlays" / "prod").mkdir(parents=True)
    (tmp_path / "overlays" / "staging").mkdir(parents=True)
    assert resolve_manifest_paths([tmp_path], "prod") == [
        tmp_path / "base",
        tmp_path / "overlays" / "prod",
    ]
    with pytest.raises(UsageError, match=r"unknown environment 'dev'.*known: prod, staging"):
        resolve_manifest_paths([tmp_path], "dev")


def test_environment_defaults_to_the_current_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "overlays" / "prod").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    assert resolve_manifest_paths([], "prod") == [Path("base"), Path("overlays/prod")]
