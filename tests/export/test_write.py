"""YAML output: any text the API returns comes back unchanged through the manifest loader."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from vapictl.export.write import dump_yaml, layout_files, order_fields, schema_reference
from vapictl.manifest.yaml_loader import parse_yaml

# Text that trips YAML writers: YAML 1.1 booleans and numbers, comment and
# indicator characters, leading/trailing spaces, line breaks, tabs, unicode.
_TRICKY = st.sampled_from(
    [
        *("yes", "No", "on", "null", "~", "0123", "1e3", "+14155551234", "- item", "a: b", "#x"),
        *("", " lead", "trail ", "a\rb", "a\r\nb", "l1\n  l2 \n", "\x85", "a\u2028b\nc"),
        *("\ufeffbom", "tab\there\n", "${VAR}", "\n", "\n\n"),
    ]
)
_TEXT = st.one_of(_TRICKY, st.text(st.characters(blacklist_categories=("Cs",)), max_size=40))


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(_TEXT, st.one_of(_TEXT, st.lists(_TEXT, max_size=3)), max_size=4))
def test_any_text_survives_a_dump_and_the_manifest_loader(data: dict[str, Any]) -> None:
    document = {"assistants": {"a": {"metadata": data}}}
    loaded, diagnostics = parse_yaml(dump_yaml(document), "x.yaml")
    assert not diagnostics
    assert _plain(loaded) == document


def test_multi_line_text_is_a_literal_block() -> None:
    text = dump_yaml({"a": {"prompt": "line one\nline two\n"}})
    assert "prompt: |\n    line one\n    line two\n" in text


def test_fields_are_ordered_name_type_provider_first_then_alphabetically() -> None:
    ordered = order_fields({"url": 1, "provider": "x", "b": {"z": 1, "name": 2}, "name": "n"})
    assert list(ordered) == ["name", "provider", "b", "url"]
    assert list(ordered["b"]) == ["name", "z"]


def test_one_file_per_non_empty_section_with_schema_header(tmp_path: Path) -> None:
    files = layout_files(
        {"org": {"name": "x"}, "tools": {}, "assistants": {"a": {}}}, directory=tmp_path
    )
    assert sorted(path.name for path in files) == ["assistants.yaml", "org.yaml"]
    for text in files.values():
        first, second = text.splitlines()[:2]
        assert first.startswith("# yaml-language-server: $schema=")
        assert "vapictl export" in second


def test_schema_reference_is_relative_to_a_repository_schema(tmp_path: Path) -> None:
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "vapictl.schema.json").write_text("{}")
    assert schema_reference(tmp_path / "manifests" / "base") == "../../schemas/vapictl.schema.json"


def test_schema_reference_found_at_an_init_style_root(tmp_path: Path) -> None:
    (tmp_path / "vapictl.schema.json").write_text("{}")
    assert schema_reference(tmp_path / "base") == "../vapictl.schema.json"


def test_schema_reference_without_a_schema_does_not_depend_on_the_location(
    tmp_path: Path,
) -> None:
    shallow, deep = tmp_path / "a", tmp_path / "b" / "c" / "d"
    assert schema_reference(shallow) == schema_reference(deep) == "vapictl.schema.json"
