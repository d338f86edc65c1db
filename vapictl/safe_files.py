"""Writing files inside a directory without following symbolic links out of it.

`export --force` and `init` write into directories a checkout controls: a link
`assistants.yaml -> ~/.bashrc` or `prompts -> /etc` must never be written
through. Links inside the tree are refused; a link in place of a file that
`--force` replaces is replaced itself (a new file), never followed.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from vapictl.errors import UsageError


def occupied(path: Path) -> bool:
    """Exists, or is a link (even a dangling one, which `exists()` calls absent)."""
    return path.exists() or path.is_symlink()


def refuse_linked_directories(root: Path, paths: Iterable[Path]) -> None:
    """UsageError if a directory between `root` and any of `paths` is a symbolic link."""
    for path in paths:
        relative = path.relative_to(root)
        current = root
        for part in relative.parts[:-1]:
            current = current / part
            if current.is_symlink():
                raise UsageError(
                    f"Refusing to write {path}: {current} is a symbolic link (to "
                    f"{os.readlink(current)}), and writing through it could reach outside "
                    f"{root}. Replace the link by a directory; nothing was written."
                )


def common_root(paths: Iterable[Path]) -> Path:
    parents = [str(path.parent) for path in paths]
    return Path(os.path.commonpath(parents)) if parents else Path(".")


def replace_file(path: Path, text: str) -> None:
    """Write `text` to a new file and move it over `path`: a link at `path` is replaced,
    not followed. The text is written exactly as given (UTF-8, no newline translation)."""
    replace_bytes(path, text.encode("utf-8"))


def replace_bytes(
    path: Path, data: bytes, *, mode: int | None = None, durable: bool = False
) -> None:
    """`replace_file` for any content. `mode`: the file's permissions (default: what the
    umask gives a new file); `durable`: on disk before it replaces the old file (fsync)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file 0600, so private content is never readable by others.
        os.fchmod(handle, 0o666 & ~_umask() if mode is None else mode)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
