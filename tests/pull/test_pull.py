"""`vapictl pull` end to end: the real CLI against the emulator over HTTP."""

from __future__ import annotations

import difflib
from pathlib import Path

import httpx

from tests.e2e.cli import vapictl
from tests.pull.fixtures import (
    PROD_ASSISTANTS,
    VARIABLES,
    edit_live,
    live_one,
    snapshot_files,
    write_layout,
)
from vapictl.emulator.server import EmulatorServer


def _run(args: list[str], emulator: EmulatorServer) -> tuple[int, str]:
    result = vapictl(args, emulator=emulator, env=VARIABLES)
    return result.exit_code, result.output


def _applied(tmp_path: Path, emulator: EmulatorServer, env: str) -> Path:
    root = write_layout(tmp_path / "cfg")
    code, output = _run(["apply", "-f", str(root), "-e", env, "--auto-approve"], emulator)
    assert code == 0, output
    return root


def _no_changes(root: Path, emulator: EmulatorServer, env: str) -> None:
    code, output = _run(["plan", "-f", str(root), "-e", env, "--detailed-exitcode"], emulator)
    assert code == 0, output


def _changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="")
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_an_overlay_field_edited_live_is_pulled_into_that_line_of_the_overlay(
    tmp_path: Path, emulator: EmulatorServer, api: httpx.Client
) -> None:
    root = _applied(tmp_path, emulator, "prod")
    model = live_one(api, "/assistant", "support")["model"]
    edit_live(api, "/assistant", "support", model={**model, "temperature": 0.5})
    before = snapshot_files(root)

    code, output = _run(["pull", "-f", str(root), "-e", "prod"], emulator)

    assert code == 0, output
    after = snapshot_files(root)
    overlay = "overlays/prod/assistants.yaml"
    assert _changed_lines(before[overlay].decode(), after[overlay].decode()) == [
        "-      temperature: 0.2   # keep answers steady",
        "+      temperature: 0.5   # keep answers steady",
    ]
    assert after[overlay].decode().startswith("# Prod runs a cooler model.\n")
    assert {k: v for k, v in after.items() if k != overlay} == {
        k: v for k, v in before.items() if k != overlay
    }
    _no_changes(root, emulator, "prod")


def test_a_base_field_edited_in_prod_lands_in_prods_overlay(
    tmp_path: Path, emulator: EmulatorServer, api: httpx.Client
) -> None:
    root = _applied(tmp_path, emulator, "prod")
    model = live_one(api, "/assistant", "support")["model"]
    messages = [{"role": "system", "content": "You are Acme's support agent.\nBe kind.\n"}]
    edit_live(
        api,
        "/assistant",
        "support",
        firstMessage="Hello from the dashboard",
        model={**model, "messages": messages},
    )
    before = snapshot_files(root)

    code, output = _run(["pull", "-f", str(root), "-e", "prod"], emulator)

    assert code == 0, output
    after = snapshot_files(root)
    changed = {name for name in after if after[name] != before.get(name)}
    assert changed == {"overlays/prod/assistants.yaml"}  # base and staging byte for byte
    overlay = after["overlays/prod/assistants.yaml"].decode()
    added = _changed_lines(PROD_ASSISTANTS, overlay)
    assert all(line.startswith("+") for line in added), added  # existing lines kept
    assert "+    firstMessage: Hello from the dashboard" in added
    assert "+            Be kind." in added
    _no_changes(root, emulator, "prod")


def test_without_an_environment_the_value_goes_where_it_was_declared(
    tmp_path: Path, emulator: EmulatorServer, api: httpx.Client
) -> None:
    root = write_layout(tmp_path / "cfg")
    base = root / "base"
    assert _run(["apply", "-f", str(base), "--auto-approve"], emulator)[0] == 0
    edit_live(api, "/assistant", "billing", firstMessage="It's billing: hi")
    original = (base / "assistants.yaml").read_text()

    code, output = _run(["pull", "-f", str(base)], emulator)

    assert code == 0, output
    assert _changed_lines(original, (base / "assistants.yaml").read_text()) == [
        "-    firstMessage: 'Billing desk, how can I help?'",
        "+    firstMessage: 'It''s billing: hi'",  # quoting style kept
    ]
    code, output = _run(["plan", "-f", str(base), "--detailed-exitcode"], emulator)
    assert code == 0, output


def test_dry_run_prints_the_diff_and_writes_nothing(
    tmp_path: Path, emulator: EmulatorServer, api: httpx.Client
) -> None:
    root = _applied(tmp_path, emulator, "staging")
    edit_live(api, "/assistant", "support", firstMessage="Edited")
    before = snapshot_files(root)

    code, output = _run(["pull", "-f", str(root), "-e", "staging", "--dry-run"], emulator)

    assert code == 0, output
    assert "+    firstMessage: Edited" in output
    assert "overlays/staging/assistants.yaml" in output
    assert snapshot_files(root) == before


def test_nothing_to_pull_exits_0_and_writes_nothing(
    tmp_path: Path, emulator: EmulatorServer
) -> None:
    root = _applied(tmp_path, emulator, "staging")
    before = snapshot_files(root)
    code, output = _run(["pull", "-f", str(root), "-e", "staging"], emulator)
    assert code == 0, output
    assert "Nothing to pull" in output
    assert snapshot_files(root) == before
