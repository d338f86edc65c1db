"""Entries checked against Vapi's schemas: each problem at the field that caused it,
through the renames vapictl makes (references, secrets), with allowUnknownFields."""

from __future__ import annotations

from tests.manifest.conftest import WriteFile, load, problems
from vapictl.errors import Diagnostic


def errors(write: WriteFile, text: str) -> list[tuple[int, str, str]]:
    found: list[Diagnostic] = problems(write("m.yaml", text))
    return [
        (d.location.line if d.location else 0, d.path, d.message)
        for d in found
        if d.severity == "error"
    ]


def test_a_referenced_assistant_is_a_valid_id_and_nested_problems_are_located(
    write: WriteFile,
) -> None:
    text = (
        "assistants:\n"
        "  a: {firstMessage: hi}\n"
        "phoneNumbers:\n"
        "  main:\n"
        "    provider: vapi\n"
        "    sipUri: 'sip:main@sip.vapi.ai'\n"
        "    assistant: a\n"
        "    fallbackDestination:\n"
        "      type: number\n"
        "      number: '+14155550000'\n"
        "      extension: '12345678901'\n"
    )
    assert errors(write, text) == [
        (
            11,
            "phoneNumbers.main.fallbackDestination.extension",
            "fallbackDestination.extension must be shorter than or equal to 10 characters",
        )
    ]


def test_the_org_is_checked_as_an_update(write: WriteFile) -> None:
    text = "org:\n  name: acme\n  compliancePlan:\n    hipaaEnabledd: true\n"
    assert errors(write, text) == [
        (
            4,
            "org.compliancePlan.hipaaEnabledd",
            "unknown field 'hipaaEnabledd'; did you mean 'hipaaEnabled'?",
        )
    ]


def test_allow_unknown_fields_matches_nested_paths_without_indexes(write: WriteFile) -> None:
    entry = (
        "squads:\n"
        "  s:\n"
        "    members:\n"
        "      - assistantId: 0b6a5c53-3c4d-4b5e-9f00-0a1b2c3d4e5f\n"
        "        preview: true\n"
    )
    (line, path, message) = errors(write, entry)[0]
    assert (line, path) == (5, "squads.s.members[0].preview")
    assert "allowUnknownFields: ['squad/members.preview']" in message
    allowed = entry + "settings:\n  allowUnknownFields: ['squad/members.*']\n"
    assert load(write("m.yaml", allowed)).warnings == ()
