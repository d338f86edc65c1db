"""Shared fixtures: the seed-shaped org as manifests (files) and as live state (dicts)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from vapictl.engine.live import LiveState
from vapictl.manifest.load import load_manifests
from vapictl.manifest.types import Manifest
from vapictl.model import Kind

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = FIXTURES / "seed"
NO_ORG_URL = FIXTURES / "no-org-url"
SECRETS = {
    "ORG_SECRET": "org-secret-value-1",
    "TOOL_SECRET": "tool-secret-value-1",
    "SUPPORT_SECRET": "support-secret-value-1",
    "PHONE_SECRET": "phone-secret-value-1",
}


def load(*paths: Path) -> Manifest:
    return load_manifests(list(paths), variables=SECRETS, environ={})


@pytest.fixture(scope="module")
def seed_manifest() -> Manifest:
    return load(SEED)


def _server(url: str, *, secret: bool) -> dict[str, Any]:
    return {"url": url, "credentialId": "cred-1"} if secret else {"url": url}


def seed_live() -> LiveState:
    """The seed org as the API returns it: ids, names, credentialIds for secrets."""
    tools = [
        {
            "id": "t-lookup",
            "type": "function",
            "function": {"name": "lookup"},
            "server": _server("https://tools.example.com/lookup", secret=True),
        },
        {"id": "t-notify", "type": "function", "function": {"name": "notify"}},
    ]

    def assistant(ident: str, name: str, tool_ids: list[str], **extra: Any) -> dict[str, Any]:
        model = {"provider": "openai", "model": "gpt-4o", "toolIds": tool_ids}
        return {"id": ident, "name": name, "model": model, **extra}

    assistants = [
        assistant(
            "a-support",
            "support",
            ["t-lookup", "t-notify"],
            server=_server("https://support.example.com/vapi", secret=True),
        ),
        assistant("a-sales", "sales", ["t-notify"]),
        assistant(
            "a-triage-a",
            "triage-a",
            [],
            server=_server("http://triage.example.com/vapi", secret=False),
        ),
        assistant("a-triage-b", "triage-b", ["t-lookup"]),
        assistant("a-orphan", "orphan", ["t-notify"]),
    ]
    squads = [
        {
            "id": "s-triage",
            "name": "triage",
            "members": [{"assistantId": "a-triage-a"}, {"assistantId": "a-triage-b"}],
        }
    ]

    def phone(ident: str, name: str, **extra: Any) -> dict[str, Any]:
        # sipUri is a vapi number's identity: the same as in fixtures/seed/org.yaml
        sip_user = {"routed-fallback": "routed", "routed-nofallback": "nofallback"}.get(
            name, name.removesuffix("-line")
        )
        return {
            "id": ident,
            "name": name,
            "provider": "vapi",
            "sipUri": f"sip:{sip_user}@sip.vapi.ai",
            **extra,
        }

    phones = [
        phone(
            "p-main",
            "main",
            assistantId="a-support",
            server=_server("https://main.example.com/vapi", secret=True),
        ),
        phone("p-sales", "sales-line", assistantId="a-sales"),
        phone(
            "p-triage",
            "triage-line",
            squadId="s-triage",
            server=_server("https://triage-line.example.com/vapi", secret=True),
        ),
        phone(
            "p-routed",
            "routed-fallback",
            server=_server("https://router.example.com/vapi", secret=True),
            fallbackDestination={"type": "number", "number": "+14155550100"},
        ),
        phone("p-nofallback", "routed-nofallback"),
    ]
    org = {
        "id": "org-1",
        "name": "seed",
        "server": _server("https://org.example.com/vapi", secret=True),
    }
    return LiveState(
        org=org,
        items={
            Kind.CREDENTIAL: [],
            Kind.TOOL: tools,
            Kind.ASSISTANT: assistants,
            Kind.SQUAD: squads,
            Kind.PHONE_NUMBER: phones,
        },
    )


# (phoneNumber, assistant, tool, event) -> (url, level): what the precedence gives.
SEED_ROUTES: dict[tuple[str | None, str | None, str | None, str], tuple[str | None, str | None]] = {
    ("main", "support", None, "server-messages"): ("https://support.example.com/vapi", "assistant"),
    ("main", "support", "lookup", "tool-calls"): ("https://tools.example.com/lookup", "tool"),
    ("main", "support", "notify", "tool-calls"): ("https://support.example.com/vapi", "assistant"),
    ("routed-fallback", None, None, "assistant-request"): (
        "https://router.example.com/vapi",
        "phoneNumber",
    ),
    ("routed-nofallback", None, None, "assistant-request"): ("https://org.example.com/vapi", "org"),
    ("sales-line", "sales", None, "server-messages"): ("https://org.example.com/vapi", "org"),
    ("sales-line", "sales", "notify", "tool-calls"): ("https://org.example.com/vapi", "org"),
    ("triage-line", "triage-a", None, "server-messages"): (
        "http://triage.example.com/vapi",
        "assistant",
    ),
    ("triage-line", "triage-b", None, "server-messages"): (
        "https://triage-line.example.com/vapi",
        "phoneNumber",
    ),
    ("triage-line", "triage-b", "lookup", "tool-calls"): (
        "https://tools.example.com/lookup",
        "tool",
    ),
    (None, "orphan", None, "server-messages"): ("https://org.example.com/vapi", "org"),
    (None, "orphan", "notify", "tool-calls"): ("https://org.example.com/vapi", "org"),
}
SEED_WARNINGS = {
    ("phoneNumber/routed-nofallback", "hangup-risk"),
    ("assistant/triage-a", "url-no-secret"),
    ("assistant/triage-a", "insecure-url"),
}


def route_table(
    routes: list[dict[str, Any]],
) -> dict[tuple[str | None, str | None, str | None, str], tuple[str | None, str | None]]:
    """JSON routes as {(phoneNumber, assistant, tool, event): (url, level)}; no duplicates."""
    table = {
        (r["phoneNumber"], r["assistant"], r["tool"], r["event"]): (r["url"], r["level"])
        for r in routes
    }
    assert len(table) == len(routes), "duplicate routes"
    return table
