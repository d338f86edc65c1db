"""`vapictl export` end to end: the real CLI against the emulator over HTTP.

The org is seeded through raw HTTP (as a dashboard user would have built it):
every kind, every phone provider, a squad with assistant destinations, tools of
several types, assistants with nested models and metadata, and secrets of
every sort. Then: export, no raw id and no secret in the files, a byte-identical
second export, `validate` and `plan` on the files with no changes.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import api_client
from tests.e2e.cli import vapictl
from vapictl.emulator.server import EmulatorServer
from vapictl.engine.credentials import managed_credential_name, secret_digest
from vapictl.model import Kind

pytestmark = pytest.mark.slow

SERVER_SECRET = "support-webhook-secret-0001"
HEADER_SECRET = "Bearer header-secret-token-0001"
TWILIO_TOKEN = "twilio-auth-token-value-0001"
SIP_PASSWORD = "sip-password-value-000000001"
VONAGE_SECRET = "vonage-api-secret-0001"
BEARER_TOKEN = "other-bearer-token-0001"
SECRETS = (SERVER_SECRET, HEADER_SECRET, TWILIO_TOKEN, SIP_PASSWORD, VONAGE_SECRET, BEARER_TOKEN)


def _post(api: httpx.Client, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = api.post(path, json=body)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def _seed(api: httpx.Client) -> list[str]:
    """Build a varied org; returns the ids of every managed resource."""
    orgs = api.get("/org").json()
    org = orgs[0] if isinstance(orgs, list) else orgs  # GET /org is an array (API-REFERENCE §2)
    patched = api.patch(
        f"/org/{org['id']}",
        json={"name": "Acme", "concurrencyLimit": 5, "server": {"url": "https://h.example.com"}},
    )
    assert patched.status_code == 200, patched.text
    managed_secret = _post(
        api,
        "/credential",
        {
            "provider": "custom-credential",
            # As vapictl names the credential behind `server.secret` (engine/credentials.py).
            "name": managed_credential_name(
                Kind.ASSISTANT, "support", secret_digest(SERVER_SECRET)
            ),
            "authenticationPlan": {
                "type": "bearer",
                "token": SERVER_SECRET,
                "headerName": "X-Vapi-Secret",
                "bearerPrefixEnabled": False,
            },
        },
    )
    other_bearer = _post(
        api,
        "/credential",
        {
            "provider": "custom-credential",
            "name": "orders-api",
            "authenticationPlan": {"type": "bearer", "token": BEARER_TOKEN},
        },
    )
    trunk = _post(
        api,
        "/credential",
        {"provider": "byo-sip-trunk", "name": "trunk", "gateways": [{"ip": "203.0.113.5"}]},
    )
    vonage = _post(
        api,
        "/credential",
        {"provider": "vonage", "name": "vonage", "apiKey": "vk1", "apiSecret": VONAGE_SECRET},
    )
    telnyx = _post(api, "/credential", {"provider": "telnyx", "name": "telnyx", "apiKey": "tk1"})

    lookup = _post(
        api,
        "/tool",
        {
            "type": "function",
            "function": {
                "name": "lookup_order",
                "description": "Find an order.",
                "parameters": {
                    "type": "object",
                    "properties": {"orderId": {"type": "string"}},
                    "required": ["orderId"],
                },
            },
            "server": {"url": "https://orders.example.com", "credentialId": other_bearer["id"]},
            "messages": [{"type": "request-start", "content": "One moment."}],
        },
    )
    ticket = _post(
        api,
        "/tool",
        {
            "type": "apiRequest",
            "name": "create_ticket",
            "method": "POST",
            "url": "https://tickets.example.com/api",
            "headers": {
                "type": "object",
                "properties": {"Authorization": {"type": "string", "value": HEADER_SECRET}},
            },
        },
    )
    transfer = _post(
        api,
        "/tool",
        {
            "type": "transferCall",
            "destinations": [
                {"type": "number", "number": "+14155550100", "message": "Transferring."},
                {"type": "assistant", "assistantName": "Billing Team"},
            ],
        },
    )
    end_call = _post(api, "/tool", {"type": "endCall"})
    # A second nameless tool of the same type: plan tells the two apart by content.
    transfer_desk = _post(
        api,
        "/tool",
        {"type": "transferCall", "destinations": [{"type": "number", "number": "+14155550111"}]},
    )

    support = _post(
        api,
        "/assistant",
        {
            "name": "support",
            "firstMessage": "Hi, how can I help?",
            "voicemailMessage": None,
            "model": {
                "provider": "openai",
                "model": "gpt-4o",
                "temperature": 0.2,
                "messages": [{"role": "system", "content": "You are support.\nCost: ${cost}.\n"}],
                "toolIds": [ticket["id"], lookup["id"], end_call["id"], transfer["id"]],
            },
            "voice": {"provider": "11labs", "voiceId": "burt"},
            "transcriber": {"provider": "deepgram", "model": "nova-2"},
            "server": {
                "url": "https://support.example.com/vapi",
                "credentialId": managed_secret["id"],
                "headers": {"X-Team": "support", "Authorization": HEADER_SECRET},
            },
            "metadata": {"team": "support", "nested": {"tier": 2, "tags": ["vip", "eu"]}},
        },
    )
    billing = _post(
        api,
        "/assistant",
        {
            "name": "Billing Team",
            "model": {
                "provider": "anthropic",
                "model": "claude-3-5-sonnet-20241022",
                "messages": [{"role": "system", "content": "Billing only."}],
            },
            "metadata": {"team": "billing"},
        },
    )
    squad = _post(
        api,
        "/squad",
        {
            "name": "Front Desk",
            "members": [
                {
                    "assistantId": support["id"],
                    "assistantDestinations": [
                        {"type": "assistant", "assistantName": "Billing Team", "message": "Wait."}
                    ],
                },
                {"assistantId": billing["id"], "assistantOverrides": {"firstMessage": "Billing."}},
            ],
        },
    )
    # Squads need no name: an unnamed one is found by its members.
    unnamed_squad = _post(api, "/squad", {"members": [{"assistantId": billing["id"]}]})
    phones = [
        _post(
            api,
            "/phone-number",
            {
                "provider": "twilio",
                "name": "Main Line",
                "number": "+14155551234",
                "twilioAccountSid": "AC" + "0" * 32,
                "twilioAuthToken": TWILIO_TOKEN,
                "assistantId": support["id"],
                "fallbackDestination": {"type": "number", "number": "+14155550000"},
            },
        ),
        _post(
            api,
            "/phone-number",
            {
                "provider": "byo-phone-number",
                "name": "trunk line",
                "number": "+14155552222",
                "credentialId": trunk["id"],
                "squadId": squad["id"],
            },
        ),
        _post(
            api,
            "/phone-number",
            {
                "provider": "vonage",
                "name": "EU",
                "number": "+442071234567",
                "credentialId": vonage["id"],
                "assistantId": billing["id"],
            },
        ),
        _post(
            api,
            "/phone-number",
            {
                "provider": "telnyx",
                "name": "telnyx",
                "number": "+13125550199",
                "credentialId": telnyx["id"],
            },
        ),
        _post(
            api,
            "/phone-number",
            {
                "provider": "vapi",
                "name": "SIP desk",
                "sipUri": "sip:acme-desk@sip.vapi.ai",
                "authentication": {"username": "acme-desk-user-000001", "password": SIP_PASSWORD},
                "squadId": squad["id"],
            },
        ),
        _post(
            api,
            "/phone-number",
            {"provider": "vapi", "name": "Free", "numberDesiredAreaCode": "415"},
        ),
    ]
    resources = [lookup, ticket, transfer, transfer_desk, end_call, support, billing, squad]
    resources += [unnamed_squad, *phones]
    return [str(item["id"]) for item in resources]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """One seeded emulator for the whole module (seeding is the slow part)."""
    db = tmp_path_factory.mktemp("export-emulator") / "db.sqlite3"
    with EmulatorServer(db, "export-test-key") as server, api_client(server) as api:
        yield server, _seed(api)


def _export(server: EmulatorServer, *args: str) -> Any:
    return vapictl(["export", *args], emulator=server)


def _variables_from(stderr: str) -> list[str]:
    line = next(row for row in stderr.splitlines() if row.startswith("Set these variables"))
    return [item.split(" (", 1)[0] for item in line.split(": ", 1)[1].split("), ")]


def _values(names: list[str]) -> dict[str, str]:
    # Values that are compared must be the real ones; write-only ones may be anything.
    real = {"SUPPORT_SERVER_SECRET": SERVER_SECRET}
    return {
        name: real.get(
            name, HEADER_SECRET if "AUTHORIZATION" in name else "write-only-value-00000000001"
        )
        for name in names
    }


def test_export_then_plan_reports_no_changes(seeded: Any, tmp_path: Path) -> None:
    server, managed_ids = seeded
    out = tmp_path / "manifests"
    result = _export(server, "--dir", str(out), "--vars-file", str(tmp_path / "vars.env"))
    assert result.exit_code == 0, result.output

    files = sorted(path.relative_to(out).as_posix() for path in out.rglob("*") if path.is_file())
    assert files == [
        "assistants.yaml",
        "credentials.yaml",
        "org.yaml",
        "phone-numbers.yaml",
        "prompts/support.md",  # the multi-line system prompt, as `!file prompts/support.md`
        "squads.yaml",
        "tools.yaml",
        "vapictl.schema.json",
    ]
    # verbatim: `${cost}` is prompt text, never a variable
    assert (out / "prompts/support.md").read_text() == "You are support.\nCost: ${cost}.\n"
    text = "".join(path.read_text() for path in sorted(out.rglob("*")) if path.is_file())
    for resource_id in managed_ids:
        assert resource_id not in text
    for secret in SECRETS:
        assert secret not in text
        assert secret not in result.output
    assert all(
        path.read_text().startswith("# yaml-language-server: $schema=")
        for path in out.glob("*.yaml")
    )

    variables = _variables_from(result.stderr)
    assert "SUPPORT_SERVER_SECRET" in variables
    assert "MAIN_LINE_TWILIO_AUTH_TOKEN" in variables
    assert "SIP_DESK_SIP_PASSWORD" in variables
    assert (tmp_path / "vars.env").read_text().count("=\n") == len(variables)

    env = _values(variables)
    validate = vapictl(["validate", "-f", str(out)], env=env)
    assert validate.exit_code == 0, validate.output
    plan = vapictl(["plan", "-f", str(out), "--detailed-exitcode"], emulator=server, env=env)
    assert plan.exit_code == 0, plan.output


def test_re_export_is_byte_identical(seeded: Any, tmp_path: Path) -> None:
    server, _ = seeded
    # Different depths: nothing in the files may depend on where they are written.
    first, second = tmp_path / "a", tmp_path / "x" / "y" / "b"
    assert _export(server, "--dir", str(first)).exit_code == 0
    assert _export(server, "--dir", str(second)).exit_code == 0

    def files(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*.*")}

    assert "prompts/support.md" in files(first)
    assert files(first) == files(second)
    # And again into the same directory, over the previous files.
    assert _export(server, "--dir", str(first), "--force").exit_code == 0
    assert files(first) == files(second)


def test_single_file_kind_filter_and_pins(seeded: Any, tmp_path: Path) -> None:
    server, _ = seeded
    target = tmp_path / "org.yaml"
    result = _export(server, "--file", str(target), "--kind", "assistant", "--pin-ids")
    assert result.exit_code == 0, result.output
    text = target.read_text()
    assert "assistants:" in text and "tools:" not in text and "phoneNumbers:" not in text
    assert text.count("\n    id: ") == 2  # both assistants pinned, and nothing else
    # Tools are not exported, so their ids stay raw and stderr says so.
    assert "toolIds" in text
    assert "not exported tools" in result.stderr


def _run_offline(*args: str) -> subprocess.CompletedProcess[str]:
    """The installed entry point, with no API key: for paths that must fail before any call."""
    return subprocess.run(
        [sys.executable, "-m", "vapictl", "export", *args],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1"},
    )


def test_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    (tmp_path / "tools.yaml").write_text("tools: {}\n")
    out = _run_offline("--dir", str(tmp_path))
    assert out.returncode == 1
    assert "Refusing to overwrite" in out.stderr and "--force" in out.stderr
    assert "Traceback" not in out.stderr
    assert (tmp_path / "tools.yaml").read_text() == "tools: {}\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--dir", "d", "--file", "f.yaml"], "exactly one of --dir"),
        ([], "exactly one of --dir"),
        (["--dir", "d", "--kind", "widgets"], "Unknown --kind 'widgets'"),
    ],
)
def test_usage_errors_exit_1_with_a_clear_message(
    tmp_path: Path, args: list[str], message: str
) -> None:
    out = _run_offline(*[str(tmp_path / a) if a in ("d", "f.yaml") else a for a in args])
    assert out.returncode == 1
    assert message in out.stderr
    assert "Traceback" not in out.stderr
