"""Package metadata matches the code: every third-party import is a declared
dependency and every dependency is imported; the license is an SPDX string with its
file; package-data names only files that exist."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
PROJECT = PYPROJECT["project"]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _imported_top_levels() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "vapictl").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names) - {"vapictl", "__future__"}


def test_dependencies_are_exactly_what_the_code_imports() -> None:
    distributions = packages_distributions()
    imported = {
        _name(dist) for top in _imported_top_levels() for dist in distributions.get(top, [top])
    }
    declared = {_name(r) for r in PROJECT["dependencies"]}
    assert imported - declared == set(), "imported but not declared"
    assert declared - imported == set(), "declared but never imported"


def test_license_is_an_spdx_string_with_its_file() -> None:
    assert PROJECT["license"] == "MIT"
    for name in PROJECT["license-files"]:
        assert "Permission is hereby granted" in (ROOT / name).read_text()
    assert any(
        c.startswith("Programming Language :: Python :: 3.11") for c in PROJECT["classifiers"]
    )
    assert {"Homepage", "Source", "Issues"} <= set(PROJECT["urls"])


def test_package_data_names_only_files_that_exist() -> None:
    for package, patterns in PYPROJECT["tool"]["setuptools"]["package-data"].items():
        for pattern in patterns:
            assert list((ROOT / package).glob(pattern)), f"{package}/{pattern} matches nothing"
