"""Issue 19 end to end: what Vapi's schema refuses never reaches the API half-way.

Each example is refused by `validate`, `plan` and `apply` before any request, at the
line it was written; one bad entry among good ones makes no call at all.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import api_client
from tests.e2e.cli import vapictl

GOOD = "  good-1: {firstMessage: hi}\n  good-2: {firstMessage: hi}\n"
# (the bad entry, written at line 2 of the file; the line of the field; the message:
# the API's own words, or a did-you-mean for a misspelt field)
EXAMPLES = [
    (
        "  bad: {firstMessage: hi, silenceTimeoutSeconds: 5}\n",
        2,
        "silenceTimeoutSeconds must not be less than 10",
    ),
    (
        "  bad:\n    transcriber: {provider: deepgram, modle: nova-2}\n",
        3,
        "unknown field 'modle'; did you mean 'model'?",
    ),
    (
        "  bad:\n    firstMessage: hi\n    backgroundSound: jungle\n",
        4,
        "backgroundSound must be one of the following values: off, office",
    ),
    (
        "  bad:\n    voice:\n      provider: 11labs\n      voiceId: burt\n      speed: 9\n",
        6,
        "voice.speed must not be greater than 1.2",
    ),
    (
        "  bad:\n    stopSpeakingPlan:\n      numWord: 2\n",
        4,
        "unknown field 'numWord'; did you mean 'numWords'?",
    ),
    (
        "  bad:\n    analysisPlan:\n      summaryPlan:\n        enabeld: true\n",
        5,
        "unknown field 'enabeld'; did you mean 'enabled'?",
    ),
]
IDS = ["silenceTimeout", "modle", "jungle", "speed", "numWord", "enabeld"]


def _manifest(tmp_path: Path, bad: str) -> Path:
    path = tmp_path / "assistants.yaml"
    path.write_text("assistants:\n" + bad + GOOD)
    return path


@pytest.mark.parametrize(("bad", "line", "message"), EXAMPLES, ids=IDS)
def test_validate_refuses_at_the_line(tmp_path: Path, bad: str, line: int, message: str) -> None:
    path = _manifest(tmp_path, bad)
    result = vapictl(["validate", "-f", str(path)])
    assert result.exit_code == 1
    assert f"{path}:{line}:" in result.output
    assert message in result.output
    assert result.output.count("error:") == 1  # the good entries are fine


@pytest.mark.parametrize(("bad", "line", "message"), EXAMPLES, ids=IDS)
def test_plan_and_apply_refuse_before_any_call(
    emulator: Any, tmp_path: Path, bad: str, line: int, message: str
) -> None:
    path = _manifest(tmp_path, bad)
    for command in (["plan"], ["apply", "--auto-approve"]):
        result = vapictl([*command, "-f", str(path)], emulator=emulator)
        assert result.exit_code == 1, result.output
        assert f"{path}:{line}:" in result.output
        assert message in result.output
    # Nothing written, nothing refused: the only requests are the live read that
    # overlaps the manifest load by design (engine/session.py), and its result is dropped.
    assert set(emulator.stats.by_method) <= {"GET"}
    assert set(emulator.stats.by_status) <= {200}


def test_the_emulator_refuses_what_validate_refuses(emulator: Any) -> None:
    """Sent straight to the API, the body gets the 400 the real API gives, in its words
    (tests/emulator/test_validation.py covers every example)."""
    with api_client(emulator) as api:
        response = api.post("/assistant", json={"name": "bad", "silenceTimeoutSeconds": 5})
    assert response.status_code == 400
    assert response.json()["message"] == ["silenceTimeoutSeconds must not be less than 10"]


def test_allow_unknown_fields_lets_a_newer_field_through(emulator: Any, tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    body = "assistants:\n  a:\n    firstMessage: hi\n    brandNewField: true\n"
    path.write_text(body)
    refused = vapictl(["validate", "-f", str(path)])
    assert refused.exit_code == 1
    assert "allowUnknownFields: ['assistant/brandNewField']" in refused.output
    path.write_text(body + "settings:\n  allowUnknownFields: ['assistant/brandNew*']\n")
    assert vapictl(["validate", "-f", str(path)]).exit_code == 0
    planned = vapictl(["plan", "-f", str(path)], emulator=emulator)
    assert planned.exit_code == 0, planned.output
    assert "brandNewField" in planned.output


def test_good_entries_still_apply(emulator: Any, tmp_path: Path) -> None:
    path = _manifest(tmp_path, "  fine: {firstMessage: hi, silenceTimeoutSeconds: 30}\n")
    result = vapictl(["apply", "--auto-approve", "-f", str(path)], emulator=emulator)
    assert result.exit_code == 0, result.output
    with api_client(emulator) as api:
        names = sorted(a["name"] for a in api.get("/assistant").json())
    assert names == ["fine", "good-1", "good-2"]


def test_a_refusal_during_apply_names_the_manifest_line(emulator: Any, tmp_path: Path) -> None:
    """A field let through by allowUnknownFields that the API still refuses: the apply
    error points at where the manifest wrote it, not only at the API's words."""
    path = tmp_path / "m.yaml"
    path.write_text(
        "assistants:\n"
        "  a:\n"
        "    firstMessage: hi\n"
        "    brandNewField: true\n"
        "settings:\n"
        "  allowUnknownFields: ['assistant/brandNewField']\n"
    )
    result = vapictl(["apply", "--auto-approve", "-f", str(path)], emulator=emulator)
    assert result.exit_code == 1
    assert "property brandNewField should not exist" in result.output
    assert f"(at {path}:4:20, brandNewField)" in result.output.replace("\n", "")
