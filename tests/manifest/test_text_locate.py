"""text_locate.locate_field answers exactly what the located loader records, or None:
for every field of every entry of the repository's manifests and of generated ones."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vapictl.manifest.fast_yaml import parse_plain
from vapictl.manifest.plain_load import entry_locations
from vapictl.manifest.text_locate import locate_field
from vapictl.manifest.tree import to_plain
from vapictl.manifest.yaml_loader import MAX_DEPTH, LocatedDict, parse_yaml

ROOT = Path(__file__).resolve().parents[2]
MANIFESTS = sorted(
    p
    for folder in ("examples", "tests")
    for p in (ROOT / folder).rglob("*.yaml")
    if ".venv" not in p.parts
)


def compare(text: str, name: str = "m.yaml") -> int:
    """Check every answer for every field of every entry; the number of answers."""
    data = parse_plain(text, MAX_DEPTH)
    sites = entry_locations(text, name, data) if data is not None else None
    if data is None or sites is None:
        return 0
    located, _ = parse_yaml(text, name, Path(name).parent)
    answered = 0
    for (section, key), (location, offset) in sites.items():
        entry = located[section] if section == "org" else located[section][key]
        if not isinstance(entry, LocatedDict):
            continue
        _, table = to_plain(entry)
        written = "org" if section == "org" else key
        for path, where in table.items():
            if "[" in path:
                continue
            found = locate_field(text, offset, location.column - 1, written, path.split("."))
            if found is not None:
                assert (location.line + found[0], found[1]) == (where.line, where.column), path
                answered += 1
    return answered


@pytest.mark.parametrize("path", MANIFESTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_repository_manifest_is_located_exactly(path: Path) -> None:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        pytest.skip("not UTF-8")
    compare(text, str(path))


def test_the_usual_layout_is_answered_without_the_located_loader() -> None:
    text = (
        "# tools\norg:\n  name: Acme\n  server:\n    url: https://a.example.com\n"
        "assistants:\n  support:\n    model:\n      provider: openai\n"
        "      messages:\n      - role: system\n        content: |\n          Be brief.\n"
        "          server:\n            url: not a key\n"
        "    # the server\n    server:\n      url:   'https://b.example.com'  # quoted\n"
        "    metadata: {team: a}\n    voice:\n\n      provider: 11labs\n"
        "  sales:\n    firstMessage: Hi\n"
    )
    assert compare(text) >= 9


_keys = st.sampled_from(["a", "b", "url", "server", "model", "x-y", "on"])
_values: st.SearchStrategy[Any] = st.recursive(
    st.one_of(st.integers(), st.text(max_size=12), st.none(), st.booleans()),
    lambda children: st.one_of(
        st.dictionaries(_keys, children, max_size=4), st.lists(children, max_size=3)
    ),
    max_leaves=12,
)


@settings(
    max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(
    entries=st.dictionaries(
        st.sampled_from(["e1", "e2", "e-3"]), st.dictionaries(_keys, _values), min_size=1
    ),
    flow=st.sampled_from([False, None]),
    indent=st.sampled_from([2, 4]),
)
def test_generated_manifests_are_located_exactly(
    entries: dict[str, Any], flow: bool | None, indent: int
) -> None:
    text = yaml.safe_dump(
        {"assistants": entries, "org": {"server": {"url": "u"}}},
        default_flow_style=flow,
        indent=indent,
        allow_unicode=True,
    )
    compare(text)
