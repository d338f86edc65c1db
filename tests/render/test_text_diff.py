"""Line diffs of multi-line texts and the changed region of long lines (issue 14)."""

from __future__ import annotations

import difflib

from vapictl.engine.diff import ABSENT
from vapictl.render.text_diff import (
    DiffLine,
    LineKind,
    is_multiline_change,
    line_diff,
    shown_pair,
)

PROMPT = "\n".join(f"Rule {i}." for i in range(1, 41)) + "\n"


def _unified(lines: list[DiffLine]) -> list[str]:
    markers = {"hunk": "", "context": " ", "removed": "-", "added": "+", "note": ""}
    return [markers[line.kind] + line.text for line in lines]


def test_one_edited_line_shows_three_lines_of_context_and_nothing_distant() -> None:
    edited = PROMPT.replace("Rule 20.", "Rule 20, edited.")
    assert _unified(line_diff(PROMPT, edited)) == [
        "@@ -17,7 +17,7 @@",
        " Rule 17.",
        " Rule 18.",
        " Rule 19.",
        "-Rule 20.",
        "+Rule 20, edited.",
        " Rule 21.",
        " Rule 22.",
        " Rule 23.",
    ]


def test_hunks_and_ranges_match_diff_u() -> None:
    old = PROMPT
    new = PROMPT.replace("Rule 2.\n", "").replace("Rule 30.", "Rule thirty.") + "Rule 41."
    expected = [
        line.rstrip("\n")
        for line in difflib.unified_diff(
            old.splitlines(keepends=True), new.splitlines(keepends=True), n=3
        )
    ][2:]  # without the ---/+++ file header
    shown = [line for line in _unified(line_diff(old, new)) if not line.startswith("\\")]
    assert shown == expected


def test_a_missing_final_newline_is_noted_only_when_it_is_the_difference() -> None:
    lines = line_diff("a\nb\n", "a\nb")
    assert lines[-2:] == [
        DiffLine(LineKind.ADDED, "b"),
        DiffLine(LineKind.NOTE, "\\ No newline at end of file"),
    ]
    assert all(line.kind is not LineKind.NOTE for line in line_diff("a\nb", "a\nc"))


def test_equal_texts_have_no_diff_and_crlf_changes_are_visible() -> None:
    assert line_diff(PROMPT, PROMPT) == []
    crlf = line_diff("a\nb\n", "a\r\nb\n")
    assert DiffLine(LineKind.ADDED, "a\\u000d") in crlf
    # terminal escapes and bidi overrides from a live value cannot act on the terminal
    assert line_diff("x\n", "red \x1b[31m\tx\u202e\n")[-1].text == "red \\u001b[31m\tx\\u202e"


def test_only_strings_with_several_lines_are_line_diffed() -> None:
    assert is_multiline_change("a\nb", "a")
    assert not is_multiline_change("a", "b")
    assert not is_multiline_change(ABSENT, "a\nb")
    assert not is_multiline_change(["a\nb"], "a\nb")


def test_a_long_line_shows_the_region_that_changed_with_context() -> None:
    head, tail = "x" * 300, "y" * 300
    old, new = shown_pair(f"{head} open 9 to 5 {tail}", f"{head} open 8 to 6 {tail}")
    assert old == '…"' + "x" * 24 + " open 9 to 5 " + "y" * 29 + '"…'
    assert new == '…"' + "x" * 24 + " open 8 to 6 " + "y" * 29 + '"…'


def test_a_change_near_the_start_keeps_the_start_and_short_values_show_whole() -> None:
    old, new = shown_pair("A" + "z" * 400, "B" + "z" * 400)
    assert old.startswith('"A') and old.endswith('"…')
    assert new.startswith('"B')
    assert shown_pair("a", 1) == ('"a"', "1")
    assert shown_pair(ABSENT, "b") == ("(unset)", '"b"')


def test_a_long_changed_region_is_cut_and_counted() -> None:
    old, new = shown_pair("a" * 500, "b" * 500)
    assert old == '"' + "a" * 160 + '"… (+340 chars)'
    assert new == '"' + "b" * 160 + '"… (+340 chars)'
