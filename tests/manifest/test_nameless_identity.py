"""Entries with no name to go by are told apart by content; identical ones clash."""

from __future__ import annotations

from pathlib import Path

import pytest

from vapictl.errors import ManifestError
from vapictl.manifest.load import load_manifests


def _load(tmp_path: Path, text: str) -> None:
    path = tmp_path / "tools.yaml"
    path.write_text(text, encoding="utf-8")
    load_manifests([path], environ={})


def test_nameless_tools_of_one_type_that_differ_are_valid(tmp_path: Path) -> None:
    _load(
        tmp_path,
        "tools:\n"
        "  to-sales: {type: transferCall, destinations: [{type: number, number: '+14155550001'}]}\n"
        "  to-desk: {type: transferCall, destinations: [{type: number, number: '+14155550002'}]}\n",
    )


def test_identical_nameless_tools_are_an_error_at_the_second(tmp_path: Path) -> None:
    with pytest.raises(ManifestError) as caught:
        _load(tmp_path, "tools:\n  bye: {type: endCall}\n  bye-again: {type: endCall}\n")
    (error,) = caught.value.errors
    assert "'bye-again' is identical to 'bye'" in error.message
    assert error.location is not None and error.location.line == 3
