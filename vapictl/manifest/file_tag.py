"""`!file PATH`: a manifest string whose text lives in its own file (issue 14).

    content: !file prompts/support.md

PATH is relative to the manifest file holding the tag and must stay inside the
manifests' directory tree (`file_tag_root`), symlinks resolved: a pull request
must not be able to make a CI plan print `~/.ssh/id_rsa` into its comment. The
text is inserted verbatim: no `${}` expansion (prompts use Vapi's `{{...}}`
templates and may contain `$`), no newline translation, so a file written by
`vapictl export` reads back byte for byte.

`resolve_file_tag` is the one place that reads a tagged file; the YAML loader
calls it and wraps its text in a `FileText`, which remembers the `TextFile` it
came from. `to_plain` (manifest/tree.py) turns that into a plain string and
records the source in `Resource.text_files`, keyed by field path, so that
`vapictl export` and any command that writes live text back into prompt files
know that `model.messages[0].content` came from `prompts/support.md`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from vapictl.errors import Location

FILE_TAG = "!file"


class TextFile(NamedTuple):
    """Where a `!file` value came from."""

    written: str  # the path as written after the tag: "prompts/support.md"
    file: str  # that path joined to the manifest's directory: where to read or write it
    location: Location  # where the tag is, in the manifest


class FileText(str):
    """A string read by `!file`, carrying its source while the tree is still located."""

    source: TextFile

    def __new__(cls, text: str, source: TextFile) -> FileText:
        value = super().__new__(cls, text)
        value.source = source
        return value


class FileTagError(Exception):
    """Why a `!file` path cannot be read; the loader adds the location and the path."""


def resolve_file_tag(written: str, manifest_file: Path, root: Path) -> tuple[str, Path]:
    """The text of the file `written` names, and its path (manifest directory + written).

    Raises FileTagError for an empty or absolute path, one that leaves `root`
    (after resolving symlinks), a missing, unreadable or non-UTF-8 file.
    """
    if not written.strip():
        raise FileTagError("expected a file path after !file, e.g. !file prompts/support.md")
    data, path = read_confined(written, manifest_file, root)
    try:
        # Bytes, not read_text: universal newlines would turn CRLF into LF.
        return data.decode("utf-8"), path
    except UnicodeDecodeError as exc:
        raise FileTagError(f"not a UTF-8 text file ({path}: {exc.reason})") from None


def read_confined(written: str, manifest_file: Path, root: Path) -> tuple[bytes, Path]:
    """The bytes of the file `written` names (relative to `manifest_file`), and its path.

    Raises FileTagError for an absolute path, one that leaves `root` (after resolving
    symlinks), a missing or unreadable file. Shared by `!file` and `files:` entries.
    """
    if os.path.isabs(written) or Path(written).is_absolute() or written.startswith("~"):
        raise FileTagError(
            "the path must be relative to the manifest file (absolute paths are refused)"
        )
    path = manifest_file.parent / written
    try:
        real = path.resolve(strict=False)
        inside = real.is_relative_to(root.resolve(strict=False))
    except (OSError, RuntimeError) as exc:  # a symlink loop
        raise FileTagError(f"cannot resolve the path ({exc})") from None
    if not inside:
        raise FileTagError(
            f"the path leaves the manifests' directory tree ({root}); "
            "keep the files it names beside the manifests"
        )
    try:
        return real.read_bytes(), path
    except FileNotFoundError:
        raise FileTagError(f"no such file ({path})") from None
    except IsADirectoryError:
        raise FileTagError(f"is a directory, not a file ({path})") from None
    except OSError as exc:
        raise FileTagError(f"cannot read {path}: {exc.strerror}") from None


def file_tag_root(paths: Sequence[Path]) -> Path:
    """The manifests' directory tree: the deepest directory holding every `-f` path.

    With `-e NAME` that is the root holding base/ and overlays/, so both may
    share a `prompts/` directory; with `-f manifests/` it is manifests/.
    """
    directories = [
        str((path if path.is_dir() else path.parent).resolve(strict=False)) for path in paths
    ]
    if not directories:
        return Path.cwd().resolve()
    return Path(os.path.commonpath(directories))
