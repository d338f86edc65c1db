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
