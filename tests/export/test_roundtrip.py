"""Export, then load the files and plan against the same live state: no changes.

In-process (no HTTP): the real manifest loader and plan engine on the files
`vapictl export` writes. The end-to-end version over the emulator is in
test_cli.py.
"""

from __future__ import annotations

from pathlib import Path

from tests.export import samples
from vapictl.engine.credentials import managed_credential_name, secret_digest
from vapictl.engine.live import LiveState
from vapictl.engine.plan import build_plan
from vapictl.export import build_export, layout_files, write_files
from vapictl.manifest.load import load_manifests
from vapictl.model import Kind

SERVER_SECRET = "support-webhook-secret-0123456789"


def _live_with_real_secret_fingerprint() -> LiveState:
    """The sample org as vapictl would have left it: the managed credential's
    name carries the fingerprint of SERVER_SECRET (engine/credentials.py)."""
    live = samples.live_state()
    digest = secret_digest(SERVER_SECRET)
    live.items[Kind.CREDENTIAL][0]["name"] = managed_credential_name(
        Kind.ASSISTANT, "support", digest
    )
    return live


def _variables(names: list[str]) -> dict[str, str]:
    known = {
        "SUPPORT_SERVER_SECRET": SERVER_SECRET,
        "SUPPORT_SERVER_AUTHORIZATION": samples.RETURNED_SECRETS[0],
        "CREATE_TICKET_X_API_KEY": samples.RETURNED_SECRETS[1],
    }
    # Write-only values are never compared: any well-formed value will do.
    return {name: known.get(name, "write-only-value-0123456789abc") for name in names}


def _plan_after_export(live: LiveState, directory: Path) -> list[str]:
    result = build_export(live)
    write_files(layout_files(result.sections, directory=directory), force=False)
    manifest = load_manifests(
        [directory], variables=_variables([v.name for v in result.variables]), environ={}
    )
    plan = build_plan(manifest, live)
    return [
        f"{action.action} {action.address} {[c.path for c in action.changes]}"
        for action in plan.actions
    ]


def test_plan_after_export_reports_no_changes(tmp_path: Path) -> None:
    live = _live_with_real_secret_fingerprint()
    live.items[Kind.PHONE_NUMBER][1]["name"] = "Trunk line"
    assert _plan_after_export(live, tmp_path) == []


def test_prompt_text_survives_variable_expansion(tmp_path: Path) -> None:
    live = _live_with_real_secret_fingerprint()
    result = build_export(live)
    write_files(layout_files(result.sections, directory=tmp_path), force=False)
    manifest = load_manifests(
        [tmp_path], variables=_variables([v.name for v in result.variables]), environ={}
    )
    support = manifest.resources[Kind.ASSISTANT]["support"].body
    original = samples.assistants()[0]["model"]["messages"]
    assert support["model"]["messages"] == original  # `${price}` is text, not a variable


def test_unnamed_phone_number_round_trips(tmp_path: Path) -> None:
    live = _live_with_real_secret_fingerprint()
    assert "name" not in live.items[Kind.PHONE_NUMBER][1]
    assert _plan_after_export(live, tmp_path) == []


def test_partly_unexported_tool_list_round_trips(tmp_path: Path) -> None:
    live = _live_with_real_secret_fingerprint()
    live.items[Kind.PHONE_NUMBER][1]["name"] = "Trunk line"
    model = live.items[Kind.ASSISTANT][0]["model"]
    model["toolIds"] = ["00000000-0000-4000-8000-00000000dead", *model["toolIds"]]
    assert _plan_after_export(live, tmp_path) == []
