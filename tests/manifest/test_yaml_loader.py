"""The location-stamping loader: locations, duplicate keys, syntax errors, YAML 1.1 traps."""

from __future__ import annotations

from vapictl.errors import Location
from vapictl.manifest.yaml_loader import LocatedDict, LocatedList, parse_yaml


def test_every_key_value_and_item_has_its_location() -> None:
    data, diagnostics = parse_yaml("a:\n  b: 1\n  c: [x, {d: 2}]\n", "f.yaml")
    assert diagnostics == []
    assert isinstance(data, LocatedDict)
    assert data.key_locations["a"] == Location("f.yaml", 1, 1)
    inner = data["a"]
    assert inner.key_locations["b"] == Location("f.yaml", 2, 3)
    assert inner.value_locations["b"] == Location("f.yaml", 2, 6)
    items = inner["c"]
    assert isinstance(items, LocatedList)
    assert items.item_locations == [Location("f.yaml", 3, 7), Location("f.yaml", 3, 10)]


def test_duplicate_key_is_reported_at_the_second_occurrence_naming_the_first() -> None:
    _, diagnostics = parse_yaml("tools:\n  a: {type: function}\n  a: {type: endCall}\n", "f.yaml")
    assert len(diagnostics) == 1
    assert diagnostics[0].location == Location("f.yaml", 3, 3)
    assert "duplicate key 'a' (first defined at line 2)" in diagnostics[0].message


def test_merge_keys_are_not_duplicates_and_explicit_keys_win() -> None:
    text = "base: &b {x: 1, y: 2}\nthing:\n  <<: *b\n  y: 3\n"
    data, diagnostics = parse_yaml(text, "f.yaml")
    assert diagnostics == []
    assert data["thing"] == {"x": 1, "y": 3}


def test_syntax_error_has_line_column_and_problem() -> None:
    data, diagnostics = parse_yaml("a:\n  b: 1\n   c: 2\n", "f.yaml")
    assert data is None
    assert diagnostics[0].location == Location("f.yaml", 3, 5)
    assert "invalid YAML: mapping values are not allowed" in diagnostics[0].message


def test_empty_file_is_fine() -> None:
    assert parse_yaml("# only a comment\n", "f.yaml") == (None, [])


def test_keys_stay_as_written_and_dates_stay_strings() -> None:
    # YAML 1.1 reads `on` as true; phone-number hooks use `on:` as a key.
    data, _ = parse_yaml("on: call.ringing\nyes: 1\nwhen: 2024-01-02\n", "f.yaml")
    assert list(data) == ["on", "yes", "when"]
    assert data["when"] == "2024-01-02"


def test_huge_integer_is_a_located_error_not_a_crash() -> None:
    data, diagnostics = parse_yaml("a:\n  b: " + "9" * 5000 + "\n", "f.yaml")
    assert data is None
    assert diagnostics[0].location == Location("f.yaml", 2, 6)
    assert "number too large" in diagnostics[0].message


def test_deep_nesting_is_refused() -> None:
    data, diagnostics = parse_yaml("a: " + "[" * 100 + "]" * 100 + "\n", "f.yaml")
    assert data is None
    assert "nested deeper than 64 levels" in diagnostics[0].message


def test_alias_bomb_is_refused_with_the_anchor_location() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for previous, name in zip("abcd", "bcde", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    data, diagnostics = parse_yaml("\n".join(lines) + "\nf: [*e]\n", "f.yaml")
    assert data is None
    assert diagnostics[0].message.startswith("excessive aliasing")
    assert diagnostics[0].location is not None and diagnostics[0].location.line == 5


def test_ordinary_anchor_reuse_is_fine() -> None:
    text = "x-voice: &v {provider: 11labs, voiceId: burt}\n" + "".join(
        f"a{i}: {{voice: *v}}\n" for i in range(500)
    )
    assert parse_yaml(text, "f.yaml")[1] == []


def test_recursive_alias_is_an_error() -> None:
    data, diagnostics = parse_yaml("a: &a [1, *a]\n", "f.yaml")
    assert data is None
    assert "recursive" in diagnostics[0].message
