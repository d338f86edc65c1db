"""The manifest schema's compiled validator, cached between runs (issue 17): used only
for the exact schema, fastjsonschema, Python and vapictl it was made with; a damaged,
foreign or unwritable cache costs a compile, never a wrong answer."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import fastjsonschema
import pytest

from vapictl.manifest import validator_cache
from vapictl.manifest.schema import manifest_schema, schema_source
from vapictl.manifest.validator_cache import cached_validator

VALID = {"assistants": {"support": {"firstMessage": "Hi"}}}
INVALID = {"assistants": {"support": {"firstMessage": 42}}}


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("VAPICTL_CACHE_DIR", str(directory))
    return directory


# fastjsonschema's code for a schema, made once per schema for this module (each made
# the same ~400 KB of source again, ~0.1-0.3 s of CPU each time).
_GENERATED: dict[str, str] = {}
_REAL_COMPILE_TO_CODE = fastjsonschema.compile_to_code


def _compiles(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count fastjsonschema compiles from now on."""
    calls: list[int] = []

    def counting(schema: Any, *args: Any, **kwargs: Any) -> str:
        calls.append(1)
        key = json.dumps([schema, args, kwargs], sort_keys=True)
        if key not in _GENERATED:
            _GENERATED[key] = _REAL_COMPILE_TO_CODE(schema, *args, **kwargs)
        return _GENERATED[key]

    monkeypatch.setattr(fastjsonschema, "compile_to_code", counting)
    return calls


@functools.cache
def _compiled_directly() -> Any:
    return fastjsonschema.compile(manifest_schema())


def _agrees_with_fastjsonschema(validate: Any) -> None:
    """Same verdicts as fastjsonschema's own validator (the fast path needs only those:
    jsonschema explains a manifest that is not valid)."""
    assert validate(VALID) == VALID == _compiled_directly()(VALID)
    with pytest.raises(fastjsonschema.JsonSchemaValueException):
        _compiled_directly()(INVALID)
    with pytest.raises(fastjsonschema.JsonSchemaValueException):
        validate(INVALID)


def test_compiled_once_then_read_from_the_cache(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    compiles = _compiles(monkeypatch)
    _agrees_with_fastjsonschema(cached_validator(schema_source(), manifest_schema()))
    (written,) = cache.iterdir()
    assert written.stat().st_mode & 0o777 == 0o600
    _agrees_with_fastjsonschema(cached_validator(schema_source(), manifest_schema()))
    assert len(compiles) == 1


def test_another_schema_or_version_uses_another_file(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    compiles = _compiles(monkeypatch)
    cached_validator(schema_source(), manifest_schema())
    other = {"type": "object", "properties": {"a": {"type": "string"}}}
    validate = cached_validator('{"other": 1}', other)
    with pytest.raises(fastjsonschema.JsonSchemaValueException):
        validate({"a": 1})
    monkeypatch.setattr(validator_cache, "__version__", "0.0.0-other")
    cached_validator(schema_source(), manifest_schema())
    monkeypatch.setattr(validator_cache, "CODE_REVISION", "0-other")
    cached_validator(schema_source(), manifest_schema())
    assert len(compiles) == 4
    assert len(list(cache.iterdir())) == 4


def test_entry_names_are_built_without_locals() -> None:
    source = validator_cache._names_without_locals(
        fastjsonschema.compile_to_code(manifest_schema())
    )
    assert "locals()" not in source
    assert '+ f".assistants.{data__assistants_key}"' in source


def test_failures_are_raised_without_message_or_schema_copy() -> None:
    generated = fastjsonschema.compile_to_code(manifest_schema())
    source = validator_cache._slim_failures(generated)
    assert "definition=" in generated
    assert "definition=" not in source
    raises = [line.strip() for line in source.splitlines() if line.strip().startswith("raise ")]
    assert raises and set(raises) == {"raise _Invalid"}
    namespace: dict[str, Any] = {}
    exec(source, namespace)
    assert issubclass(namespace["_Invalid"], fastjsonschema.JsonSchemaValueException)
    assert namespace["_Invalid"]().message == "invalid"
    assert len(source) < len(generated) / 2


@pytest.mark.parametrize("damage", ["truncated", "not code", "writable by others"])
def test_a_damaged_or_foreign_file_is_compiled_again(
    cache: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    cached_validator(schema_source(), manifest_schema())
    (written,) = cache.iterdir()
    if damage == "truncated":
        written.write_bytes(written.read_bytes()[:1000])
    elif damage == "not code":
        written.write_bytes(b"\xe9")  # marshal of an int: not (name, code)
    else:
        written.chmod(0o666)
    compiles = _compiles(monkeypatch)
    _agrees_with_fastjsonschema(cached_validator(schema_source(), manifest_schema()))
    assert len(compiles) == 1
    assert written.stat().st_mode & 0o777 == 0o600  # written again, private


def test_no_cache_when_turned_off_or_unwritable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VAPICTL_CACHE_DIR", "")
    assert validator_cache.cache_dir() is None
    _agrees_with_fastjsonschema(cached_validator(schema_source(), manifest_schema()))
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    monkeypatch.setenv("VAPICTL_CACHE_DIR", str(blocked / "cache"))
    _agrees_with_fastjsonschema(cached_validator(schema_source(), manifest_schema()))


def test_the_default_place_follows_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VAPICTL_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert validator_cache.cache_dir() == tmp_path / "vapictl"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert validator_cache.cache_dir() == tmp_path / ".cache" / "vapictl"


def test_no_home_means_no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VAPICTL_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    assert validator_cache.cache_dir() is None
    _agrees_with_fastjsonschema(cached_validator(schema_source(), manifest_schema()))


def test_a_small_manifest_uses_the_compiled_validator_only_when_cached(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Below FAST_PATH_MIN_ENTRIES nothing is compiled (jsonschema costs less than a
    compile); a validator already in the cache is read and used (less than either)."""
    from vapictl.manifest import schema_check
    from vapictl.manifest.report import Report

    cached_functions = (
        schema_check._fast_validator,
        schema_check._fast_validator_if_cached,
        schema_check._validator,
    )
    for function in cached_functions:
        function.cache_clear()
    monkeypatch.setattr(schema_check, "FAST_PATH_MIN_ENTRIES", 200)
    compiles = _compiles(monkeypatch)
    built: list[int] = []
    jsonschema_validator = schema_check._validator

    def counted() -> Any:
        built.append(1)
        return jsonschema_validator()

    monkeypatch.setattr(schema_check, "_validator", counted)
    try:
        report = Report()
        schema_check.check_schema(VALID, report)  # cold cache: jsonschema, no compile
        assert (built, compiles, cache.exists()) == ([1], [], False)
        cached_validator(schema_source(), manifest_schema())  # as a large manifest's run does
        schema_check._fast_validator_if_cached.cache_clear()
        built.clear()
        schema_check.check_schema(VALID, report)
        assert built == [] and not report.diagnostics
        schema_check.check_schema(INVALID, report)  # jsonschema explains what is not valid
        assert built == [1] and [d.path for d in report.diagnostics] == [
            "assistants.support.firstMessage"
        ]
    finally:
        for function in cached_functions:
            function.cache_clear()
