"""The compiled fast-path validator agrees with jsonschema on what is valid.

Large manifests are checked by fastjsonschema first and only explained by
jsonschema when invalid (schema_check.py); if the two disagreed, a big manifest
could pass with a mistake a small one would be told about.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from vapictl.manifest.schema import manifest_schema
from vapictl.manifest.schema_check import _is_valid_fast

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = sorted(
    [
        *(ROOT / "tests" / "manifest" / "fixtures").rglob("*.yaml"),
        *(ROOT / "examples").rglob("*.yaml"),
        *(ROOT / "tests" / "e2e" / "fixtures").rglob("*.yaml"),
    ]
)
_SLOW = Draft202012Validator(manifest_schema())


def _valid_slow(tree: Any) -> bool:
    return not any(True for _ in _SLOW.iter_errors(tree))


def _documents() -> list[tuple[str, Any]]:
    found = []
    for path in DOCUMENTS:
        if "/ci/" in str(path):
            continue
        try:
            tree = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError:
            continue  # syntax-error fixtures never reach the schema
        found.append((str(path.relative_to(ROOT)), tree))
    return found


@pytest.mark.parametrize(
    ("name", "tree"), _documents(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_fast_and_slow_validators_agree_on_every_fixture(name: str, tree: Any) -> None:
    assert _is_valid_fast(tree) == _valid_slow(tree), name


_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.text(max_size=8), st.floats(allow_nan=False)
)
_fields = st.sampled_from(
    [
        "name",
        "provider",
        "number",
        "type",
        "server",
        "url",
        "assistant",
        "squad",
        "members",
        "model",
        "tools",
        "function",
        "fallbackDestination",
        "prune",
        "maxDeletes",
        "protect",
        "id",
    ]
)
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(_fields, inner, max_size=4)
    ),
    max_leaves=12,
)
_sections = st.sampled_from(["org", "tools", "assistants", "squads", "phoneNumbers", "settings"])


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    st.dictionaries(
        _sections,
        st.dictionaries(st.text(min_size=1, max_size=6), _values, max_size=3) | _values,
        max_size=4,
    )
)
def test_fast_and_slow_validators_agree_on_random_documents(tree: dict[str, Any]) -> None:
    assert _is_valid_fast(tree) == _valid_slow(tree)


def test_a_large_manifest_still_gets_located_schema_errors(tmp_path: Path) -> None:
    from vapictl.errors import ManifestError
    from vapictl.manifest.load import load_manifests
    from vapictl.manifest.schema_check import FAST_PATH_MIN_ENTRIES

    lines = ["assistants:"]
    for i in range(FAST_PATH_MIN_ENTRIES + 50):
        lines.append(f"  bot-{i}:\n    firstMessage: hello {i}")
    lines.append("  broken:\n    maxDurationSeconds: soon")
    path = tmp_path / "big.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ManifestError) as caught:
        load_manifests([path], environ={})
    (error,) = caught.value.errors
    assert error.path == "assistants.broken.maxDurationSeconds"
    assert error.location is not None and error.location.line == len(lines) * 2 - 1
