"""Long output (a plan's JSON) is written in pieces of whole lines: the same bytes as
writing it at once, secrets redacted and control characters escaped wherever they are."""

from __future__ import annotations

import pytest

from vapictl.cli import output
from vapictl.secrets import MASK, register_secret


def _long_text(secret: str) -> str:
    lines = [f'  "line {index}": "value {index} \u202e \x1b[31m"' for index in range(20_000)]
    lines[7_000] = f'  "key": "{secret}"'
    lines[15_000] = f'  "other": "a{secret}b"'
    return "{\n" + ",\n".join(lines) + "\n}"


@pytest.mark.parametrize("secret", ["s3cret-value-123", "multi\nline-secret-456"])
def test_pieces_write_what_echo_writes(secret: str, capsys: pytest.CaptureFixture[str]) -> None:
    register_secret(secret)
    text = _long_text(secret.replace("\n", "\\n") if "\n" in secret else secret)
    assert len(text) > 2 * output._PIECE_CHARS
    output.echo(text)
    whole = capsys.readouterr().out
    output.echo_long(text)
    pieces = capsys.readouterr().out
    assert pieces == whole
    assert secret not in pieces and "\x1b" not in pieces and "\u202e" not in pieces
    assert pieces.count(MASK) >= 2


def test_json_in_pieces_is_what_dumps_gives(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    register_secret("json-secret-789")
    data = {
        "items": [
            {"index": i, "name": f"n{i}", "nested": {"a": [1, 2.5, None]}} for i in range(9000)
        ],
        "token": "json-secret-789",
        "long line": "x" * (3 * output._PIECE_CHARS),  # a line longer than a piece
        "object": object(),  # default=str, as before
    }
    output.print_json(data)
    written = capsys.readouterr().out
    expected = json.dumps(data, indent=2, default=str).replace("json-secret-789", MASK) + "\n"
    assert written == expected
    assert len(written) > 4 * output._PIECE_CHARS


def test_json_that_cannot_be_encoded_writes_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    data = {"items": [{"index": i} for i in range(50_000)], "last": float("nan")}
    with pytest.raises(ValueError, match="Out of range float"):
        output.print_json(data)
    assert capsys.readouterr().out == ""
