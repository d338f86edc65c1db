"""Targeted YAML edits (vapictl/pull/yaml_edit.py): only the value's bytes change."""

from __future__ import annotations

import difflib

import pytest
import yaml

from vapictl.pull.yaml_edit import EditError, insert_value, rename_value, replace_value

DOCUMENT = """\
# header comment
assistants:
  support:
    firstMessage: Hi there   # trailing comment
    name: 'quoted'
    other: "double"
    model:
      temperature: 0.3
      messages:
        - role: system
          content: |
            Line one.
            Line two.

      tools: [a, b]
    voice: {provider: 11labs, voiceId: burt}
"""


def _diff(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="")
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (
            ("firstMessage",),
            "Hello",
            [
                "-    firstMessage: Hi there   # trailing comment",
                "+    firstMessage: Hello   # trailing comment",
            ],
        ),
        (
            ("firstMessage",),
            "a: b # c",
            [
                "-    firstMessage: Hi there   # trailing comment",
                "+    firstMessage: 'a: b # c'   # trailing comment",
            ],
        ),
        (("name",), "it's", ["-    name: 'quoted'", "+    name: 'it''s'"]),
        (("other",), 'say "hi"', ['-    other: "double"', '+    other: "say \\"hi\\""']),
        (("model", "temperature"), 0.7, ["-      temperature: 0.3", "+      temperature: 0.7"]),
        (("model", "tools"), ["c"], ["-      tools: [a, b]", "+      tools: [c]"]),
        (
            ("voice", "voiceId"),
            "x, y",
            [
                "-    voice: {provider: 11labs, voiceId: burt}",
                "+    voice: {provider: 11labs, voiceId: 'x, y'}",
            ],
        ),
        (
            ("model", "messages", 0, "content"),
            "New.\n",
            ["-            Line one.", "-            Line two.", "+            New."],
        ),
    ],
)
def test_replace_changes_only_the_value(
    path: tuple[str | int, ...], value: object, expected: list[str]
) -> None:
    after = replace_value(DOCUMENT, ("assistants", "support", *path), value)
    assert _diff(DOCUMENT, after) == expected
    loaded = yaml.safe_load(after)["assistants"]["support"]
    for part in path:
        loaded = loaded[part]
    assert loaded == value


def test_a_block_scalar_keeps_its_style_and_the_blank_line_after_it() -> None:
    after = replace_value(
        DOCUMENT, ("assistants", "support", "model", "messages", 0, "content"), "A\nB"
    )
    assert "          content: |-\n            A\n            B\n\n      tools" in after


def test_a_multi_line_value_for_a_plain_scalar_becomes_a_literal_block() -> None:
    after = replace_value(DOCUMENT, ("assistants", "support", "other"), "one\ntwo\n")
    assert "    other: |\n      one\n      two\n    model:" in after


def test_crlf_line_endings_are_kept() -> None:
    text = "a:\r\n  b: 1\r\n  c: 2\r\n"
    assert replace_value(text, ("a", "b"), 5) == "a:\r\n  b: 5\r\n  c: 2\r\n"


def test_insert_adds_lines_after_the_deepest_existing_mapping() -> None:
    after = insert_value(DOCUMENT, ("assistants", "support", "model", "maxTokens"), 100)
    assert _diff(DOCUMENT, after) == ["+      maxTokens: 100"]
    assert yaml.safe_load(after)["assistants"]["support"]["model"]["maxTokens"] == 100


def test_insert_into_a_flow_mapping_and_into_an_empty_file() -> None:
    after = insert_value(DOCUMENT, ("assistants", "support", "voice", "speed"), 1.1)
    assert "    voice: {provider: 11labs, voiceId: burt, speed: 1.1}" in after
    assert insert_value("", ("assistants", "x", "firstMessage"), "hi") == (
        "assistants:\n  x:\n    firstMessage: hi\n"
    )


def test_insert_refuses_a_path_through_a_list_or_a_scalar() -> None:
    with pytest.raises(EditError):
        insert_value(DOCUMENT, ("assistants", "support", "model", "messages", 1, "role"), "x")
    with pytest.raises(EditError, match="not a mapping"):
        insert_value(DOCUMENT, ("assistants", "support", "firstMessage", "x"), "y")


def test_rename_writes_a_raw_id_under_the_api_field() -> None:
    after = rename_value(DOCUMENT, ("assistants", "support", "model", "tools"), "toolIds", ["id-1"])
    assert _diff(DOCUMENT, after) == ["-      tools: [a, b]", "+      toolIds: [id-1]"]


def test_a_missing_path_is_an_error() -> None:
    with pytest.raises(EditError, match="not written at this path"):
        replace_value(DOCUMENT, ("assistants", "nobody", "firstMessage"), "x")
