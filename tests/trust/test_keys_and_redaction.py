"""API keys and base URLs as pasted, and secrets in escaped forms (issue 12, items 10, 11)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.cli import vapictl
from vapictl.api._errors import error_for_response
from vapictl.secrets import clear_registry, redact, register_secret

pytestmark = pytest.mark.slow


def _manifest(tmp_path: Path) -> Path:
    path = tmp_path / "m.yaml"
    path.write_text("assistants:\n  support:\n    firstMessage: Hi\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("padding", ["\n", "\r\n", "  ", "\t\n"])
def test_a_key_and_base_url_with_surrounding_whitespace_are_stripped(
    padding: str, emulator: Any, tmp_path: Path
) -> None:
    env = {"VAPI_API_KEY": emulator.api_key + padding, "VAPI_BASE_URL": f" {emulator.url}{padding}"}
    result = vapictl(["plan", "-f", str(_manifest(tmp_path))], env=env)
    assert result.exit_code == 0, result.output
    assert "+ assistant/support" in result.output or "support" in result.output


@pytest.mark.parametrize(
    "bad_key", ["clé-privée-1234", "abc\ndef-1234", "abc def-1234", "\x1b[31mkey-1234"]
)
def test_an_illegal_key_is_a_clear_error_that_never_shows_it(
    bad_key: str, emulator: Any, tmp_path: Path
) -> None:
    env = {"VAPI_API_KEY": bad_key, "VAPI_BASE_URL": emulator.url}
    result = vapictl(["plan", "-f", str(_manifest(tmp_path))], env=env)
    assert result.exit_code == 1, result.output
    assert "cannot be sent in an HTTP header" in result.output
    assert "the key is not shown" in result.output
    assert "network" not in result.output and "Traceback" not in result.output
    for part in bad_key.split():
        assert part not in result.output


def test_a_base_url_with_inner_whitespace_is_refused(emulator: Any, tmp_path: Path) -> None:
    env = {"VAPI_API_KEY": emulator.api_key, "VAPI_BASE_URL": emulator.url + "\n/x y"}
    result = vapictl(["plan", "-f", str(_manifest(tmp_path))], env=env)
    assert result.exit_code == 1, result.output
    assert "Invalid API base URL" in result.output


@pytest.mark.parametrize("secret", ['quote"d-secret-1', "back\\slash-secret", "ünïcode-sécret-1"])
def test_json_escaped_forms_of_a_secret_echoed_by_the_api_are_redacted(secret: str) -> None:
    clear_registry()
    try:
        register_secret(secret)
        echoed = f"body {json.dumps({'secret': secret})} / {json.dumps(secret, ensure_ascii=False)}"
        response = httpx.Response(400, json={"message": [echoed]})
        error = error_for_response(
            response, method="POST", path="/assistant", resource="x", api_key="k" * 20
        )
        shown = redact(str(error))
        assert json.dumps(secret)[1:-1] not in shown
        assert json.dumps(secret, ensure_ascii=False)[1:-1] not in shown
        assert secret not in shown
        assert "(sensitive)" in shown
    finally:
        clear_registry()


def test_a_short_secret_is_refused(emulator: Any, api: httpx.Client, tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(
        "assistants:\n  support:\n    server: {url: 'https://s.example.com', secret: '${S}'}\n",
        encoding="utf-8",
    )
    result = vapictl(
        ["apply", "-f", str(path), "--auto-approve"], emulator=emulator, env={"S": "abc1234"}
    )
    assert result.exit_code == 1, result.output
    assert f"{path}:3:" in result.output and "shorter than 8 characters" in result.output
    assert "abc1234" not in result.output
    assert api.get("/assistant").json() == []
