"""`${VAR}` expansion, --var parsing and dotenv files."""

from __future__ import annotations

from pathlib import Path

import pytest

from vapictl.errors import UsageError
from vapictl.manifest.variables import expand, make_lookup, parse_var_options, read_env_file

ENV = {"HOST": "example.com", "EMPTY": ""}


def lookup(name: str) -> str | None:
    return ENV.get(name)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("https://${HOST}/vapi", "https://example.com/vapi"),
        ("${MISSING:-fallback}", "fallback"),
        ("${EMPTY:-fallback}", "fallback"),  # shell semantics: empty counts as unset
        ("${HOST:-fallback}", "example.com"),
        ("$${HOST} stays literal", "${HOST} stays literal"),
        ("no variables", "no variables"),
        ("${EMPTY}", ""),
    ],
)
def test_expansion(text: str, value: str) -> None:
    result = expand(text, lookup)
    assert result.problems == []
    assert result.value == value


def test_unset_variable_is_named_and_its_value_never_shown() -> None:
    result = expand("${NOPE}", lookup)
    assert result.problems == ["variable ${NOPE} is not set (export it or pass --var NOPE=...)"]


def test_required_variable_message() -> None:
    result = expand("${NOPE:?set NOPE to the trunk id}", lookup)
    assert result.problems == ["variable ${NOPE} is not set: set NOPE to the trunk id"]


@pytest.mark.parametrize("text", ["${1BAD}", "${A B}", "${HOST", "${HOST:=x}"])
def test_malformed_references_are_problems(text: str) -> None:
    assert expand(text, lookup).problems


def test_var_options_take_precedence_over_the_environment() -> None:
    find = make_lookup({"HOST": "from-var"}, {"HOST": "from-env", "OTHER": "env"})
    assert find("HOST") == "from-var"
    assert find("OTHER") == "env"
    assert find("NONE") is None


def test_parse_var_options() -> None:
    assert parse_var_options(["A=1", "B=x=y", "A=2", "C="]) == {"A": "2", "B": "x=y", "C": ""}
    with pytest.raises(UsageError, match="KEY=VALUE"):
        parse_var_options(["novalue"])
    with pytest.raises(UsageError):
        parse_var_options(["1A=2"])


def test_read_env_file(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text(
        "# comment\n\nexport A=1\nB='single # not a comment'\nC=\"dq\\nline\"\nD=plain # comment\n"
    )
    assert read_env_file(env) == {
        "A": "1",
        "B": "single # not a comment",
        "C": "dq\nline",
        "D": "plain",
    }
    env.write_text("just words\n")
    with pytest.raises(UsageError, match=r"\.env:1: expected KEY=VALUE"):
        read_env_file(env)
    with pytest.raises(UsageError, match="cannot read"):
        read_env_file(tmp_path / "missing.env")
