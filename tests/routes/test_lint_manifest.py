"""`lint_manifest`: routing warnings as located Diagnostics, for validate and plan."""

from __future__ import annotations

from pathlib import Path

import pytest

from vapictl.manifest.types import Manifest
from vapictl.routes import lint_manifest

from .conftest import NO_ORG_URL, SEED, load


def test_seed_warnings_point_at_the_fields_in_their_files(seed_manifest: Manifest) -> None:
    diagnostics = {(d.code, d.path): d for d in lint_manifest(seed_manifest)}
    assert set(diagnostics) == {
        ("hangup-risk", "phoneNumber/routed-nofallback.fallbackDestination"),
        ("url-no-secret", "assistant/triage-a.server.url"),
        ("insecure-url", "assistant/triage-a.server.url"),
    }
    assert all(d.severity == "warning" for d in diagnostics.values())
    insecure = diagnostics[("insecure-url", "assistant/triage-a.server.url")]
    assert insecure.location is not None
    assert Path(insecure.location.file).name == "resources.yaml"
    lines = (SEED / "resources.yaml").read_text().splitlines()
    assert "http://triage.example.com" in lines[insecure.location.line - 1]
    # A warning about a missing field points at its resource.
    hangup = diagnostics[("hangup-risk", "phoneNumber/routed-nofallback.fallbackDestination")]
    assert hangup.location is not None
    assert "routed-nofallback:" in lines[hangup.location.line - 1]


def test_partial_view_notes_stay_out_of_validate(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(
        "phoneNumbers:\n  p: {provider: vapi, sipUri: 'sip:p@sip.vapi.ai', assistantId: x}\n"
    )
    manifest = load(path)
    assert lint_manifest(manifest) == []  # unknown-reference/org-unknown are routes-only


def test_unroutable_numbers_are_reported(tmp_path: Path) -> None:
    manifest = load(SEED / "resources.yaml", NO_ORG_URL)
    codes = {(d.code, d.path.partition(".")[0]) for d in lint_manifest(manifest)}
    assert ("unroutable-inbound", "phoneNumber/dead") in codes
    assert ("hangup-risk", "phoneNumber/dead-with-fallback") not in codes
    assert ("tool-no-url", "tool/notify") in codes


def test_inline_tool_warnings_point_into_their_assistant(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(
        """org: {server: {url: "https://org.example.com", secret: "${ORG_SECRET}"}}
assistants:
  a:
    model:
      provider: openai
      model: gpt-4o
      tools:
        - {type: function, function: {name: x}, server: {url: "https://x.example.com"}}
"""
    )
    [diagnostic] = lint_manifest(load(path))
    assert (diagnostic.code, diagnostic.path) == (
        "url-no-secret",
        "assistant/a.model.tools[0].server.url",
    )
    assert diagnostic.location is not None
    assert diagnostic.location.line == 8


def test_knowledge_searches_need_no_server_url(tmp_path: Path) -> None:
    """Vapi answers a query tool and a knowledge base's search tool itself."""
    (tmp_path / "faq.md").write_text("Open 9 to 5.\n", encoding="utf-8")
    path = tmp_path / "m.yaml"
    path.write_text(
        """org: {name: no-url}
files: {faq: {path: faq.md}}
knowledgeBases: {kb: {files: [faq]}}
tools:
  search:
    type: query
    knowledgeBases: [{name: kb, provider: google, description: d, files: [faq]}]
  notify: {type: function, function: {name: notify}}
assistants:
  a:
    model:
      provider: openai
      model: gpt-4o
      tools: [search, notify, {knowledgeBase: kb}]
"""
    )
    codes = {(d.code, d.path.partition(".")[0]) for d in lint_manifest(load(path))}
    assert codes == {("tool-no-url", "tool/notify")}


def test_route_warnings_run_without_the_cyclic_collector_and_turn_it_back_on(
    seed_manifest: Manifest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The lints build a graph of the whole org after the load: the collector's repeated
    scans of the loaded manifests were ~a quarter of validate's lint time."""
    import gc

    from vapictl.cli import warnings
    from vapictl.routes import report

    enabled_inside: list[bool] = []

    def lint(manifest: Manifest, live: object = None) -> list[object]:
        enabled_inside.append(gc.isenabled())
        return lint_manifest(manifest)

    monkeypatch.setattr(report, "lint_manifest", lint)
    monkeypatch.setattr("vapictl.routes.lint_manifest", lint)
    assert gc.isenabled()
    codes = {d.code for d in warnings.route_warnings(seed_manifest)}
    assert enabled_inside == [False]
    assert gc.isenabled()
    assert codes == {"hangup-risk", "url-no-secret"}  # insecure-url: the validator's own
