"""Vapi's own request schemas, checked offline (issue 19).

`check_request(api_path, operation, body)` lists what the real API would refuse in a
create (POST) or update (PATCH) body, in the API's own class-validator words. The
schemas are generated from the OpenAPI spec by scripts/gen_apischema.py into
data/requests.json.gz; overlay.py holds the documented differences from the live API.
Used by the manifest validation (vapictl/manifest/spec_check.py) and by the emulator.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

from vapictl.apischema.explain import Explainer, SpecProblem
from vapictl.apischema.fast import Compiler, Predicate
from vapictl.apischema.overlay import KNOWN_DIFFERENCES, apply_overlay

__all__ = [
    "KNOWN_DIFFERENCES",
    "SpecProblem",
    "check_request",
    "has_schema",
    "is_valid_request",
    "spec_data",
]

Operation = Literal["create", "update"]


@dataclass(frozen=True)
class SpecData:
    source: str  # the spec's origin (repository, commit, date)
    sha256: str  # of the spec file the data was generated from
    roots: Mapping[str, Mapping[str, Any]]  # api path -> operation -> schema node
    explainer: Explainer
    compiler: Compiler


@cache
def spec_data() -> SpecData:
    raw = resources.files("vapictl.apischema").joinpath("data/requests.json.gz").read_bytes()
    data = json.loads(gzip.decompress(raw))
    defs: dict[str, Any] = data["defs"]
    apply_overlay(defs, data["roots"])
    return SpecData(
        source=data["source"],
        sha256=data["sha256"],
        roots=data["roots"],
        explainer=Explainer(defs),
        compiler=Compiler(defs),
    )


def has_schema(api_path: str, operation: Operation) -> bool:
    return operation in spec_data().roots.get(api_path, {})


@cache
def _predicate(api_path: str, operation: Operation) -> Predicate:
    data = spec_data()
    return data.compiler.node(data.roots[api_path][operation])


StandIns = tuple[tuple[type, Any], ...]


@cache
def _stand_in_compiler(stand_ins: StandIns) -> Compiler:
    return Compiler(spec_data().compiler.defs, dict(stand_ins))


@cache
def _stand_in_predicate(api_path: str, operation: Operation, stand_ins: StandIns) -> Predicate:
    return _stand_in_compiler(stand_ins).node(spec_data().roots[api_path][operation])


def is_valid_request(
    api_path: str, operation: Operation, body: Mapping[str, Any], stand_ins: StandIns
) -> bool:
    """Is `body` valid, each value of a stand-in type taken as its stand-in? The compiled
    check alone: no copy of the body, no messages (check_request explains)."""
    if not has_schema(api_path, operation):
        return True
    return _stand_in_predicate(api_path, operation, stand_ins)(body)


def check_request(
    api_path: str,
    operation: Operation,
    body: Mapping[str, Any],
    *,
    stored: Mapping[str, Any] | None = None,
) -> list[SpecProblem]:
    """Every problem of `body` as a request to `api_path` (the collection path, e.g.
    "/assistant"); [] when valid or when the path has no schema (see has_schema).

    `stored`: on an update, the resource as stored, which tells the variant of a
    discriminated union (a tool's `type`, a number's `provider`) when the PATCH body
    leaves the discriminator out."""
    if not has_schema(api_path, operation):
        return []
    data = spec_data()
    root = data.roots[api_path][operation]
    tag_name = root.get("d") if isinstance(root, dict) else None
    added = (
        tag_name is not None and stored is not None and tag_name not in body and tag_name in stored
    )
    checked: Mapping[str, Any] = {tag_name: stored[tag_name], **body} if added else body  # type: ignore[index, dict-item]
    if _predicate(api_path, operation)(checked):
        return []
    problems: list[SpecProblem] = []
    data.explainer.check(root, checked, (), "", "", problems)
    if added:
        problems = [p for p in problems if p.path != (tag_name,)]
    return problems
