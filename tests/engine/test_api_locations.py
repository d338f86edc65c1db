"""API refusals mapped back to manifest fields (engine/api_locations.py)."""

from __future__ import annotations

import pytest

from vapictl.engine.api_locations import message_path, with_locations
from vapictl.errors import ApiError, Location
from vapictl.manifest.types import Resource
from vapictl.model import Kind


@pytest.mark.parametrize(
    ("message", "path"),
    [
        ("voice.speed must not be greater than 1.2", ["voice", "speed"]),
        ("property modle should not exist", ["modle"]),
        ("transcriber.property modle should not exist", ["transcriber", "modle"]),
        ("model.each value in tools.property name should not exist", ["model", "tools", "name"]),
        ("members.0.assistantId must be a string", ["members", 0, "assistantId"]),
        ("each value in serverMessages must be one of the following values: a", ["serverMessages"]),
        ("nested property voice must be either object or array", ["voice"]),
    ],
)
def test_message_path(message: str, path: list[str | int]) -> None:
    assert message_path(message) == path


def _resource() -> Resource:
    return Resource(
        kind=Kind.PHONE_NUMBER,
        key="main",
        body={"provider": "vapi", "assistant": "support", "server": {"url": "https://x"}},
        location=Location("m.yaml", 2, 3),
        field_locations={
            "assistant": Location("m.yaml", 4, 16),
            "server": Location("m.yaml", 5, 13),
            "server.url": Location("m.yaml", 5, 19),
        },
    )


def test_fields_are_located_through_manifest_spellings() -> None:
    error = ApiError(
        "POST /phone-number was rejected (HTTP 400): ...",
        status=400,
        api_messages=["assistantId must be a UUID", "server.url must be a URL address"],
    )
    located = with_locations(error, _resource())
    assert str(located).endswith("(at m.yaml:4:16, assistant; m.yaml:5:19, server.url)")
    assert located.status == 400 and located.api_messages == error.api_messages


def test_messages_about_no_field_are_left_alone() -> None:
    error = ApiError("refused", status=401, api_messages=["Invalid Key"])
    assert with_locations(error, _resource()) is error
    assert with_locations(error, None) is error
