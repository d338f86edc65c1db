"""The digest, hashed piece by piece to spare memory, is the sha256 of the whole
canonical document's compact, key-sorted JSON: the value saved plans hold."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from tests.test_examples import EXAMPLE_ENV
from vapictl.manifest.digest import canonical_document, manifest_digest
from vapictl.manifest.load import load_manifests
from vapictl.manifest.types import Settings

ROOT = Path(__file__).resolve().parents[2]


def whole_document_digest(manifest_dir: list[Path]) -> tuple[str, str]:
    manifest = load_manifests(manifest_dir, environ=EXAMPLE_ENV)
    document = canonical_document(manifest.all_resources(), manifest.settings)
    text = json.dumps(
        document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    )
    return manifest.digest, hashlib.sha256(text.encode("utf-8")).hexdigest()


@pytest.mark.parametrize(
    "paths",
    [["examples/basic"], ["examples/full"], ["examples/multi-env/base"]],
)
def test_the_digest_is_of_the_whole_canonical_document(paths: list[str]) -> None:
    digest, expected = whole_document_digest([ROOT / path for path in paths])
    assert digest == expected


def test_an_empty_manifest_digest_is_of_the_empty_document() -> None:
    expected = hashlib.sha256(
        b'{"resources":{},"settings":{"ignore":[],"maxDeletes":10,"prune":false}}'
    ).hexdigest()
    assert manifest_digest([], Settings()) == expected


def test_a_digest_of_several_pieces_is_of_the_whole_document() -> None:
    from tests.engine.builders import resource
    from vapictl.model import Kind

    resources = [
        resource(
            Kind.ASSISTANT,
            f"agent-{index:03d}-é",
            {"name": f"agent-{index}", "server": {"url": "https://h", "secret": f"s-{index}"}},
            secrets=("server.secret",),
        )
        for index in reversed(range(250))  # more than two pieces, given out of order
    ]
    settings = Settings(prune=True, ignore=("tool/*",))
    text = json.dumps(
        canonical_document(resources, settings),
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        default=str,
    )
    assert manifest_digest(resources, settings) == hashlib.sha256(text.encode()).hexdigest()


@pytest.mark.parametrize("paths", [["examples/basic"], ["examples/multi-env/base"]])
def test_the_digest_made_after_a_plan_is_the_digest_of_the_load(paths: list[str]) -> None:
    """The digest is made when first asked (saving a plan, after planning): planning
    must not change what it is of."""
    from vapictl.engine.live import LiveState
    from vapictl.engine.plan import build_plan

    directories = [ROOT / path for path in paths]
    planned = load_manifests(directories, environ=EXAMPLE_ENV)
    assert "digest" not in vars(planned)  # not made by the load
    plan = build_plan(planned, LiveState(org={"id": "org", "name": "Org"}))
    assert plan.actions
    fresh = load_manifests(directories, environ=EXAMPLE_ENV)
    assert plan.manifest_digest == planned.digest == fresh.digest
