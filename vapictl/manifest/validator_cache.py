"""The manifest schema's compiled validator, kept between runs.

fastjsonschema turns the schema into ~400 KB of Python source (~125 KB once its
failures are slimmed, below), which Python then compiles: ~0.1-0.2 s of CPU on
every `vapictl validate` or plan of a large manifest. The compiled code object is
written to a cache file whose name is a digest of everything it depends on (the
schema's text, fastjsonschema's version, the Python bytecode format, vapictl's
version), so any change of those simply uses another file. A file
that cannot be read, is not ours, or is damaged is ignored and written again; a cache
that cannot be written costs only the compile.

`VAPICTL_CACHE_DIR` moves the cache (default `$XDG_CACHE_HOME/vapictl`, else
`~/.cache/vapictl`); set it empty to keep nothing.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from types import CodeType
from typing import Any

from vapictl import __version__
from vapictl.safe_files import replace_bytes

Validate = Callable[[Any], Any]


def cache_dir() -> Path | None:
    """Where compiled validators are kept; None when caching is turned off."""
    configured = os.environ.get("VAPICTL_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured.strip() else None
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except (RuntimeError, KeyError):  # no HOME and no passwd entry (some containers)
            return None
    return Path(base) / "vapictl"


def cached_validator(schema_text: str, schema: dict[str, Any]) -> Validate:
    """fastjsonschema's validator of `schema` (whose canonical text is `schema_text`),
    from the cache when it holds this exact one, else compiled (and cached)."""
    path = _cache_path(schema_text)
    cached = _read(path) if path is not None else None
    if cached is None:
        import fastjsonschema
        from fastjsonschema.ref_resolver import RefResolver

        source = _slim_failures(_names_without_locals(fastjsonschema.compile_to_code(schema)))
        # The generated module's entry point, named as fastjsonschema.compile finds it.
        name = RefResolver.from_schema(schema, handlers={}, store={}).get_scope_name()
        cached = (name, compile(source, "<vapictl manifest validator>", "exec"))
        if path is not None:
            _write(path, cached)
    return _loaded(cached)


def validator_if_cached(schema_text: str) -> Validate | None:
    """The cached validator for `schema_text`, or None (nothing is compiled): for a small
    manifest, compiling costs more than jsonschema's check, reading the cache far less."""
    path = _cache_path(schema_text)
    cached = _read(path) if path is not None else None
    return _loaded(cached) if cached is not None else None


def _cache_path(schema_text: str) -> Path | None:
    """The cache file of this schema, fastjsonschema, Python and vapictl; None: no cache."""
    import fastjsonschema

    key = hashlib.sha256(
        "\0".join(
            (
                schema_text,
                fastjsonschema.VERSION,
                CODE_REVISION,
                sys.implementation.cache_tag,
                __version__,
            )
        ).encode()
    ).hexdigest()[:24]
    directory = cache_dir()
    return directory / f"manifest-validator-{key}.marshal" if directory else None


def _loaded(cached: tuple[str, CodeType]) -> Validate:
    name, code = cached
    namespace: dict[str, Any] = {}
    exec(code, namespace)  # the code fastjsonschema generated for this schema
    validate: Validate = namespace[name]
    return validate


# fastjsonschema names each entry of a mapping for its error messages with
# `".x.{key}".format(**locals())`, built for every entry, valid or not: `locals()` of
# its huge generated functions cost ~30 ms per 2,000 entries. An f-string gives the
# same text from the same variables.
_FORMAT_LOCALS = re.compile(r'"((?:[^"\\\n]|\\.)*)"\.format\(\*\*locals\(\)\)')
CODE_REVISION = "3"  # of the changes made to the generated code (part of the cache key)


def _names_without_locals(source: str) -> str:
    return _FORMAT_LOCALS.sub(r'f"\1"', source)


# Each failure fastjsonschema raises builds its message and a literal copy of the failing
# sub-schema (up to 50 KB of dict display): on a valid manifest that is every `if` whose
# condition does not hold (a vapi number fails each other provider's), about half of the
# validator's time. This validator only says whether a manifest is valid (jsonschema
# explains one that is not), so a failure is raised bare, as an exception whose __init__
# is C's (a third of the cost of JsonSchemaValueException's own). Each raise is one line.
_FAILURE = re.compile(r"(?m)^( *)raise JsonSchemaValueException\(.*\)$")
_IMPORT = "from fastjsonschema import JsonSchemaValueException, JsonSchemaValuesException\n"
_INVALID = """
class _Invalid(JsonSchemaValueException):
    __init__ = Exception.__init__
    message, value, name, definition, rule = "invalid", None, None, None, None
"""


def _slim_failures(source: str) -> str:
    if _IMPORT not in source:  # another layout: only the messages are dropped
        return _FAILURE.sub(r'\1raise JsonSchemaValueException("invalid")', source)
    return _FAILURE.sub(r"\1raise _Invalid", source.replace(_IMPORT, _IMPORT + _INVALID, 1))


def _read(path: Path) -> tuple[str, CodeType] | None:
    try:
        with path.open("rb") as stream:
            status = os.fstat(stream.fileno())
            # Code from a file someone else could have written is never run.
            if status.st_uid != os.getuid() or status.st_mode & 0o022:
                return None
            found = marshal.loads(stream.read())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if (
        isinstance(found, tuple)
        and len(found) == 2
        and isinstance(found[0], str)
        and isinstance(found[1], CodeType)
    ):
        return found[0], found[1]
    return None


def _write(path: Path, entry: tuple[str, CodeType]) -> None:
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        replace_bytes(path, marshal.dumps(entry), mode=0o600)
    except OSError:
        pass  # a read-only home: the next run compiles again
