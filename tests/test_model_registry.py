"""The registry (vapictl/model/registry.py) is consistent with DESIGN.md §2."""

from __future__ import annotations

from vapictl.model import (
    ORDERED_KINDS,
    RESOURCE_SECTIONS,
    SPECS,
    TOP_LEVEL_SECTIONS,
    Kind,
    identity,
    is_platform_default,
)


def test_every_kind_is_described_once() -> None:
    assert set(SPECS) == set(Kind)
    paths = [spec.api_path for spec in SPECS.values()]
    assert len(paths) == len(set(paths))
    sections = [spec.section for spec in SPECS.values() if spec.section]
    assert len(sections) == len(set(sections))
    assert TOP_LEVEL_SECTIONS[0] == "org" and TOP_LEVEL_SECTIONS[-1] == "settings"


def test_references_follow_the_naming_rule_and_point_backwards() -> None:
    """`fooId` is written `foo: KEY`, `fooIds` as `foos: [KEY]`; a reference targets a
    kind created earlier (DESIGN.md §2), so apply can pass new ids forward."""
    for kind, spec in SPECS.items():
        for reference in spec.references:
            assert reference.target in SPECS
            if reference.tag is None:
                if reference.many:
                    assert reference.api_field == reference.field[:-1] + "Ids", reference
                else:
                    assert reference.api_field == reference.field + "Id", reference
            assert SPECS[reference.target].level < spec.level, (kind, reference)


def test_dependency_order_matches_the_issue() -> None:
    wanted = [
        Kind.CREDENTIAL,
        Kind.TOOL,
        Kind.ASSISTANT,
        Kind.SQUAD,
        Kind.PHONE_NUMBER,
        Kind.ORG,
    ]
    assert [k for k in ORDERED_KINDS if k in wanted] == wanted
    assert list(RESOURCE_SECTIONS.values()) == [
        k for k in ORDERED_KINDS if SPECS[k].section and k is not Kind.ORG
    ]


def test_identity_and_platform_defaults() -> None:
    assert identity(Kind.TOOL, {"type": "function", "function": {"name": "f"}}) == "function:f"
    assert identity(Kind.ASSISTANT, {"name": "support"}) == "support"
    assert is_platform_default(Kind.TOOL, {"id": "x", "orgId": None})
    assert not is_platform_default(Kind.TOOL, {"id": "x", "orgId": "o"})
