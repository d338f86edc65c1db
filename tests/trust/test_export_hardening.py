"""Export: deep metadata, an assistant named "", and no secret in files (issue 12,
items 4 and 11). The real CLI against the emulator."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.cli import vapictl

pytestmark = pytest.mark.slow


def _nested(depth: int) -> dict[str, Any]:
    root: dict[str, Any] = {}
    node = root
    for _ in range(depth):
        node["a"] = {}
        node = node["a"]
    return root


def _export_then_plan(emulator: Any, out: Path) -> tuple[Any, Any]:
    exported = vapictl(["export", "--dir", str(out)], emulator=emulator)
    assert exported.exit_code == 0, exported.output
    plan = vapictl(["plan", "-f", str(out), "--detailed-exitcode"], emulator=emulator)
    return exported, plan


def test_metadata_nested_700_deep_is_left_out_with_a_note(
    emulator: Any, api: httpx.Client, tmp_path: Path
) -> None:
    api.post("/assistant", json={"name": "deep", "metadata": _nested(700)}).raise_for_status()
    api.post("/assistant", json={"name": "shallow", "metadata": _nested(5)}).raise_for_status()
    exported, plan = _export_then_plan(emulator, tmp_path / "out")
    assert "assistant/deep: metadata nests deeper than 64 levels" in exported.output
    text = (tmp_path / "out" / "assistants.yaml").read_text(encoding="utf-8")
    assert "shallow" in text and text.count("a:") >= 5
    assert plan.exit_code == 0, plan.output


def test_an_assistant_named_empty_exports_and_plans_no_duplicate(
    emulator: Any, api: httpx.Client, tmp_path: Path
) -> None:
    api.post("/assistant", json={"name": "", "firstMessage": "Hi"}).raise_for_status()
    _, plan = _export_then_plan(emulator, tmp_path / "out")
    assert plan.exit_code == 0, plan.output
    assert len(api.get("/assistant").json()) == 1


def test_export_never_writes_the_api_key(emulator: Any, api: httpx.Client, tmp_path: Path) -> None:
    api.post(
        "/assistant", json={"name": "leaky", "firstMessage": f"key={emulator.api_key}"}
    ).raise_for_status()
    out = tmp_path / "out"
    exported = vapictl(["export", "--dir", str(out)], emulator=emulator)
    assert exported.exit_code == 0, exported.output
    assert "assistant/leaky: a live value holds the API key" in exported.output
    for file in out.rglob("*"):
        if file.is_file():
            assert emulator.api_key not in file.read_text(encoding="utf-8"), file
    assert "key=(sensitive)" in (out / "assistants.yaml").read_text(encoding="utf-8")
