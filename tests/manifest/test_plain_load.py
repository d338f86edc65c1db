"""The loader's fast path (manifest/plain_load.py) builds the same Manifest as the
located path, its field locations found on first use; anything to report goes to the
located path, so every diagnostic keeps its file:line:col."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from tests.manifest.conftest import TEST_ENV, WriteFile, problems
from tests.test_examples import EXAMPLE_ENV
from vapictl.manifest import load as load_module
from vapictl.manifest import yaml_loader
from vapictl.manifest.load import discover_files, load_manifests
from vapictl.manifest.plain_load import load_plain
from vapictl.manifest.report import Report
from vapictl.manifest.types import Manifest
from vapictl.secrets import redact

ROOT = Path(__file__).resolve().parents[2]

OVERLAID = """
    org:
      name: Acme
      serverUrl: https://hooks.example.com/org
      serverUrlSecret: ${ORG_WEBHOOK_SECRET}
    tools:
      lookup-order:
        type: function
        function:
          description: Look up an order.
          parameters: {type: object, properties: {id: {type: string}}}
        serverUrl: https://tools.example.com/vapi
        serverUrlSecret: ${TOOLS_SECRET}
      transfer:
        type: transferCall
        destinations: [{type: number, number: '+14155550100'}]
    assistants:
      support:
        id: 0b6a4f6e-1c1a-4c39-9d43-2a2b1f1e0c01
        protect: true
        firstMessage: Hello from ${TEAM_NAME}, how can I help?
        model:
          provider: openai
          model: gpt-4o
          temperature: 0.5
          tools: [lookup-order, transfer]
          messages:
            - role: system
              content: |
                You are the support agent.
                Be brief: yes or no.
        server: {url: 'https://agents.example.com/vapi', secret: '${SUPPORT_SECRET}'}
        metadata: {team: support, tier: 2, since: 2024-01-01}
      sales:
        firstMessage: Hi
        model: {provider: openai, model: gpt-4o}
    squads:
      front:
        members: [{assistant: support}, {assistant: sales}]
    phoneNumbers:
      main:
        provider: vapi
        numberDesiredAreaCode: 415
        assistant: support
    settings:
      prune: true
      maxDeletes: 3
    """
OVERLAY = """
    assistants:
      support:
        model: {model: gpt-4o-mini}
        metadata: null
      night:
        firstMessage: Good evening
        model: {provider: openai, model: gpt-4o}
    """


def _located(
    paths: Sequence[Path], environ: Mapping[str, str], monkeypatch: pytest.MonkeyPatch
) -> Manifest:
    with monkeypatch.context() as patch:
        patch.setattr(load_module, "load_plain", lambda *args: None)
        return load_manifests(list(paths), environ=environ)


def _fast(paths: Sequence[Path], environ: Mapping[str, str]) -> Manifest:
    files = discover_files(list(paths), Report())
    manifest = load_plain(list(paths), files, None, environ, ())
    assert manifest is not None, "the fast path refused a manifest it should read"
    return manifest


def assert_same(fast: Manifest, slow: Manifest) -> None:
    assert (fast.digest, fast.sources, fast.settings) == (slow.digest, slow.sources, slow.settings)
    assert fast.warnings == slow.warnings == ()
    pairs = list(zip(fast.all_resources(), slow.all_resources(), strict=True))
    for mine, theirs in pairs:
        assert mine == theirs  # kind, key, body, location, pinned id, protect, secret paths
        assert mine.location == theirs.location
        assert dict(mine.field_locations) == theirs.field_locations, mine.address
        assert mine.text_files == theirs.text_files


def test_an_overlaid_manifest_reads_the_same_on_both_paths(
    write: WriteFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = [write("base.yaml", OVERLAID), write("prod.yaml", OVERLAY)]
    environ = {**TEST_ENV, "TEAM_NAME": "Acme"}
    fast = _fast(paths, environ)
    assert_same(fast, _located(paths, environ, monkeypatch))
    bodies = {r.address: r.body for r in fast.all_resources()}
    assert bodies["tool/lookup-order"]["function"]["name"] == "lookup-order"
    assert bodies["tool/lookup-order"]["server"]["url"] == "https://tools.example.com/vapi"
    assert bodies["assistant/support"]["firstMessage"] == "Hello from Acme, how can I help?"
    assert bodies["assistant/support"]["model"]["model"] == "gpt-4o-mini"
    assert "night" in {r.key for r in fast.all_resources()}
    # the secret read on the fast path is registered for scrubbing, as on the located one
    assert redact(f"x {TEST_ENV['SUPPORT_SECRET']} y") != f"x {TEST_ENV['SUPPORT_SECRET']} y"


@pytest.mark.parametrize(
    "paths",
    [
        ["examples/full"],
        ["examples/multi-env/base", "examples/multi-env/overlays/prod"],
        ["examples/multi-env/base", "examples/multi-env/overlays/staging"],
    ],
)
def test_the_examples_read_the_same_on_both_paths(
    paths: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    resolved = [ROOT / path for path in paths]
    assert_same(_fast(resolved, EXAMPLE_ENV), _located(resolved, EXAMPLE_ENV, monkeypatch))


def test_field_locations_are_read_once_on_first_use(
    write: WriteFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write("m.yaml", OVERLAID)
    manifest = _fast([path], {**TEST_ENV, "TEAM_NAME": "Acme"})
    reads: list[Path] = []
    real = yaml_loader.load_yaml_file  # imported where it is used: PyYAML only then

    def counting(file: Path, root: Path | None = None) -> object:
        reads.append(file)
        return real(file, root)

    monkeypatch.setattr(yaml_loader, "load_yaml_file", counting)
    support = next(r for r in manifest.all_resources() if r.key == "support")
    assert support.location_of("model.temperature").line == 24
    assert support.location_of("server.secret").line == 31
    sales = next(r for r in manifest.all_resources() if r.key == "sales")
    assert "model.model" in sales.field_locations
    assert reads == [path]  # one re-read serves every resource


def test_anything_to_report_is_reported_by_the_located_path(write: WriteFile) -> None:
    # A warning alone (plain http) is enough to leave the fast path: it is located.
    path = write(
        "m.yaml",
        """
        tools:
          hook:
            type: function
            function: {description: x}
            server: {url: 'http://tools.example.com/vapi'}
          broken:
            type: function
            function: {description: 5}
        """,
    )
    found = problems(path)
    assert [(d.severity, d.location.line if d.location else None) for d in found] == [
        ("warning", 5),
        ("error", 8),
    ]


def test_a_refused_file_sends_the_whole_load_to_the_located_path(
    write: WriteFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    write("prompts/support.md", "You are the support agent.\n")
    paths = [
        write("tools.yaml", "tools:\n  t:\n    type: function\n    function: {description: x}\n"),
        write(
            "assistants.yaml",
            "assistants:\n  a:\n    model:\n      provider: openai\n      model: gpt-4o\n"
            "      messages: [{role: system, content: !file prompts/support.md}]\n",
        ),
    ]
    assert load_plain(paths, paths, None, TEST_ENV, ()) is None
    manifest = load_manifests(paths, environ=TEST_ENV)
    assistant = next(r for r in manifest.all_resources() if r.key == "a")
    assert assistant.text_files["model.messages[0].content"].written == "prompts/support.md"


@pytest.mark.parametrize(
    "layout",
    [
        "assistants: {a: {firstMessage: hi, model: {provider: openai, model: gpt-4o}}}\n",
        "assistants:\n  'a':\n    firstMessage: hi\n    model: {provider: openai, model: gpt-4o}\n",
    ],
)
def test_an_unusual_layout_is_read_by_the_located_path(
    layout: str, write: WriteFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write("m.yaml", layout)
    assert load_plain([path], [path], None, TEST_ENV, ()) is None
    manifest = load_manifests([path], environ=TEST_ENV)
    assert next(manifest.all_resources()).location.line == (1 if "{a:" in layout else 2)
