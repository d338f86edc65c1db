"""`vapictl rollback` end to end: the real CLI against the emulator over HTTP."""

from __future__ import annotations

import json
import stat
from collections import Counter
from pathlib import Path

import httpx
import pytest

from tests.e2e.cli import vapictl
from tests.pull.fixtures import VARIABLES, write_layout
from vapictl.emulator.server import EmulatorServer

NEW_TOOL = "  transfer-desk:\n    type: function\n    function: {name: transfer_desk}\n"


def _run(args: list[str], emulator: EmulatorServer, snapshots: Path, **env: str) -> tuple[int, str]:
    full_env = {**VARIABLES, "VAPICTL_SNAPSHOT_DIR": str(snapshots), **env}
    result = vapictl(args, emulator=emulator, env=full_env)
    return result.exit_code, result.output


def _names(api: httpx.Client, path: str) -> Counter[str]:
    def name(item: dict[str, object]) -> str:
        function = item.get("function")
        if isinstance(function, dict):
            return str(function.get("name"))
        return str(item.get("name") or item.get("type"))

    return Counter(name(item) for item in api.get(path).json())


def _second_version(base: Path) -> None:
    """Update support, create a tool it uses, drop billing (deleted with --prune)."""
    assistants = (base / "assistants.yaml").read_text()
    assistants = assistants.replace("Hi, this is Acme support.", "Version two.")
    assistants = assistants.replace("tools: [lookup-order]", "tools: [lookup-order, transfer-desk]")
    assistants = assistants[: assistants.index("  billing:")]
    (base / "assistants.yaml").write_text(assistants)
    (base / "tools.yaml").write_text((base / "tools.yaml").read_text() + NEW_TOOL)


@pytest.fixture
def applied_twice(tmp_path: Path, emulator: EmulatorServer) -> tuple[Path, dict[str, bytes]]:
    """v1 applied, then v2 applied with --prune; returns the base dir and v1's files."""
    base = write_layout(tmp_path / "cfg") / "base"
    snapshots = tmp_path / "snapshots"
    apply = ["apply", "-f", str(base), "--auto-approve", "--prune"]
    assert _run(apply, emulator, snapshots)[0] == 0
    first = {p.name: p.read_bytes() for p in base.iterdir()}
    _second_version(base)
    code, output = _run(apply, emulator, snapshots)
    assert code == 0, output
    return base, first


def test_rollback_undoes_updates_creates_and_deletes(
    tmp_path: Path,
    emulator: EmulatorServer,
    api: httpx.Client,
    applied_twice: tuple[Path, dict[str, bytes]],
) -> None:
    base, first = applied_twice
    snapshots = tmp_path / "snapshots"

    code, output = _run(["rollback", "--auto-approve"], emulator, snapshots)

    assert code == 0, output
    assert "+ assistant 'billing'" in output  # re-created
    assert "- tool 'transfer-desk'" in output  # created by v2, deleted again
    for name, text in first.items():
        (base / name).write_bytes(text)
    code, output = _run(
        ["plan", "-f", str(base), "--prune", "--detailed-exitcode"], emulator, snapshots
    )
    assert code == 0, output  # the previous manifests match the org again
    assert _names(api, "/assistant") == {"support": 1, "billing": 1}
    assert _names(api, "/tool") == {"lookup_order": 1}


def test_rollback_repoints_references_to_re_created_resources(
    tmp_path: Path, emulator: EmulatorServer, api: httpx.Client
) -> None:
    base = write_layout(tmp_path / "cfg") / "base"
    snapshots = tmp_path / "snapshots"
    squad = (
        "squads:\n  desk:\n    members:\n      - assistant: support\n      - assistant: billing\n"
    )
    (base / "squads.yaml").write_text(squad)
    apply = ["apply", "-f", str(base), "--auto-approve", "--prune"]
    assert _run(apply, emulator, snapshots)[0] == 0
    (base / "squads.yaml").unlink()
    assistants = (base / "assistants.yaml").read_text()
    (base / "assistants.yaml").write_text(assistants[: assistants.index("  billing:")])
    assert _run(apply, emulator, snapshots)[0] == 0  # deletes the squad and billing

    code, output = _run(["rollback", "--auto-approve"], emulator, snapshots)

    assert code == 0, output
    squads = api.get("/squad").json()
    assert len(squads) == 1
    live_ids = {a["id"] for a in api.get("/assistant").json()}
    assert {m["assistantId"] for m in squads[0]["members"]} == live_ids


def test_list_shows_this_orgs_snapshots_newest_first(
    tmp_path: Path, emulator: EmulatorServer, applied_twice: tuple[Path, dict[str, bytes]]
) -> None:
    snapshots = tmp_path / "snapshots"
    code, output = _run(["rollback", "--list", "--output", "json"], emulator, snapshots)
    assert code == 0, output
    listed = json.loads(output)["snapshots"]
    assert len(listed) == 2
    assert listed[0]["takenAt"] >= listed[1]["takenAt"]
    assert listed[0]["changed"] == 2 and listed[0]["created"] == 1  # v2: support + billing; tool
    code, output = _run(["rollback", "--list"], emulator, snapshots)
    assert "2 changed or deleted, 1 created" in output


def test_snapshots_are_private_and_hold_no_secret(
    tmp_path: Path, emulator: EmulatorServer, applied_twice: tuple[Path, dict[str, bytes]]
) -> None:
    snapshots = tmp_path / "snapshots"
    assert stat.S_IMODE(snapshots.stat().st_mode) == 0o700
    for file in snapshots.iterdir():
        assert stat.S_IMODE(file.stat().st_mode) == 0o600
        assert VARIABLES["TOOLS_SECRET"] not in file.read_text()


def test_a_secret_rotated_by_the_apply_is_named_as_not_restorable(
    tmp_path: Path, emulator: EmulatorServer, api: httpx.Client
) -> None:
    base = write_layout(tmp_path / "cfg") / "base"
    snapshots = tmp_path / "snapshots"
    apply = ["apply", "-f", str(base), "--auto-approve"]
    assert _run(apply, emulator, snapshots)[0] == 0
    assert _run(apply, emulator, snapshots, TOOLS_SECRET="rotated-secret-2")[0] == 0

    code, output = _run(["rollback", "--auto-approve"], emulator, snapshots)

    assert code == 0, output
    assert "Not restorable: tool/lookup-order server.secret" in output
    # The tool still points at a credential that exists: the rotated secret stays.
    tool = next(t for t in api.get("/tool").json() if t["type"] == "function")
    credential_ids = {c["id"] for c in api.get("/credential").json()}
    assert tool["server"]["credentialId"] in credential_ids
    assert "rotated-secret-2" not in output


def test_a_saved_rollback_plan_is_applied_once_then_refused_as_stale(
    tmp_path: Path, emulator: EmulatorServer, applied_twice: tuple[Path, dict[str, bytes]]
) -> None:
    snapshots = tmp_path / "snapshots"
    saved = tmp_path / "rollback.vapiplan"
    code, output = _run(["rollback", "--out", str(saved)], emulator, snapshots)
    assert code == 0, output
    assert saved.exists()

    code, output = _run(["rollback", str(saved)], emulator, snapshots)
    assert code == 0, output
    code, output = _run(["rollback", str(saved)], emulator, snapshots)
    assert code == 1
    assert "stale" in output


def test_rollback_asks_before_changing_anything(
    tmp_path: Path, emulator: EmulatorServer, applied_twice: tuple[Path, dict[str, bytes]]
) -> None:
    snapshots = tmp_path / "snapshots"
    code, output = _run(["rollback"], emulator, snapshots)
    assert code == 1
    assert "Refusing to apply without confirmation" in output


def test_no_snapshot_is_a_clear_error(tmp_path: Path, emulator: EmulatorServer) -> None:
    code, output = _run(["rollback", "--auto-approve"], emulator, tmp_path / "none")
    assert code == 1
    assert "No snapshot of org" in output


def test_rollback_restores_the_orgs_settings(tmp_path: Path, emulator: EmulatorServer) -> None:
    manifest = tmp_path / "org.yaml"
    snapshots = tmp_path / "snapshots"
    first = "org:\n  server: {url: https://hooks.example.com/one}\n"
    manifest.write_text(first)
    apply = ["apply", "-f", str(manifest), "--auto-approve"]
    assert _run(apply, emulator, snapshots)[0] == 0
    manifest.write_text("org:\n  server: {url: https://hooks.example.com/two, timeoutSeconds: 9}\n")
    assert _run(apply, emulator, snapshots)[0] == 0

    code, output = _run(["rollback", "--auto-approve"], emulator, snapshots)

    assert code == 0, output
    manifest.write_text(first)
    code, output = _run(["plan", "-f", str(manifest), "--detailed-exitcode"], emulator, snapshots)
    assert code == 0, output
