"""`!file PATH`: strings read from files, verbatim, located errors, the tree boundary."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.manifest.conftest import WriteFile, load, only_error
from vapictl.errors import Location
from vapictl.manifest.file_tag import TextFile
from vapictl.model import Kind

PROMPT = "You are {{name}}'s agent.\nPrices are in $ and ${NOT_A_VAR} stays.\r\nBye."

ASSISTANT = """
    assistants:
      support:
        firstMessage: !file prompts/first.txt
        model:
          provider: openai
          model: gpt-4o
          messages:
            - role: system
              content: !file prompts/support.md
    """


def _write_bytes(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_the_text_is_inserted_verbatim_and_its_source_recorded(
    write: WriteFile, tmp_path: Path
) -> None:
    manifest_file = write("manifests/assistants.yaml", ASSISTANT)
    _write_bytes(tmp_path / "manifests/prompts/support.md", PROMPT.encode())
    _write_bytes(tmp_path / "manifests/prompts/first.txt", b"Hi!")
    support = load(manifest_file.parent).resources[Kind.ASSISTANT]["support"]
    # no ${} expansion, no newline translation
    assert support.body["model"]["messages"][0]["content"] == PROMPT
    assert type(support.body["model"]["messages"][0]["content"]) is str
    assert support.body["firstMessage"] == "Hi!"
    assert support.text_files["model.messages[0].content"] == TextFile(
        "prompts/support.md",
        str(manifest_file.parent / "prompts/support.md"),
        Location(str(manifest_file), 9, 20),
    )
    assert set(support.text_files) == {"firstMessage", "model.messages[0].content"}


def test_a_changed_prompt_file_changes_the_digest(write: WriteFile, tmp_path: Path) -> None:
    manifest_file = write("assistants.yaml", ASSISTANT)
    prompt = _write_bytes(tmp_path / "prompts/support.md", PROMPT.encode())
    _write_bytes(tmp_path / "prompts/first.txt", b"Hi!")
    before = load(manifest_file).digest
    assert load(manifest_file).digest == before
    prompt.write_bytes(PROMPT.replace("Bye", "Goodbye").encode())
    assert load(manifest_file).digest != before


def test_overlays_may_share_prompt_files_at_the_root(write: WriteFile, tmp_path: Path) -> None:
    base = write(
        "base/assistants.yaml",
        """
        assistants:
          support: {firstMessage: Hello}
        """,
    )
    overlay = write(
        "overlays/prod/assistants.yaml",
        """
        assistants:
          support: {firstMessage: !file ../../prompts/first.md}
        """,
    )
    _write_bytes(tmp_path / "prompts/first.md", b"Hello from prod")
    support = load(base.parent, overlay.parent).resources[Kind.ASSISTANT]["support"]
    assert support.body["firstMessage"] == "Hello from prod"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("prompts/missing.md", "no such file"),
        ("/etc/passwd", "absolute paths are refused"),
        ("../outside.md", "leaves the manifests' directory tree"),
        ("prompts/binary.md", "not a UTF-8 text file"),
        ("prompts", "is a directory"),
        ("''", "expected a file path"),
    ],
)
def test_unreadable_paths_are_located_errors(
    write: WriteFile, tmp_path: Path, written: str, expected: str
) -> None:
    _write_bytes(tmp_path / "outside.md", b"secret")
    _write_bytes(tmp_path / "m/prompts/binary.md", b"\xff\xfe\x00")
    manifest_file = write(
        "m/assistants.yaml",
        f"""
        assistants:
          support:
            firstMessage: !file {written}
        """,
    )
    error = only_error(manifest_file)
    assert error.location == Location(str(manifest_file), 3, 19)
    assert expected in error.message
    assert error.message.startswith("!file: " if written == "''" else f"!file {written}: ")
    assert "secret" not in str(error)


def test_a_symlink_out_of_the_tree_is_refused(write: WriteFile, tmp_path: Path) -> None:
    _write_bytes(tmp_path / "outside.md", b"do not show")
    manifest_file = write("m/assistants.yaml", "assistants:\n  a: {firstMessage: !file link.md}\n")
    os.symlink(tmp_path / "outside.md", tmp_path / "m/link.md")
    assert "leaves the manifests' directory tree" in only_error(manifest_file).message


def test_the_tag_takes_a_scalar(write: WriteFile) -> None:
    manifest_file = write("a.yaml", "assistants:\n  a: {firstMessage: !file [a.md]}\n")
    assert "takes a file path" in only_error(manifest_file).message


def test_a_secret_from_a_file_is_still_a_literal(write: WriteFile, tmp_path: Path) -> None:
    _write_bytes(tmp_path / "secret.txt", b"a-long-literal-secret-value")
    manifest_file = write(
        "a.yaml",
        """
        assistants:
          a:
            server: {url: https://a.example.com, secret: !file secret.txt}
        """,
    )
    error = only_error(manifest_file)
    assert error.code == "literal-secret"
    assert "a-long-literal-secret-value" not in str(error)


def test_file_texts_pass_the_fast_schema_path(
    write: WriteFile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vapictl.manifest import schema_check

    monkeypatch.setattr(schema_check, "FAST_PATH_MIN_ENTRIES", 1)
    manifest_file = write("assistants.yaml", ASSISTANT)
    _write_bytes(tmp_path / "prompts/support.md", PROMPT.encode())
    _write_bytes(tmp_path / "prompts/first.txt", b"Hi!")
    support = load(manifest_file).resources[Kind.ASSISTANT]["support"]
    assert support.body["firstMessage"] == "Hi!"
