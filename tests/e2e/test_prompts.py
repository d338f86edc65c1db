"""Prompt files and line diffs end to end: the real CLI against the emulator (issue 14)."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.cli import vapictl

pytestmark = pytest.mark.slow

RULES = [f"{i}. Rule number {i} of the Acme support policy." for i in range(1, 41)]
PROMPT = "\n".join(RULES) + "\n"
EDITED = PROMPT.replace("20. Rule number 20 of", "20. Never promise refunds, per")

MANIFEST = """
    assistants:
      support:
        firstMessage: Hi, this is Acme support.
        model:
          provider: openai
          model: gpt-4o
          messages:
            - role: system
              content: !file prompts/support.md
    """


def _write(directory: Path, prompt: str, manifest: str = MANIFEST) -> None:
    (directory / "prompts").mkdir(parents=True, exist_ok=True)
    (directory / "prompts/support.md").write_text(prompt, encoding="utf-8")
    (directory / "assistants.yaml").write_text(textwrap.dedent(manifest), encoding="utf-8")


def _apply(emulator: Any, directory: Path) -> None:
    applied = vapictl(["apply", "-f", str(directory), "--auto-approve"], emulator=emulator)
    assert applied.exit_code == 0, applied.output


def _assert_one_line_diff(rendered: str, *, gutter: bool) -> None:
    pad = " " * 10
    removed, added = "-20. Rule number 20 of", "+20. Never promise refunds, per"
    if gutter:  # Markdown: the sign in column 0, where a ```diff block colours it
        removed, added = f"\n-{pad}{removed[1:]}", f"\n+{pad}{added[1:]}"
    assert removed in rendered and added in rendered, rendered
    assert "model.messages[0].content:" in rendered
    assert "@@ -17,7 +17,7 @@" in rendered
    assert "17. Rule number 17" in rendered and "23. Rule number 23" in rendered
    for distant in ("1. Rule number 1 ", "16. Rule", "24. Rule", "40. Rule"):
        assert distant not in rendered, distant


def test_a_one_line_edit_of_a_prompt_file_plans_as_that_line(emulator: Any, tmp_path: Path) -> None:
    _write(tmp_path, PROMPT)
    _apply(emulator, tmp_path)
    (tmp_path / "prompts/support.md").write_text(EDITED, encoding="utf-8")

    text = vapictl(["plan", "-f", str(tmp_path)], emulator=emulator)
    assert text.exit_code == 0, text.output
    _assert_one_line_diff(text.stdout, gutter=False)
    markdown = vapictl(["plan", "-f", str(tmp_path), "--output", "markdown"], emulator=emulator)
    _assert_one_line_diff(markdown.stdout, gutter=True)
    drift = vapictl(["drift", "-f", str(tmp_path)], emulator=emulator)
    assert drift.exit_code == 2
    assert "    -20. Rule number 20 of" in drift.stdout
    assert "    +20. Never promise refunds, per" in drift.stdout

    _apply(emulator, tmp_path)
    again = vapictl(["plan", "-f", str(tmp_path), "--detailed-exitcode"], emulator=emulator)
    assert again.exit_code == 0, again.output


def test_the_same_for_an_inline_block_scalar_prompt(emulator: Any, tmp_path: Path) -> None:
    def manifest(prompt: str) -> str:
        block = textwrap.indent(prompt, " " * 16)
        return MANIFEST.replace("!file prompts/support.md", "|\n" + block)

    _write(tmp_path, "", manifest(PROMPT))
    _apply(emulator, tmp_path)
    _write(tmp_path, "", manifest(EDITED))
    text = vapictl(["plan", "-f", str(tmp_path)], emulator=emulator)
    _assert_one_line_diff(text.stdout, gutter=False)
    markdown = vapictl(["plan", "-f", str(tmp_path), "--output", "markdown"], emulator=emulator)
    _assert_one_line_diff(markdown.stdout, gutter=True)


def test_a_saved_plan_goes_stale_when_its_prompt_file_changes(
    emulator: Any, tmp_path: Path
) -> None:
    _write(tmp_path, PROMPT)
    _apply(emulator, tmp_path)
    (tmp_path / "prompts/support.md").write_text(EDITED, encoding="utf-8")
    plan_file = tmp_path / "plan.vapiplan"
    made = vapictl(["plan", "-f", str(tmp_path), "--out", str(plan_file)], emulator=emulator)
    assert made.exit_code == 0, made.output

    (tmp_path / "prompts/support.md").write_text(EDITED + "41. One more rule.\n", "utf-8")
    stale = vapictl(["apply", str(plan_file)], emulator=emulator)
    assert stale.exit_code == 1
    assert "stale" in stale.stderr and "manifests" in stale.stderr
    unchanged = vapictl(["plan", "-f", str(tmp_path)], emulator=emulator)
    assert "+41. One more rule." in unchanged.stdout  # nothing was applied


def test_export_writes_prompt_files_and_round_trips(emulator: Any, tmp_path: Path) -> None:
    source = tmp_path / "source"
    _write(source, PROMPT)
    _apply(emulator, source)

    exported = tmp_path / "exported"
    result = vapictl(["export", "--dir", str(exported)], emulator=emulator)
    assert result.exit_code == 0, result.output
    assert (exported / "prompts/support.md").read_text(encoding="utf-8") == PROMPT
    assert "content: !file prompts/support.md" in (exported / "assistants.yaml").read_text()
    plan = vapictl(["plan", "-f", str(exported), "--detailed-exitcode"], emulator=emulator)
    assert plan.exit_code == 0, plan.output


def test_a_prompt_file_outside_the_manifests_is_a_located_error(tmp_path: Path) -> None:
    manifests = tmp_path / "manifests"
    manifests.mkdir()
    (tmp_path / "secret.md").write_text("do not print me", encoding="utf-8")
    (manifests / "a.yaml").write_text(
        "assistants:\n  support:\n    firstMessage: !file ../secret.md\n", encoding="utf-8"
    )
    result = vapictl(["validate", "-f", str(manifests)])
    assert result.exit_code == 1
    assert f"{manifests / 'a.yaml'}:3:19" in result.output
    assert "!file ../secret.md: the path leaves the manifests' directory tree" in result.output
    assert "do not print me" not in result.output
