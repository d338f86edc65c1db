"""Every shipped example validates with `vapictl validate` (the variables set)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from vapictl.cli import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
# The exact variables the examples need (the Makefile's `make demo` sets them).
EXAMPLE_ENV = {
    "ORG_WEBHOOK_SECRET": "example-org-secret-123",
    "SUPPORT_SECRET": "example-support-secret-456",
    "TOOLS_SECRET": "example-tools-secret-789",
    "TWILIO_AUTH_TOKEN": "example-twilio-token-012",
    "PHONE_WEBHOOK_SECRET": "example-phone-secret-345",
    "SIP_TRUNK_CREDENTIAL_ID": "00000000-0000-4000-8000-000000000001",
    # examples/full: provider credentials and a suite's Slack webhook.
    "OPENAI_API_KEY": "sk-example-openai-key-678",
    "CRM_TOKEN": "example-crm-token-901",
    "SLACK_WEBHOOK_URL": "https://hooks.slack.com/services/T0/B0/example234",
}


def _environments(example: Path) -> list[str]:
    overlays = example / "overlays"
    return sorted(p.name for p in overlays.iterdir() if p.is_dir()) if overlays.is_dir() else []


def _is_manifest_example(path: Path) -> bool:
    # examples/ci holds CI pipeline files, not manifests.
    return path.is_dir() and (any(path.glob("*.yaml")) or (path / "base").is_dir())


CASES = [
    (example.name, env)
    for example in sorted(p for p in EXAMPLES.iterdir() if _is_manifest_example(p))
    for env in (_environments(example) or [None])
]


def test_every_example_directory_is_covered() -> None:
    assert {"basic", "multi-env", "full"} <= {name for name, _ in CASES}
    assert ("multi-env", "staging") in CASES and ("multi-env", "prod") in CASES


@pytest.mark.parametrize(("example", "env"), CASES)
def test_example_validates(example: str, env: str | None) -> None:
    args = ["validate", "-f", str(EXAMPLES / example)] + (["-e", env] if env else [])
    result = CliRunner().invoke(app, args, env=EXAMPLE_ENV)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Valid: ")
    for secret in EXAMPLE_ENV.values():
        assert secret not in result.output


def test_basic_example_has_a_server_url_at_each_of_the_four_levels() -> None:
    from vapictl.manifest.load import load_manifests
    from vapictl.model import Kind

    manifest = load_manifests([EXAMPLES / "basic"], environ=EXAMPLE_ENV)
    assert manifest.org is not None and manifest.org.body["server"]["url"]
    for kind in (Kind.TOOL, Kind.ASSISTANT, Kind.PHONE_NUMBER):
        assert any("url" in r.body.get("server", {}) for r in manifest.resources[kind].values())
