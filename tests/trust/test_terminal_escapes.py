"""Control and bidi characters in keys and live names never reach the terminal raw
(issue 12, item 11)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.e2e.cli import vapictl
from vapictl.render.terminal import escape_controls

RLO = "\u202e"


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        (f"support{RLO}exe.txt", "support\\u202eexe.txt"),
        ("red\x1b[31m", "red\\u001b[31m"),
        ("over\rwrite", "over\\u000dwrite"),
        ("two\nlines\tkept", "two\nlines\tkept"),
        ("café ünïcode", "café ünïcode"),
    ],
)
def test_escape_controls(raw: str, shown: str) -> None:
    assert escape_controls(raw) == shown
    assert json.loads(f'"{escape_controls(raw)}"'.replace("\n", "\\n").replace("\t", "\\t")) == raw


@given(st.text(alphabet=st.characters(max_codepoint=0x7F)) | st.text())
def test_the_ascii_shortcut_escapes_what_the_regex_escapes(text: str) -> None:
    """Printable ASCII text skips the regex: the answer is the regex's all the same."""
    from vapictl.render import terminal

    by_regex = terminal._SUSPECT_RE.sub(terminal._escape, text)
    assert escape_controls(text) == by_regex
    assert escape_controls(f"{text}\x7f{text}") == f"{by_regex}\\u007f{by_regex}"


@pytest.mark.slow
def test_plan_lines_escape_keys_and_live_names(
    emulator: Any, api: httpx.Client, tmp_path: Path
) -> None:
    api.post("/assistant", json={"name": f"live{RLO}gpj.exe"}).raise_for_status()
    path = tmp_path / "m.yaml"
    path.write_text(f'assistants:\n  "sup{RLO}port":\n    firstMessage: "hi\\e[2J"\n', "utf-8")
    for command in (["plan", "--prune"], ["drift", "--prune"]):
        result = vapictl([*command, "-f", str(path)], emulator=emulator)
        assert result.exit_code in (0, 2), result.output
        assert RLO not in result.output and "\x1b" not in result.output
        assert "live\\u202egpj.exe" in result.output
    plan = vapictl(["plan", "--prune", "-f", str(path)], emulator=emulator)
    assert "sup\\u202eport" in plan.output
    as_json = vapictl(["plan", "--prune", "-o", "json", "-f", str(path)], emulator=emulator)
    assert RLO not in as_json.stdout
    names = {a["name"] for a in json.loads(as_json.stdout)["actions"]}
    assert f"live{RLO}gpj.exe" in names and f"sup{RLO}port" in names  # same value in JSON
