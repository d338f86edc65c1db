"""`vapictl init`: a working repository layout, never overwriting a file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.cli import vapictl
from vapictl.scaffold import ci


def _init(*args: str) -> tuple[int, str]:
    result = vapictl(["init", *args])
    return result.exit_code, result.output


def test_init_writes_the_layout_and_a_github_workflow(tmp_path: Path) -> None:
    code, output = _init(str(tmp_path / "repo"))

    assert code == 0, output
    repo = tmp_path / "repo"
    for path in (
        "base/assistants.yaml",
        "base/prompts/support.md",  # the system prompt, as `!file prompts/support.md`
        "base/tools.yaml",
        "overlays/staging/org.yaml",
        "overlays/prod/assistants.yaml",
        ".env.example",
        "vapictl.schema.json",
    ):
        assert (repo / path).is_file(), path
    assert (repo / ".github/workflows/vapictl.yml").read_text() == ci.GITHUB_WORKFLOW
    assert ".vapictl/" in (repo / ".gitignore").read_text().splitlines()
    json.loads((repo / "vapictl.schema.json").read_text())


def test_scaffold_validates_plans_applies_and_has_no_drift(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert _init("--ci", "gitlab", "-e", "dev", "-e", "prod")[0] == 0
    assert Path(".gitlab-ci.yml").read_text() == ci.GITLAB_CI
    assert sorted(p.name for p in Path("overlays").iterdir()) == ["dev", "prod"]
    env_file = ["--env-file", ".env.example"]

    validate = vapictl(["validate", "-e", "prod", *env_file])
    apply = vapictl(["apply", "-e", "dev", "--local", "--auto-approve", *env_file])
    drift = vapictl(["drift", "-e", "dev", "--local", *env_file])

    assert validate.exit_code == 0, validate.output
    assert "warning" not in validate.output.lower()
    assert apply.exit_code == 0, apply.output
    assert drift.exit_code == 0, drift.output


def test_init_refuses_to_overwrite_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "base").mkdir()
    (tmp_path / "base" / "tools.yaml").write_text("tools: {}\n")

    code, output = _init(str(tmp_path))

    assert code == 1
    assert "refusing to overwrite" in output and "base/tools.yaml" in output
    assert (tmp_path / "base" / "tools.yaml").read_text() == "tools: {}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["base"]
    assert sorted(p.name for p in (tmp_path / "base").iterdir()) == ["tools.yaml"]


def test_init_appends_to_an_existing_gitignore(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("node_modules/\n.env")

    code, output = _init(str(tmp_path), "--ci", "none")

    assert code == 0, output
    lines = (tmp_path / ".gitignore").read_text().splitlines()
    assert lines[:2] == ["node_modules/", ".env"]
    assert lines.count(".env") == 1 and ".vapictl/" in lines and "*.vapiplan" in lines
    assert not (tmp_path / ".github").exists() and not (tmp_path / ".gitlab-ci.yml").exists()


def test_init_rejects_environment_names_that_are_not_directory_names(tmp_path: Path) -> None:
    code, output = _init(str(tmp_path), "-e", "../escape")
    assert code == 1 and "invalid environment name" in output
    assert list(tmp_path.iterdir()) == []
