"""Paths and files: broken links, -e names, symlinks on write, private local state
(issue 12, item 11)."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.cli import vapictl

ONE_ASSISTANT = "assistants:\n  support:\n    firstMessage: Hi\n"


def test_a_broken_symlink_in_a_directory_is_an_error_not_a_skip(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(ONE_ASSISTANT, encoding="utf-8")
    (tmp_path / "tools.yaml").symlink_to(tmp_path / "moved-away.yaml")
    result = vapictl(["validate", "-f", str(tmp_path)])
    assert result.exit_code == 1, result.output
    assert f"{tmp_path / 'tools.yaml'}" in result.output
    assert "broken symbolic link" in result.output


@pytest.mark.parametrize("name", ["../x", "..", "a/b", "/etc", "", "."])
def test_an_environment_is_a_plain_name_inside_overlays(name: str, tmp_path: Path) -> None:
    (tmp_path / "base").mkdir()
    (tmp_path / "base" / "a.yaml").write_text(ONE_ASSISTANT, encoding="utf-8")
    (tmp_path / "overlays" / "prod").mkdir(parents=True)
    (tmp_path / "x").mkdir()  # what `-e ../x` would reach
    (tmp_path / "x" / "evil.yaml").write_text("assistants: {evil: {}}\n", encoding="utf-8")
    result = vapictl(["validate", "-f", str(tmp_path), "-e", name])
    assert result.exit_code == 1, result.output
    assert "plain directory name" in result.output


def test_an_ordinary_environment_name_still_works(tmp_path: Path) -> None:
    (tmp_path / "base").mkdir()
    (tmp_path / "base" / "a.yaml").write_text(ONE_ASSISTANT, encoding="utf-8")
    (tmp_path / "overlays" / "prod-eu.1").mkdir(parents=True)
    assert vapictl(["validate", "-f", str(tmp_path), "-e", "prod-eu.1"]).exit_code == 0


@pytest.mark.slow
def test_export_force_replaces_a_link_and_never_writes_through_it(
    emulator: Any, api: httpx.Client, tmp_path: Path
) -> None:
    api.post("/assistant", json={"name": "support", "firstMessage": "Hi"}).raise_for_status()
    outside = tmp_path / "outside.txt"
    outside.write_text("precious\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "assistants.yaml").symlink_to(outside)
    (out / "tools.yaml").symlink_to(tmp_path / "dangling-target.yaml")

    refused = vapictl(["export", "--dir", str(out)], emulator=emulator)
    assert refused.exit_code == 1 and "Refusing to overwrite" in refused.output
    assert str(out / "tools.yaml") in refused.output  # a dangling link counts as occupied

    result = vapictl(["export", "--dir", str(out), "--force"], emulator=emulator)
    assert result.exit_code == 0, result.output
    assert outside.read_text(encoding="utf-8") == "precious\n"
    assert not (out / "assistants.yaml").is_symlink()
    assert "support" in (out / "assistants.yaml").read_text(encoding="utf-8")
    assert not (tmp_path / "dangling-target.yaml").exists()


@pytest.mark.slow
def test_export_refuses_a_linked_subdirectory(
    emulator: Any, api: httpx.Client, tmp_path: Path
) -> None:
    long_prompt = "You are a helpful agent.\n" * 40
    api.post(
        "/assistant",
        json={
            "name": "support",
            "model": {
                "provider": "openai",
                "model": "gpt-4o",
                "messages": [{"role": "system", "content": long_prompt}],
            },
        },
    ).raise_for_status()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "prompts").symlink_to(elsewhere)
    result = vapictl(["export", "--dir", str(out), "--force"], emulator=emulator)
    if not list(elsewhere.iterdir()) and result.exit_code == 0:
        pytest.skip("this export wrote no prompt file")
    assert result.exit_code == 1, result.output
    assert "is a symbolic link" in result.output
    assert list(elsewhere.iterdir()) == []


def test_init_never_writes_through_links(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    root = tmp_path / "repo"
    root.mkdir()
    (root / "base").symlink_to(elsewhere)
    result = vapictl(["init", str(root)])
    assert result.exit_code == 1, result.output
    assert "is a symbolic link" in result.output
    assert list(elsewhere.iterdir()) == []

    (root / "base").unlink()
    secret_file = tmp_path / "bashrc"
    secret_file.write_text("# mine\n", encoding="utf-8")
    (root / ".gitignore").symlink_to(secret_file)
    result = vapictl(["init", str(root)])
    assert result.exit_code == 1, result.output
    assert secret_file.read_text(encoding="utf-8") == "# mine\n"
    assert not (root / "base").exists()


def test_local_state_is_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "m.yaml"
    path.write_text(ONE_ASSISTANT, encoding="utf-8")
    previous = os.umask(0o022)  # the usual umask, which made the file 0644
    try:
        result = vapictl(["apply", "--local", "-f", str(path), "--auto-approve"])
    finally:
        os.umask(previous)
    assert result.exit_code == 0, result.output
    state = tmp_path / ".vapictl"
    assert stat.S_IMODE(state.stat().st_mode) == 0o700
    files = [p for p in state.iterdir() if p.name.startswith("local.sqlite3")]
    assert files
    for file in files:
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file
