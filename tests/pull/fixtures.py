"""A small base + staging/prod layout to pull into, written fresh for each test."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

BASE_ASSISTANTS = """\
# Shared by every environment.
assistants:
  support:
    firstMessage: Hi, this is Acme support.   # the greeting callers hear
    model:
      provider: openai
      model: gpt-4o
      temperature: 0.3
      messages:
        - role: system
          content: |
            You are Acme's support agent.
            Be brief.
      tools: [lookup-order]
    voice: {provider: 11labs, voiceId: burt}
  billing:
    firstMessage: 'Billing desk, how can I help?'
    model: {provider: openai, model: gpt-4o}
"""
BASE_TOOLS = """\
tools:
  lookup-order:
    type: function
    function:
      name: lookup_order
      parameters: {type: object, properties: {orderId: {type: string}}}
    server:
      url: ${ORDERS_URL:-https://orders.example.com/vapi}
      secret: ${TOOLS_SECRET}
"""
PROD_ASSISTANTS = """\
# Prod runs a cooler model.
assistants:
  support:
    model:
      temperature: 0.2   # keep answers steady
    maxDurationSeconds: 1200
"""
STAGING_ASSISTANTS = """\
assistants:
  support:
    model:
      model: gpt-4o-mini
"""
VARIABLES = {"TOOLS_SECRET": "tools-secret-value-1"}


def write_layout(root: Path) -> Path:
    files = {
        "base/assistants.yaml": BASE_ASSISTANTS,
        "base/tools.yaml": BASE_TOOLS,
        "overlays/prod/assistants.yaml": PROD_ASSISTANTS,
        "overlays/staging/assistants.yaml": STAGING_ASSISTANTS,
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def snapshot_files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def live_one(api: httpx.Client, path: str, name: str) -> dict[str, Any]:
    items = [i for i in api.get(path).json() if i.get("name") == name]
    assert len(items) == 1, items
    return dict(items[0])


def edit_live(api: httpx.Client, path: str, name: str, **fields: Any) -> None:
    item = live_one(api, path, name)
    response = api.patch(f"{path}/{item['id']}", json=fields)
    assert response.status_code == 200, response.text
