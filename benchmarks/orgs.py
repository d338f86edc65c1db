"""Synthetic orgs for the benchmarks: live documents seeded straight into the emulator's
store, and the manifests that declare exactly them (so a plan is empty).

Shapes follow the API reference: function tools with parameters and a server URL,
assistants with a system prompt, tool references, a voice and a server, squads of
two or three members, and `vapi` SIP phone numbers bound to an assistant. Seeding
goes through `Store.insert` in one transaction: it is setup, not what we measure.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from vapictl.emulator import validation
from vapictl.emulator.storage import Store

# Share of each kind in an org of N resources (assistants dominate real orgs).
TOOL_SHARE = 0.2
SQUAD_SHARE = 0.1
PHONE_SHARE = 0.1

_WORDS = [
    "order",
    "refund",
    "shipping",
    "account",
    "billing",
    "invoice",
    "appointment",
    "policy",
    "customer",
    "premium",
    "escalate",
    "verify",
    "identity",
    "address",
    "schedule",
    "cancel",
    "upgrade",
    "warranty",
    "delivery",
    "return",
]


@dataclass
class SeededOrg:
    """What was seeded: the manifest directory and how many resources of each kind."""

    manifest_dir: Path
    counts: dict[str, int] = field(default_factory=dict)
    assistant_ids: dict[str, str] = field(default_factory=dict)  # manifest key -> live id

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def prompt_text(rng: random.Random, size: int) -> str:
    """A system prompt of about `size` characters of plausible words."""
    words: list[str] = []
    length = 0
    while length < size:
        word = rng.choice(_WORDS)
        words.append(word)
        length += len(word) + 1
    return "You are a helpful voice agent. " + " ".join(words)


def tool_body(index: int) -> dict[str, Any]:
    return {
        "type": "function",
        "function": {
            "name": f"tool_{index:05d}",
            "description": f"Look up record {index} by id",
            "parameters": {
                "type": "object",
                "properties": {
                    "recordId": {"type": "string", "description": "The record id"},
                    "verbose": {"type": "boolean"},
                },
                "required": ["recordId"],
            },
        },
        "server": {
            "url": f"https://tools-{index % 7}.example.com/vapi/tools",
            "timeoutSeconds": 20,
        },
    }


def assistant_body(index: int, prompt: str, tool_refs: list[Any]) -> dict[str, Any]:
    return {
        "name": f"assistant-{index:05d}",
        "firstMessage": f"Hello, this is agent {index}. How can I help?",
        "model": {
            "provider": "openai",
            "model": "gpt-4o",
            "temperature": 0.3,
            "messages": [{"role": "system", "content": prompt}],
            "toolIds": tool_refs,
        },
        "voice": {"provider": "11labs", "voiceId": "burt"},
        "server": {"url": f"https://agents-{index % 5}.example.com/vapi"},
        "metadata": {"team": _WORDS[index % len(_WORDS)], "tier": index % 3},
    }


def squad_body(index: int, members: list[Any]) -> dict[str, Any]:
    return {"name": f"squad-{index:05d}", "members": [{"assistantId": m} for m in members]}


def phone_body(index: int, assistant: Any) -> dict[str, Any]:
    return {
        "provider": "vapi",
        "name": f"line-{index:05d}",
        "sipUri": f"sip:line-{index:05d}@sip.vapi.ai",
        "assistantId": assistant,
        "fallbackDestination": {"type": "number", "number": "+14155550199"},
    }


def split_counts(total: int) -> dict[str, int]:
    tools = max(1, int(total * TOOL_SHARE))
    squads = max(1, int(total * SQUAD_SHARE))
    phones = max(1, int(total * PHONE_SHARE))
    return {
        "tools": tools,
        "assistants": total - tools - squads - phones,
        "squads": squads,
        "phoneNumbers": phones,
    }


def _check_shape(kind: str, body: dict[str, Any]) -> None:
    """Fail loudly if a generated shape is one the API (emulator) would refuse."""
    errors = validation.validate_create(kind, body)
    if errors:
        raise ValueError(f"generated {kind} is invalid: {errors}")


def seed_org(
    store: Store,
    manifest_dir: Path,
    total: int,
    *,
    prompt_size: int = 400,
    seed: int = 7,
) -> SeededOrg:
    """Insert an org of about `total` resources and write manifests declaring all of it."""
    rng = random.Random(seed)
    counts = split_counts(total)
    org = SeededOrg(manifest_dir, counts)
    sections: dict[str, dict[str, Any]] = {
        "tools": {},
        "assistants": {},
        "squads": {},
        "phoneNumbers": {},
    }
    tool_ids: list[tuple[str, str]] = []  # (manifest key, live id)
    assistant_keys: list[str] = []
    with store.transaction():
        for i in range(counts["tools"]):
            body = tool_body(i)
            if i == 0:
                _check_shape("tool", body)
            key = body["function"]["name"]
            tool_ids.append((key, store.insert("tool", body)["id"]))
            sections["tools"][key] = body
        for i in range(counts["assistants"]):
            picks = [tool_ids[(i * 3 + k) % len(tool_ids)] for k in range(2)]
            live = assistant_body(i, prompt_text(rng, prompt_size), [tid for _, tid in picks])
            if i == 0:
                _check_shape("assistant", live)
            key = live["name"]
            org.assistant_ids[key] = store.insert("assistant", live)["id"]
            assistant_keys.append(key)
            declared = {k: v for k, v in live.items() if k != "name"}
            declared["model"] = {k: v for k, v in live["model"].items() if k != "toolIds"}
            declared["model"]["tools"] = [key for key, _ in picks]
            sections["assistants"][key] = declared
        for i in range(counts["squads"]):
            members = [assistant_keys[(i * 2 + k) % len(assistant_keys)] for k in range(2)]
            live = squad_body(i, [org.assistant_ids[m] for m in members])
            if i == 0:
                _check_shape("squad", live)
            store.insert("squad", live)
            sections["squads"][live["name"]] = {"members": [{"assistant": m} for m in members]}
        for i in range(counts["phoneNumbers"]):
            target = assistant_keys[i % len(assistant_keys)]
            live = phone_body(i, org.assistant_ids[target])
            if i == 0:
                _check_shape("phone-number", live)
            store.insert("phone-number", {**live, "status": "active"})
            declared = {k: v for k, v in live.items() if k not in ("name", "assistantId")}
            declared["assistant"] = target
            sections["phoneNumbers"][live["name"]] = declared
    write_manifests(manifest_dir, sections)
    return org


def write_manifests(directory: Path, sections: dict[str, dict[str, Any]]) -> None:
    """One YAML file per section (the layout `vapictl export --dir` writes)."""
    directory.mkdir(parents=True, exist_ok=True)
    for old in directory.glob("*.yaml"):
        old.unlink()
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    for index, (section, entries) in enumerate(sections.items()):
        if not entries:
            continue
        path = directory / f"{index}-{section}.yaml"
        with path.open("w", encoding="utf-8") as handle:
            yaml.dump({section: entries}, handle, Dumper=dumper, sort_keys=False, width=120)
