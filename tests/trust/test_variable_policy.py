"""Variables cannot exfiltrate secrets (issue 12, item 4): the real CLI against the emulator."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.cli import vapictl
from vapictl.manifest.variable_policy import secret_word_in

pytestmark = pytest.mark.slow

SUPPORT_SECRET = "support-secret-value-0001"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("command", ["validate", "plan", "apply", "drift"])
def test_the_api_key_is_never_expandable(
    command: str, emulator: Any, api: httpx.Client, tmp_path: Path
) -> None:
    path = _write(tmp_path, 'assistants:\n  support:\n    firstMessage: "key=${VAPI_API_KEY}"\n')
    args = [command, "-f", str(path)] + (["--auto-approve"] if command == "apply" else [])
    result = vapictl(args, emulator=emulator)
    assert result.exit_code == 1, result.output
    assert f"{path}:3:" in result.output
    assert "assistants.support.firstMessage" in result.output
    assert "${VAPI_API_KEY} is never expanded" in result.output
    assert emulator.api_key not in result.output
    assert api.get("/assistant").json() == []


def test_a_variable_holding_the_api_key_is_refused_whatever_its_name(
    emulator: Any, api: httpx.Client, tmp_path: Path
) -> None:
    path = _write(tmp_path, 'assistants:\n  support:\n    firstMessage: "hi ${GREETING}"\n')
    result = vapictl(
        ["apply", "-f", str(path), "--auto-approve", "--api-key", emulator.api_key],
        emulator=emulator,
        env={"GREETING": f"x{emulator.api_key}x", "VAPI_API_KEY": ""},
    )
    assert result.exit_code == 1, result.output
    assert "${GREETING} contains the Vapi API key" in result.output
    assert api.get("/assistant").json() == []


def test_secret_variables_stay_in_secret_fields_and_all_breaches_are_reported_at_once(
    emulator: Any, api: httpx.Client, tmp_path: Path
) -> None:
    path = _write(
        tmp_path,
        "settings:\n"
        "  publicVariables: [PUBLIC_TOKEN_NAME]\n"
        "assistants:\n"
        "  support:\n"
        '    firstMessage: "secret is ${SUPPORT_SECRET}"\n'
        "    server: {url: https://support.example.com/vapi, secret: '${SUPPORT_SECRET}'}\n"
        "  sales:\n"
        '    firstMessage: "${GITHUB_TOKEN}"\n'
        '    voicemailMessage: "${PUBLIC_TOKEN_NAME} ${MONKEY_NAME}"\n',
    )
    env = {"GITHUB_TOKEN": "ghp-should-not-leak", "PUBLIC_TOKEN_NAME": "t", "MONKEY_NAME": "m"}
    result = vapictl(["plan", "-f", str(path)], emulator=emulator, env=env)
    assert result.exit_code == 1, result.output
    assert f"{path}:5:" in result.output and f"{path}:8:" in result.output
    assert "${SUPPORT_SECRET} fills the secret field assistants.support.server.secret" in (
        result.output
    )
    assert "${GITHUB_TOKEN} looks like a secret (its name contains TOKEN)" in result.output
    assert "settings.publicVariables: [GITHUB_TOKEN]" in result.output
    assert "PUBLIC_TOKEN_NAME" not in result.output and "MONKEY_NAME" not in result.output
    assert SUPPORT_SECRET not in result.output and "ghp-should-not-leak" not in result.output
    assert api.get("/assistant").json() == []


def test_public_variables_and_secret_header_variables_are_allowed(
    emulator: Any, api: httpx.Client, tmp_path: Path
) -> None:
    path = _write(
        tmp_path,
        "settings: {publicVariables: [BOOKING_KEY_PREFIX]}\n"
        "assistants:\n"
        "  support:\n"
        '    firstMessage: "ref ${BOOKING_KEY_PREFIX}"\n'
        "    server:\n"
        "      url: https://support.example.com/vapi\n"
        "      secret: ${SUPPORT_SECRET}\n"
        "      headers: {Authorization: 'Bearer ${API_TOKEN}'}\n",
    )
    env = {"BOOKING_KEY_PREFIX": "BK", "API_TOKEN": "api-token-value-0001"}
    result = vapictl(["apply", "-f", str(path), "--auto-approve"], emulator=emulator, env=env)
    assert result.exit_code == 0, result.output
    assert api.get("/assistant").json()[0]["firstMessage"] == "ref BK"


@pytest.mark.parametrize("output", ["text", "json", "markdown"])
def test_a_secret_header_variable_is_masked_in_every_plan_output(
    output: str, emulator: Any, tmp_path: Path
) -> None:
    # Let through by the policy as a secret, so shown as one: never in clear.
    path = _write(
        tmp_path,
        "tools:\n"
        "  crm:\n"
        "    type: apiRequest\n"
        "    method: POST\n"
        "    url: https://crm.example.com/api\n"
        "    headers:\n"
        "      type: object\n"
        "      properties: {Authorization: {type: string, value: 'Bearer ${CRM_TOKEN}'}}\n",
    )
    env = {"CRM_TOKEN": "crm-token-value-0001"}
    result = vapictl(["plan", "-f", str(path), "-o", output], emulator=emulator, env=env)
    assert result.exit_code == 0, result.output
    assert "headers.properties.Authorization" in result.output
    assert "crm-token-value-0001" not in result.output


def test_the_schema_documents_public_variables() -> None:
    result = vapictl(["schema"])
    assert '"publicVariables"' in result.stdout


@pytest.mark.parametrize(
    ("name", "word"),
    [
        ("SUPPORT_SECRET", "SECRET"),
        ("apiKey", "KEY"),
        ("GITHUB_TOKENS", "TOKEN"),
        ("db_password", "PASSWORD"),
        ("PRIVATE_PEM", "PRIVATE"),
        ("MONKEY_NAME", None),
        ("KEYNOTE_URL", None),
        ("HOST", None),
    ],
)
def test_secret_looking_names_are_whole_words(name: str, word: str | None) -> None:
    assert secret_word_in(name) == word
