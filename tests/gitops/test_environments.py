"""Environments: base/ + overlays/<env>/, `-e NAME`, `--var`, `--env-file`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.e2e.cli import vapictl
from vapictl.cli.common import load_manifest
from vapictl.manifest.types import Manifest

MULTI_ENV = Path(__file__).resolve().parents[2] / "examples" / "multi-env"
VARIABLES = {
    "ORG_WEBHOOK_SECRET": "org-webhook-secret-1",
    "SUPPORT_SECRET": "support-secret-1",
    "TOOLS_SECRET": "tools-secret-1",
    "SIP_TRUNK_CREDENTIAL_ID": "00000000-0000-4000-8000-000000000001",
    "PHONE_WEBHOOK_SECRET": "env-test-phone-secret-1",
}


def _leaves(value: Any, base: str = "") -> dict[str, Any]:
    """Dotted path -> scalar or list (lists replace whole when overlays merge)."""
    if isinstance(value, dict) and value:
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(_leaves(item, f"{base}.{key}" if base else str(key)))
        return out
    return {base: value}


def _resolved(manifest: Manifest) -> dict[str, Any]:
    """Every resource and setting as dotted paths, in manifest terms (section.key.field)."""
    tree: dict[str, Any] = {"settings": manifest.settings.__dict__}
    for resource in manifest.all_resources():
        section = (
            "org" if resource.key == "org" else f"{_section(resource.kind.value)}.{resource.key}"
        )
        tree[section] = {**resource.body, "protect": resource.protect}
    return _leaves(tree)


def _section(kind: str) -> str:
    return {"tool": "tools", "assistant": "assistants", "squad": "squads"}.get(kind, "phoneNumbers")


def _overlay_paths(env: str) -> set[str]:
    paths: set[str] = set()
    for file in sorted((MULTI_ENV / "overlays" / env).glob("*.yaml")):
        paths.update(_leaves(yaml.safe_load(file.read_text())))
    return paths


def _resource(path: str) -> str:
    """`assistants.support.model.model` -> `assistants.support` (`org...` -> `org`)."""
    parts = path.split(".")
    return parts[0] if parts[0] in ("org", "settings") else ".".join(parts[:2])


def _resources(tree: dict[str, Any]) -> set[str]:
    return {_resource(p) for p in tree}


def _covered(path: str, declared: set[str]) -> bool:
    """An overlay declares `path` itself, one of its parents, or something inside it."""
    return any(path == d or path.startswith(d + ".") or d.startswith(path + ".") for d in declared)


def _load(env: str) -> Manifest:
    variables = [f"{k}={v}" for k, v in VARIABLES.items()]
    return load_manifest([MULTI_ENV], variables, None, env)


@pytest.mark.skipif(not MULTI_ENV.is_dir(), reason="examples/multi-env is absent")
def test_staging_and_prod_differ_only_where_the_overlays_say() -> None:
    staging, prod = _resolved(_load("staging")), _resolved(_load("prod"))
    declared = _overlay_paths("staging") | _overlay_paths("prod")
    # settings have defaults; their paths are settings.<field> in both trees
    declared |= {p.replace("maxDeletes", "max_deletes") for p in declared}

    # A resource only one environment has must come from that environment's overlay.
    only_in_one = _resources(staging) ^ _resources(prod)
    assert only_in_one == {"phoneNumbers.main-line", "phoneNumbers.support-sip"}
    assert all(_covered(r, declared) for r in only_in_one)
    differing = {
        p
        for p in staging.keys() | prod.keys()
        if staging.get(p) != prod.get(p) and _resource(p) not in only_in_one
    }

    assert differing, "the two environments should differ somewhere"
    assert {p for p in differing if not _covered(p, declared)} == set()
    # What no overlay touches is the same in both: all of base/'s tools, for one.
    assert {p: v for p, v in staging.items() if p.startswith("tools.")} == {
        p: v for p, v in prod.items() if p.startswith("tools.")
    }
    assert staging["assistants.support.model.model"] == "gpt-4o-mini"
    assert prod["assistants.support.model.model"] == "gpt-4o"


def test_minus_e_is_base_then_overlay_and_var_beats_env_file(tmp_path: Path) -> None:
    env_file = tmp_path / "vars.env"
    env_file.write_text("".join(f"{k}=from-file-{v}\n" for k, v in VARIABLES.items()))
    manifest = load_manifest([MULTI_ENV], ["TOOLS_SECRET=from-var-secret"], env_file, "staging")
    assert [Path(s).parent.name for s in manifest.sources][:2] == ["base", "base"]
    assert Path(manifest.sources[-1]).parent.name == "staging"
    tool = manifest.get(*_tool("lookup-order"))
    assert tool is not None and tool.body["server"]["secret"] == "from-var-secret"
    org = manifest.org
    assert org is not None and org.body["server"]["secret"].startswith("from-file-")


def _tool(key: str) -> tuple[Any, str]:
    from vapictl.model import Kind

    return Kind.TOOL, key


def test_minus_e_alone_uses_the_current_directory_as_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(MULTI_ENV, tmp_path / "repo")
    monkeypatch.chdir(tmp_path / "repo")

    plan = vapictl(["plan", "-e", "staging", "--local", "-o", "json"], env=VARIABLES)
    unknown = vapictl(["plan", "-e", "qa", "--local"], env=VARIABLES)

    assert plan.exit_code == 0, plan.output
    created = {(a["kind"], a["name"]) for a in json.loads(plan.stdout)["actions"]}
    assert ("phoneNumber", "support-sip") in created  # staging's own number
    assert ("phoneNumber", "main-line") not in created  # prod's
    assert unknown.exit_code == 1
    assert "unknown environment 'qa'" in unknown.output and "prod, staging" in unknown.output


def test_drift_works_per_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(MULTI_ENV, tmp_path / "repo")
    monkeypatch.chdir(tmp_path / "repo")
    applied = vapictl(["apply", "-e", "staging", "--local", "--auto-approve"], env=VARIABLES)
    assert applied.exit_code == 0, applied.output

    same = vapictl(["drift", "-e", "staging", "--local"], env=VARIABLES)
    other = vapictl(["drift", "-e", "prod", "--local", "-o", "json"], env=VARIABLES)

    assert same.exit_code == 0, same.output
    assert other.exit_code == 2  # prod's overlay says other things than what staging applied
    changed = {r["name"]: r for r in json.loads(other.stdout)["resources"]}
    assert changed["main-line"]["status"] == "missing"
    paths = {f["path"] for f in changed["support"]["fields"]}
    assert {"model.model", "server.url"} <= paths
