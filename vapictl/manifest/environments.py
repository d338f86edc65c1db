"""`-e NAME`: the shorthand for `-f ROOT/base -f ROOT/overlays/NAME`."""

from __future__ import annotations

import re
from pathlib import Path

from vapictl.errors import UsageError

BASE_DIR = "base"
OVERLAYS_DIR = "overlays"
# A name, never a path: `-e ../x` or `-e /etc` must not read manifests outside overlays/.
_ENV_NAME_RE = re.compile(r"^(?!\.\.?$)[A-Za-z0-9._-]+$")


def resolve_manifest_paths(files: list[Path], environment: str | None) -> list[Path]:
    """The manifest paths to load, in merge order (later ones override)."""
    if environment is None:
        if not files:
            raise UsageError("no manifests: pass -f PATH (a file or a directory)")
        return list(files)
    if len(files) > 1:
        raise UsageError("-e NAME takes at most one -f ROOT directory (the one holding base/)")
    if not _ENV_NAME_RE.match(environment):
        raise UsageError(
            f"-e {environment!r}: an environment is a plain directory name under "
            f"{OVERLAYS_DIR}/ (letters, digits, '.', '_', '-'; no '/', '..' or absolute paths)"
        )
    root = files[0] if files else Path(".")
    if not root.is_dir():
        raise UsageError(f"-e {environment}: -f {root} must be a directory holding base/")
    overlay = root / OVERLAYS_DIR / environment
    if not overlay.is_dir():
        existing = available_environments(root)
        known = (
            ", ".join(existing) if existing else f"none: {root / OVERLAYS_DIR} has no directories"
        )
        raise UsageError(f"unknown environment '{environment}': no {overlay} (known: {known})")
    # A missing base/ is reported by the loader like any missing -f path.
    return [root / BASE_DIR, overlay]


def available_environments(root: Path) -> list[str]:
    """The overlay directory names under ROOT/overlays, sorted."""
    overlays = root / OVERLAYS_DIR
    if not overlays.is_dir():
        return []
    return sorted(p.name for p in overlays.iterdir() if p.is_dir() and not p.name.startswith("."))
