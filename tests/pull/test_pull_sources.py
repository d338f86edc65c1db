"""`vapictl pull` and what it must not simply overwrite: references, variables, secrets,
prompt files, resources on one side only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from tests.e2e.cli import vapictl
from tests.pull.fixtures import VARIABLES, edit_live, live_one, snapshot_files, write_layout
from vapictl.emulator.server import EmulatorServer

TWO_TOOLS = """\
tools:
  first:
    type: function
    function: {name: first_fn}
  second:
    type: function
    function: {name: second_fn}
assistants:
  agent:
    model:
      provider: openai
      model: gpt-4o
      tools: [first]   # the tools it may call
"""


def _run(args: list[str], emulator: EmulatorServer, **env: str) -> tuple[int, str]:
    result = vapictl(args, emulator=emulator, env={**VARIABLES, **env})
    return result.exit_code, result.output


def _plan_is_clean(path: Path, emulator: EmulatorServer, *extra: str) -> None:
    code, output = _run(["plan", "-f", str(path), "--detailed-exitcode", *extra], emulator)
    assert code == 0, output


def _tool_id(api: httpx.Client, function_name: str) -> str:
    tools = [
        t for t in api.get("/tool").json() if t.get("function", {}).get("name") == function_name
    ]
    return str(tools[0]["id"])


def test_a_live_tool_id_is_written_back_as_the_tools_manifest_key(
    tmp_path: Path, emulator: EmulatorServer, api: httpx.Client
) -> None:
    manifest = tmp_path / "org.yaml"
    manifest.write_text(TWO_TOOLS)
    assert _run(["apply", "-f", str(manifest), "--auto-approve"], emulator)[0] == 0
    model = live_one(api, "/assistant", "agent")["model"]
    edit_live(api, "/assistant", "agent", model={**model, "toolIds": [_tool_id(api, "second_fn")]})

    code, output = _run(["pull", "-f", str(manifest)], emulator)

    assert code == 0, output
    assert "      tools: [second]   # the tools it may call\n" in manifest.read_text()
    _plan_is_clean(manifest, emulator)


def test_a_live_id_with_no_manifest_key_is_written_raw_and_reported(
    tmp_path: Path, emulator: EmulatorServer, api: httpx.Client
) -> None:
    manifest = tmp_path / "org.yaml"
    manifest.write_text(TWO_TOOLS)
    assert _run(["apply", "-f", str(manifest), "--auto-approve"], emulator)[0] == 0
    created = api.post("/tool", json={"type": "function", "function": {"name": "made_live"}})
    outsider = created.json()["id"]
    model = live_one(api, "/assistant", "agent")["model"]
    edit_live(api, "/assistant", "agent", model={**model, "toolIds": [outsider]})

    code, output = _run(["pull", "-f", str(manifest)], emulator)

    assert code == 0, output
    assert f"      toolIds: [{outsider}]   # the tools it may call\n" in manifest.read_text()
    assert f"live uses {outsider}, which no manifest declares" in output
    _plan_is_clean(manifest, emulator)


def test_a_value_from_a_variable_is_reported_not_overwritten(
    tmp_path: Path, emulator: EmulatorServer, api: httpx.Client
) -> None:
    base = write_layout(tmp_path / "cfg") / "base"
    assert _run(["apply", "-f", str(base), "--auto-approve"], emulator)[0] == 0
    server = live_one_tool(api)["server"]
    edit_live_tool(api, server={**server, "url": "https://moved.example.com/vapi"})
    before = snapshot_files(base)

    code, output = _run(["pull", "-f", str(base)], emulator)

    assert code == 0, output
    assert "server.url" in output and "from a variable" in output
    assert "change the variable's value instead" in output
    assert snapshot_files(base) == before


def test_a_rotated_secret_is_reported_and_never_written(
    tmp_path: Path, emulator: EmulatorServer
) -> None:
    base = write_layout(tmp_path / "cfg") / "base"
    assert _run(["apply", "-f", str(base), "--auto-approve"], emulator)[0] == 0
    before = snapshot_files(base)

    # The manifests' secret is not the one live any more (as if rotated elsewhere).
    code, output = _run(["pull", "-f", str(base)], emulator, TOOLS_SECRET="another-secret-2")

    assert code == 0, output
    assert "tool/lookup-order server.secret: the live secret differs" in output
    assert "another-secret-2" not in output and "tools-secret-value-1" not in output
    assert snapshot_files(base) == before


def test_a_resource_missing_live_is_reported_and_kept(
    tmp_path: Path, emulator: EmulatorServer, api: httpx.Client
) -> None:
    base = write_layout(tmp_path / "cfg") / "base"
    assert _run(["apply", "-f", str(base), "--auto-approve"], emulator)[0] == 0
    api.delete(f"/assistant/{live_one(api, '/assistant', 'billing')['id']}")
    before = snapshot_files(base)

    code, output = _run(["pull", "-f", str(base)], emulator)

    assert code == 0, output
    assert "Missing live: assistant/billing" in output
    assert snapshot_files(base) == before


def test_add_unmanaged_writes_export_entries_that_plan_then_finds(
    tmp_path: Path, emulator: EmulatorServer, api: httpx.Client
) -> None:
    base = write_layout(tmp_path / "cfg") / "base"
    assert _run(["apply", "-f", str(base), "--auto-approve"], emulator)[0] == 0
    legacy = {
        "name": "legacy-bot",
        "firstMessage": "Still here",
        "model": {"provider": "openai", "model": "gpt-4o"},
    }
    assert api.post("/assistant", json=legacy).status_code == 201

    code, output = _run(["pull", "-f", str(base)], emulator)
    assert "Unmanaged: assistant/legacy-bot" in output
    assert not (base / "unmanaged.yaml").exists()

    target = base / "unmanaged.yaml"
    code, output = _run(["pull", "-f", str(base), "--add-unmanaged", str(target)], emulator)

    assert code == 0, output
    assert "legacy-bot:" in target.read_text()
    assert "firstMessage: Still here" in target.read_text()
    _plan_is_clean(base, emulator, "--prune")  # declared now: nothing to create or delete


def test_text_from_a_prompt_file_is_written_to_that_file(
    tmp_path: Path, emulator: EmulatorServer, api: httpx.Client
) -> None:
    (tmp_path / "prompts").mkdir()
    prompt = tmp_path / "prompts" / "agent.md"
    prompt.write_text("You are the agent.\n")
    manifest = tmp_path / "org.yaml"
    manifest.write_text(
        "assistants:\n  agent:\n    model:\n      provider: openai\n      model: gpt-4o\n"
        "      messages:\n        - role: system\n          content: !file prompts/agent.md\n"
    )
    assert _run(["apply", "-f", str(manifest), "--auto-approve"], emulator)[0] == 0
    model = live_one(api, "/assistant", "agent")["model"]
    new_prompt = "You are the agent.\nEdited in the dashboard.\n"
    edit_live(
        api,
        "/assistant",
        "agent",
        model={**model, "messages": [{"role": "system", "content": new_prompt}]},
    )
    manifest_before = manifest.read_bytes()

    code, output = _run(["pull", "-f", str(manifest)], emulator)

    assert code == 0, output
    assert prompt.read_text() == new_prompt
    assert manifest.read_bytes() == manifest_before
    _plan_is_clean(manifest, emulator)


def live_one_tool(api: httpx.Client) -> dict[str, Any]:
    return dict(
        next(
            t
            for t in api.get("/tool").json()
            if t.get("function", {}).get("name") == "lookup_order"
        )
    )


def edit_live_tool(api: httpx.Client, **fields: Any) -> None:
    tool = live_one_tool(api)
    response = api.patch(f"/tool/{tool['id']}", json={"type": tool["type"], **fields})
    assert response.status_code == 200, response.text


def test_an_unmanaged_resource_refers_to_declared_ones_by_their_manifest_keys(
    tmp_path: Path, emulator: EmulatorServer, api: httpx.Client
) -> None:
    manifest = tmp_path / "org.yaml"
    manifest.write_text(
        "assistants:\n  desk:\n    name: Front Desk\n    model: {provider: openai, model: gpt-4o}\n"
    )
    assert _run(["apply", "-f", str(manifest), "--auto-approve"], emulator)[0] == 0
    desk = live_one(api, "/assistant", "Front Desk")
    squad = {"name": "night-shift", "members": [{"assistantId": desk["id"]}]}
    assert api.post("/squad", json=squad).status_code == 201

    code, output = _run(["pull", "-f", str(manifest), "--add-unmanaged", str(manifest)], emulator)

    assert code == 0, output
    text = manifest.read_text()
    assert text.startswith("assistants:\n  desk:\n    name: Front Desk\n")  # kept as it was
    assert "night-shift:" in text and "assistant: desk" in text
    _plan_is_clean(manifest, emulator, "--prune")
