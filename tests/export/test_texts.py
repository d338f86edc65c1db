"""Export writes long texts to prompt files referenced by `!file` (issue 14)."""

from __future__ import annotations

from pathlib import Path

from tests.export.test_roundtrip import _live_with_real_secret_fingerprint, _plan_after_export
from vapictl.export import build_export, layout_files
from vapictl.export.texts import FileReference, extract_texts
from vapictl.model import Kind

PROMPT = "You are support.\nPrices look like $${price}.\r\nBe brief."
LONG_DESCRIPTION = "\n".join(f"Line {i}" for i in range(1, 6))


def test_multi_line_prompts_and_long_texts_move_to_files_named_by_key() -> None:
    sections = {
        "assistants": {
            "support": {
                "firstMessage": "Hi\nthere",  # short: stays inline
                "model": {
                    "messages": [
                        {"role": "system", "content": PROMPT},
                        {"role": "assistant", "content": "Hello,\nhow can I help?"},
                        {"role": "user", "content": "one line"},
                    ]
                },
            }
        },
        "tools": {"lookup": {"function": {"name": "lookup", "description": LONG_DESCRIPTION}}},
        "settings": {"prune": False},
    }
    moved, files = extract_texts(sections)
    messages = moved["assistants"]["support"]["model"]["messages"]
    assert messages[0]["content"] == FileReference("prompts/support.md")
    assert messages[1]["content"] == FileReference("prompts/support.model.messages-1.content.md")
    assert messages[2]["content"] == "one line"
    assert moved["assistants"]["support"]["firstMessage"] == "Hi\nthere"
    tool = moved["tools"]["lookup"]["function"]["description"]
    assert tool == FileReference("prompts/tool-lookup.function.description.md")
    # verbatim: the `$${` escape of YAML strings is undone, "\r\n" kept
    assert (
        files["prompts/support.md"] == "You are support.\nPrices look like ${price}.\r\nBe brief."
    )
    assert files["prompts/tool-lookup.function.description.md"] == LONG_DESCRIPTION
    assert moved["settings"] == {"prune": False}
    assert sections["assistants"]["support"]["model"]["messages"][0]["content"] == PROMPT


def test_names_stay_unique_even_ignoring_case() -> None:
    sections = {
        "assistants": {
            "a": {"x": LONG_DESCRIPTION, "X": LONG_DESCRIPTION},
        }
    }
    _, files = extract_texts(sections)
    assert sorted(files) == ["prompts/a.X.md", "prompts/a.x-2.md"] or sorted(files) == [
        "prompts/a.X-2.md",
        "prompts/a.x.md",
    ]


def test_export_writes_prompt_files_referenced_by_the_tag_and_round_trips(tmp_path: Path) -> None:
    live = _live_with_real_secret_fingerprint()
    files = layout_files(build_export(live).sections, directory=tmp_path)
    prompt = files[tmp_path / "prompts/support.md"]
    assert prompt == "You are Acme support.\nBe brief.\nPrices look like ${price}.\n"
    assert "content: !file prompts/support.md" in files[tmp_path / "assistants.yaml"]
    assert _plan_after_export(live, tmp_path) == []
    assert (tmp_path / "prompts/support.md").read_text() == prompt


def test_a_single_file_export_puts_prompts_beside_it(tmp_path: Path) -> None:
    live = _live_with_real_secret_fingerprint()
    files = layout_files(build_export(live, [Kind.ASSISTANT]).sections, file=tmp_path / "o.yaml")
    assert set(files) == {tmp_path / "o.yaml", tmp_path / "prompts/support.md"}
