"""A fast, location-free YAML reader for the manifest loader's happy path.

rapidyaml parses a document and writes it out as JSON in C++, and `json.loads`
builds plain dicts and lists in C: about 50 ms per MB, against about 300 ms per MB
for libyaml's node graph plus the location-stamping build (yaml_loader.py).

Its result must be exactly what the located loader builds (PyYAML, YAML 1.1). Where
that cannot be guaranteed, `parse_plain` returns None and the caller uses the
located loader for the whole load. It returns None for:

- anything a cheap scan of the text finds outside the safe subset: anchors, aliases
  and tags (`!file` included), merge keys, directives and document markers, complex
  keys, backslashes (double-quoted escapes differ), tabs, carriage returns, YAML 1.1
  line breaks and characters PyYAML refuses, a sign before a leading dot (`-.5`);
- a document rapidyaml or JSON cannot read, one that is not a mapping, and one
  nested deeper than the located loader allows;
- duplicate keys (the located loader reports them);
- a number written with an exponent (YAML 1.1 reads `1e3` as text) and any string
  that PyYAML's implicit resolvers would read as a bool, null, int or float
  (`yes`, `~`, `1_000`, `017`, `.inf`, ...) unless every occurrence of it in the text
  is quoted: rapidyaml reads YAML 1.2, where those are strings.

tests/manifest/test_fast_yaml.py keeps both readers equal on every YAML file of the
repository and on generated documents, and proves the fallback for each construct.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
import os
import re
import threading
from typing import Any

# Outside the safe subset (see the module docstring). Characters: PyYAML's printable
# set less tab, CR, NEL, BOM, LS and PS; and the backslash. ASCII text is checked
# with a byte translation (C speed), other text with a regex as well.
_SAFE_ASCII = bytes(range(0x20, 0x7F)).replace(b"\\", b"") + b"\n"
_UNSAFE_NON_ASCII = re.compile("[\x80-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
_NON_ASCII_BYTES = bytes(range(0x80, 0x100))
# Syntax markers: (text, what may precede it, must a space follow it). Each is found
# with str.find (C speed) and its neighbours checked, much faster than a regex.
_MARKS = (
    ("&", " \n[{,", False),  # anchor
    ("*", " \n[{,", False),  # alias
    ("!", " \n[{,", False),  # tag
    ("?", " \n[{,", True),  # complex key
    ("-.", " \n[{,:", None),  # `-.5`: text in YAML 1.1, a number in 1.2
    ("+.", " \n[{,:", None),
)
_ALWAYS = ("<<", "\n---", "\n...", "\n%")  # merge key, document markers, directives
# JSON strings (not keys) that might be a YAML 1.1 bool, null, int or float when
# written plain; each is then checked against PyYAML's own resolvers. The lookahead
# (every alternative's first characters) turns most strings away at once instead of
# after two dozen failed words: 2.4x faster.
_CANDIDATE_FIRST = "-+.0-9~=yYnNtTfFoO"  # a character class's contents
_CANDIDATE = re.compile(
    f'"(?=[{_CANDIDATE_FIRST}])'
    r"([-+.0-9][-+.0-9a-fA-FxXoObB_:]*|~|=|[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)"
    r"|(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"
    r'|null|Null|NULL))"(?!\s*:)'
)
# PyYAML's implicit resolvers (YAML 1.1) of the tags a plain scalar may resolve to,
# copied so that the fast path imports no PyYAML (~30 ms of every command's start-up):
# yaml.resolver.Resolver's patterns without their verbose-mode whitespace.
# tests/manifest/test_fast_yaml.py keeps them equal to PyYAML's own.
RESOLVERS: dict[str, tuple[str, ...]] = {
    "bool": ("^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$",),
    "float": (
        "^(?:[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?"
        "|\\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
        "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*"
        "|[-+]?\\.(?:inf|Inf|INF)"
        "|\\.(?:nan|NaN|NAN))$",
    ),
    "int": (
        "^(?:[-+]?0b[0-1_]+"
        "|[-+]?0[0-7_]+"
        "|[-+]?(?:0|[1-9][0-9_]*)"
        "|[-+]?0x[0-9a-fA-F_]+"
        "|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$",
    ),
    "merge": ("^(?:<<)$",),
    "null": ("^(?:~|null|Null|NULL|)$",),
    "value": ("^(?:=)$",),
}
_RESOLVERS = tuple(re.compile(pattern) for patterns in RESOLVERS.values() for pattern in patterns)
_SKELETON = bytes(set(range(256)) - set(b'[]{}"\\'))  # bytes deleted before the depth count
_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')

try:
    import ryml

    AVAILABLE = True
except ImportError:  # pragma: no cover - rapidyaml is a dependency; degrade, never fail
    AVAILABLE = False

# rapidyaml prints its own message to file descriptor 2 before raising on a syntax
# error (or a document too deep to emit); the located loader reports the error
# properly, so that print is silenced for the few milliseconds of the parse.
_stderr_lock = threading.Lock()


class _Refused(Exception):
    """The document is outside what the fast reader can read exactly."""


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data = dict(pairs)
    if len(data) != len(pairs):
        raise _Refused("duplicate key")
    return data


def _float(text: str) -> float:
    if "e" in text or "E" in text:
        raise _Refused("exponent")
    value = float(text)
    if not math.isfinite(value):  # 400 digits overflow to inf: the located path reports it
        raise _Refused(text)
    return value


def _constant(text: str) -> Any:
    raise _Refused(text)


def _emit_json(text: str) -> str | None:
    """rapidyaml's JSON for `text`, None if it cannot read it (or there is nothing)."""
    with _stderr_lock:
        try:
            saved = os.dup(2)
        except OSError:  # no standard error to silence (closed): nothing can be printed
            return _emit_json_loud(text)
        try:
            os.dup2(_devnull(), 2)
            return _emit_json_loud(text)
        finally:
            os.dup2(saved, 2)
            os.close(saved)


@functools.cache
def _devnull() -> int:
    """/dev/null, opened once: each system call here may wait for the GIL (the live org
    is read in another thread meanwhile)."""
    return os.open(os.devnull, os.O_WRONLY | os.O_CLOEXEC)


def _emit_json_loud(text: str) -> str | None:
    try:
        emitted = ryml.emit_json(ryml.parse_in_arena(text.encode("utf-8")))
    except Exception:  # rapidyaml raises its own (SWIG) exception types
        return None
    return emitted if isinstance(emitted, str) else None


def _outside_safe_subset(text: str) -> bool:
    if text.isascii():
        if text.encode("ascii").translate(None, _SAFE_ASCII):
            return True
    else:
        ascii_part = text.encode("utf-8").translate(None, _NON_ASCII_BYTES)
        if ascii_part.translate(None, _SAFE_ASCII) or _UNSAFE_NON_ASCII.search(text):
            return True
    padded = f"\n{text}\n"
    # A marker's last character is looked for first: for a rare one (`<`, `%`) that
    # single-character search (memchr) is 30x faster than the marker's own.
    if any(marker in padded for marker in _ALWAYS if marker[-1] in text):
        return True
    return any(_marked(padded, *mark) for mark in _MARKS)


def _marked(padded: str, mark: str, preceders: str, space_after: bool | None) -> bool:
    """Does `mark` occur after one of `preceders`, followed by a space (True), by
    anything else (False) or by a digit (None)?"""
    index = padded.find(mark)
    while index != -1:
        after = padded[index + len(mark)]
        if padded[index - 1] in preceders and (
            after.isdigit() if space_after is None else after.isspace() == space_after
        ):
            return True
        index = padded.find(mark, index + 1)
    return False


def _deeper_than(emitted: str, max_depth: int) -> bool:
    """Does the JSON nest deeper than `max_depth` (brackets counted outside strings)?
    Each pass removes the innermost empty pairs: as many passes as levels, in C."""
    skeleton = emitted.encode("utf-8").translate(None, _SKELETON)
    if b"\\" not in skeleton:
        # Each `""` left is an empty string, or one string's end and the next one's
        # start: removing it moves no bracket in or out of a string (10x the regex).
        skeleton = skeleton.replace(b'""', b"")
    if b'"' in skeleton:
        skeleton = _JSON_STRING.sub(b"", skeleton)
    for _ in range(max_depth):
        skeleton, removed = _INNERMOST.subn(b"", skeleton)
        if not skeleton or not removed:
            return False
    return bool(skeleton)


_INNERMOST = re.compile(rb"(?:\[\]|\{\})+")


def _written_quoted(value: str, text: str) -> bool:
    """Is every occurrence of `value` in `text` quoted (and is there one)?"""
    quoted = text.count(f"'{value}'") + text.count(f'"{value}"')
    if not quoted:
        return False
    if quoted == text.count(value):
        return True  # every occurrence is in quotes (the usual: `number: '+1415...'`)
    plain = re.compile(
        r"(?:^|(?<=[\s\[{,:]))" + re.escape(value) + r"(?=[ ]*(?:$|[,\]}]|[ ]#))", re.MULTILINE
    )
    return plain.search(text) is None


def parse_plain(text: str, max_depth: int) -> dict[str, Any] | None:
    """The document as plain dicts and lists, or None: use the located loader."""
    if not AVAILABLE or _outside_safe_subset(text):
        return None
    pieces = _sections(text) if len(text) > CHUNK_CHARS else None
    if pieces is None:
        return _parse(text, max_depth)
    data: dict[str, Any] = {}
    for key, texts in pieces:
        if key in data:
            return None  # a duplicate top-level key: the located loader reports it
        value: Any = None
        for piece in texts:
            parsed = _parse(piece, max_depth)
            if parsed is None or list(parsed) != [key]:
                return None
            if value is None:
                value = parsed[key]
            elif isinstance(value, dict) and isinstance(parsed[key], dict):
                if value.keys() & parsed[key].keys():
                    return None  # a duplicate entry across pieces
                value.update(parsed[key])
            else:
                return None
        data[key] = value
    return data


def _parse(text: str, max_depth: int) -> dict[str, Any] | None:
    emitted = _emit_json(text)
    if emitted is None:
        return None
    try:
        data = json.loads(
            emitted, object_pairs_hook=_pairs, parse_float=_float, parse_constant=_constant
        )
    except (_Refused, ValueError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    for value in set(_CANDIDATE.findall(emitted)):
        if any(r.match(value) for r in _RESOLVERS) and not _written_quoted(value, text):
            return None
    if _too_deep(text, emitted, max_depth):
        return None
    return data


def _too_deep(text: str, emitted: str, max_depth: int) -> bool:
    """_deeper_than, settled by one search for block-style YAML. With no `[` or `{` in
    the text there is no flow collection (an empty one is one too), and rapidyaml
    writes each collection's entries on lines of their own, indented two spaces per
    level; JSON strings hold no line break. So no line indented 2 * max_depth - 1 or
    more (a level short of the limit) means no deeper than max_depth."""
    if "[" not in text and "{" not in text and "\n" + " " * (2 * max_depth - 1) not in emitted:
        return False
    return _deeper_than(emitted, max_depth)


# A large file is read in pieces of about this many characters: rapidyaml's tree
# (~150 bytes a node) and its JSON for a whole 5 MB file would add ~40 MB to the
# peak memory of a 10,000-resource plan.
CHUNK_CHARS = 256 * 1024
# A top-level key's line (after the first): a literal first character lets the regex
# engine skip ahead (`^` in MULTILINE mode tried every position: 8x slower).
_TOP_LEVEL = re.compile(r"\n[^ \n#]")
_BLOCK_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*:[ ]*(?:#[^\n]*)?$")
_ENTRY = re.compile(r"\n( +)[^ \n#]")


def _sections(text: str) -> list[tuple[str, list[str]]] | None:
    """(top-level key, texts each holding that key and some of its entries) in order,
    or None when the layout is not plain block style (then the file is read whole).
    A wrong cut cannot go unnoticed: each piece must parse alone to a one-key mapping."""
    first = [0] if text[:1] not in ("", " ", "\n", "#") else []
    starts = first + [match.start() + 1 for match in _TOP_LEVEL.finditer(text)]
    if not starts or not _only_comments(text[: starts[0]]):
        return None
    bounds = [*starts, len(text)]
    sections: list[tuple[str, list[str]]] = []
    for start, end in itertools.pairwise(bounds):
        line_end = text.find("\n", start, end)
        header = text[start : end if line_end == -1 else line_end]
        key = header.partition(":")[0]
        if not _BLOCK_KEY.fullmatch(header):
            if ":" not in header:
                return None
            sections.append((key, [text[start:end]]))  # `key: value` on one line
            continue
        sections.append((key, _entry_pieces(text, start, line_end, end, header)))
    return sections


def _only_comments(text: str) -> bool:
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


def _entry_pieces(text: str, start: int, line_end: int, end: int, header: str) -> list[str]:
    """The section `text[start:end]` cut between its entries into pieces of about
    CHUNK_CHARS, each starting with the section's header line."""
    if end - start <= CHUNK_CHARS:
        return [text[start:end]]
    first = _ENTRY.search(text, line_end, end)
    if first is None or text[first.end() - 1] == "-":
        return [text[start:end]]  # a sequence, or nothing under the key
    indent = first.group(1)
    shallower = re.compile(rf"\n {{1,{len(indent) - 1}}}[^ \n#]")
    if len(indent) > 1 and shallower.search(text, line_end, end):
        return [text[start:end]]  # lines less indented than the entries: not cut
    entry = re.compile(rf"\n{indent}[^ \n#]")
    pieces: list[str] = []
    begin = line_end
    # Each cut: the first entry to start CHUNK_CHARS or more after the piece's start
    # (one search per piece, not a match per entry).
    while (cut := entry.search(text, max(begin + CHUNK_CHARS, first.start() + 1), end)) is not None:
        pieces.append(header + text[begin : cut.start()])
        begin = cut.start()
    pieces.append(header + text[begin:end])
    return pieces
