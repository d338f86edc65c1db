"""The fast builder (manifest/yaml_build.py) builds exactly what PyYAML's
constructor builds: the same data, locations and diagnostics."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.manifest.yaml_strategies import documents
from vapictl.manifest.yaml_loader import LocatedDict, LocatedList, parse_yaml

ROOT = Path(__file__).resolve().parents[2]
YAML_FILES = sorted(
    p
    for folder in ("tests", "examples")
    for p in (ROOT / folder).rglob("*.y*ml")
    if p.suffix in (".yaml", ".yml") and ".venv" not in p.parts
)


def located(value: Any) -> Any:
    """The value with every location made visible, for an exact comparison."""
    if isinstance(value, LocatedDict):
        return (
            "map",
            value.location,
            [
                (k, value.key_locations.get(k), value.value_locations.get(k), located(v))
                for k, v in value.items()
            ],
        )
    if isinstance(value, LocatedList):
        return ("seq", value.location, list(value.item_locations), [located(v) for v in value])
    return (type(value).__name__, value)


def both(text: str, name: str = "m.yaml", root: Path | None = None) -> tuple[Any, Any]:
    fast = parse_yaml(text, name, root)
    slow = parse_yaml(text, name, root, fast=False)
    return (located(fast[0]), fast[1]), (located(slow[0]), slow[1])


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_manifest_in_the_repository_builds_the_same(path: Path) -> None:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        pytest.skip("not UTF-8 (a bad-input fixture)")
    fast, slow = both(text, str(path), path.parent)
    assert fast == slow


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\na: 2\na: 3\n",  # duplicates: last value, first location reported
        "base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n",  # merge key: full constructor
        "? [complex]\n: 1\n",
        "tagged: !!omap [{a: 1}]\n",
        "n: 0x1F\nf: 1.5e3\nb: yes\nt: 2024-01-01\nz: ~\ns: !!str 12\nbig: 12345678901234567890\n",
        "a: &x [1, 2]\nb: *x\nc: *x\n",
        "on: 1\n'off': 2\n3: three\n",
        "- !unknown tag\n",
    ],
)
def test_edge_cases_build_the_same(text: str) -> None:
    fast, slow = both(text)
    assert fast == slow


def test_depth_and_alias_limits_hold() -> None:
    deep = "a: " + "[" * 80 + "]" * 80 + "\n"
    data, diagnostics = parse_yaml(deep, "deep.yaml")
    assert data is None and "nested deeper than 64" in diagnostics[0].message
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for level in "bcdefg":
        previous = chr(ord(level) - 1)
        bomb += f"{level}: &{level} [" + ", ".join([f"*{previous}"] * 10) + "]\n"
    data, diagnostics = parse_yaml(bomb, "bomb.yaml")
    assert data is None and "excessive aliasing" in diagnostics[0].message


def test_recursive_alias_is_refused() -> None:
    data, diagnostics = parse_yaml("a: &a [*a]\n", "loop.yaml")
    assert data is None
    assert diagnostics and diagnostics[0].code == "yaml"


_documents = documents()


@settings(
    max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(document=_documents, flow=st.booleans())
def test_generated_documents_build_the_same(document: Any, flow: bool) -> None:
    text = yaml.safe_dump({"root": document}, default_flow_style=flow, allow_unicode=True)
    fast, slow = both(text)
    assert fast == slow
