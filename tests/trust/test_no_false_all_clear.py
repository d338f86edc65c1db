"""No false all-clear, no accidental wipe (issue 12, items 5, 6, 9): CLI against the emulator."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.cli import vapictl

pytestmark = pytest.mark.slow

ONE_ASSISTANT = "assistants:\n  support:\n    firstMessage: Hi\n"


def _write(tmp_path: Path, text: str, name: str = "m.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "command",
    [["plan", "--detailed-exitcode"], ["drift"], ["apply", "--auto-approve"], ["pull"]],
)
def test_a_target_that_matches_nothing_is_an_error(
    command: list[str], emulator: Any, api: httpx.Client, tmp_path: Path
) -> None:
    path = _write(tmp_path, ONE_ASSISTANT)
    assert vapictl(["apply", "-f", str(path), "--auto-approve"], emulator=emulator).exit_code == 0
    [assistant] = api.get("/assistant").json()
    api.patch(f"/assistant/{assistant['id']}", json={"firstMessage": "drifted"}).raise_for_status()

    result = vapictl(
        [*command, "-f", str(path), "--target", "asistant/*", "--target", "assistant/sup*"],
        emulator=emulator,
    )
    assert result.exit_code == 1, result.output
    assert "--target 'asistant/*' matches no resource; did you mean 'assistant/*'?" in (
        result.output
    )
    assert "assistant/sup*" not in result.output.split("Resources that exist")[0]
    assert "Resources that exist (declared or live): assistant/support" in result.output
    assert "No changes" not in result.output and "No drift" not in result.output


def test_a_target_matching_an_unchanged_resource_is_still_no_changes(
    emulator: Any, tmp_path: Path
) -> None:
    path = _write(tmp_path, ONE_ASSISTANT)
    assert vapictl(["apply", "-f", str(path), "--auto-approve"], emulator=emulator).exit_code == 0
    result = vapictl(
        ["plan", "-f", str(path), "--target", "assistant/support", "--detailed-exitcode"],
        emulator=emulator,
    )
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("content", ["", "# nothing here\n", "settings: {prune: true}\n"])
def test_an_empty_manifest_with_prune_is_refused(
    content: str, emulator: Any, api: httpx.Client, tmp_path: Path
) -> None:
    (tmp_path / "full").mkdir()
    full = _write(tmp_path / "full", ONE_ASSISTANT)
    assert vapictl(["apply", "-f", str(full), "--auto-approve"], emulator=emulator).exit_code == 0
    empty = _write(tmp_path, content, "empty.yaml")

    for command in (["plan"], ["apply", "--auto-approve"]):
        result = vapictl([*command, "-f", str(empty), "--prune"], emulator=emulator)
        assert result.exit_code == 1, result.output
        assert "declare no resources" in result.output
        assert "settings.allowEmpty: true" in result.output
    assert len(api.get("/assistant").json()) == 1


def test_allow_empty_deletes_everything_deliberately(
    emulator: Any, api: httpx.Client, tmp_path: Path
) -> None:
    (tmp_path / "full").mkdir()
    full = _write(tmp_path / "full", ONE_ASSISTANT)
    assert vapictl(["apply", "-f", str(full), "--auto-approve"], emulator=emulator).exit_code == 0
    empty = _write(tmp_path, "settings: {prune: true, allowEmpty: true}\n", "empty.yaml")
    result = vapictl(["apply", "-f", str(empty), "--auto-approve"], emulator=emulator)
    assert result.exit_code == 0, result.output
    assert api.get("/assistant").json() == []


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf", ".NaN"])
def test_non_finite_numbers_are_located_errors(
    value: str, emulator: Any, api: httpx.Client, tmp_path: Path
) -> None:
    path = _write(
        tmp_path,
        f"assistants:\n  support:\n    model:\n      provider: openai\n      model: gpt-4o\n"
        f"      temperature: {value}\n",
    )
    for command in (["validate"], ["plan", "-o", "json"], ["apply", "--auto-approve"]):
        result = vapictl([*command, "-f", str(path)], emulator=emulator)
        assert result.exit_code == 1, result.output
        assert f"{path}:6:20" in result.output, result.output
        assert "expected a finite number" in result.output
        assert "NaN" not in result.stdout and "Infinity" not in result.stdout
    assert api.get("/assistant").json() == []


def test_plan_json_is_always_valid_json(emulator: Any, tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "assistants:\n  support:\n    model: {provider: openai, model: gpt-4o, temperature: 0.5}\n",
    )
    result = vapictl(["plan", "-o", "json", "-f", str(path)], emulator=emulator)
    assert result.exit_code == 0, result.output
    json.loads(result.stdout, parse_constant=lambda c: pytest.fail(f"invalid JSON constant {c}"))
