"""`vapictl init`: write a starter repository, never overwriting a file."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from vapictl.errors import UsageError
from vapictl.safe_files import occupied, refuse_linked_directories
from vapictl.scaffold import ci, manifests

DEFAULT_ENVIRONMENTS = ("staging", "prod")
GITIGNORE = ".gitignore"


class CiProvider(StrEnum):
    GITHUB = "github"
    GITLAB = "gitlab"
    NONE = "none"


@dataclass(frozen=True)
class ScaffoldResult:
    created: tuple[str, ...]  # relative paths written
    gitignore_updated: bool  # lines appended to an existing .gitignore


def scaffold_files(
    ci_provider: CiProvider,
    environments: tuple[str, ...] = DEFAULT_ENVIRONMENTS,
    schema_text: str = "",
) -> dict[str, str]:
    """Relative path -> text of every file `init` creates (.gitignore aside)."""
    files = manifests.manifest_files(environments)
    files[".env.example"] = manifests.ENV_EXAMPLE
    if schema_text:
        files[manifests.SCHEMA_PATH] = schema_text
    if ci_provider is CiProvider.GITHUB:
        files[ci.GITHUB_WORKFLOW_PATH] = ci.GITHUB_WORKFLOW
    elif ci_provider is CiProvider.GITLAB:
        files[ci.GITLAB_CI_PATH] = ci.GITLAB_CI
    return files


def write_scaffold(root: Path, files: dict[str, str]) -> ScaffoldResult:
    """Create every file under `root`; refuse (writing nothing) if any already exists.

    An existing .gitignore is not overwritten: the lines it lacks are appended.
    """
    if root.exists() and not root.is_dir():
        raise UsageError(f"{root} exists and is not a directory")
    refuse_linked_directories(root, [root / path for path in [*files, GITIGNORE]])
    if (root / GITIGNORE).is_symlink():  # appended to, so it must not lead elsewhere
        raise UsageError(
            f"{root / GITIGNORE} is a symbolic link; vapictl init does not write through "
            "links. Replace it by a file; nothing was written."
        )
    existing = sorted(path for path in files if occupied(root / path))
    if existing:
        listed = ", ".join(existing)
        raise UsageError(
            f"refusing to overwrite existing files in {root}: {listed}. "
            "Move them away or run `vapictl init` in an empty directory; nothing was written."
        )
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("x", encoding="utf-8") as handle:  # "x": never clobber a racer
            handle.write(text)
    created = list(files)
    gitignore = root / GITIGNORE
    updated = False
    if gitignore.exists():
        updated = _append_missing_lines(gitignore, manifests.GITIGNORE_LINES)
    else:
        gitignore.write_text("\n".join(manifests.GITIGNORE_LINES) + "\n", encoding="utf-8")
        created.append(GITIGNORE)
    return ScaffoldResult(tuple(created), updated)


def _append_missing_lines(path: Path, lines: tuple[str, ...]) -> bool:
    text = path.read_text(encoding="utf-8")
    present = {line.strip() for line in text.splitlines()}
    missing = [line for line in lines if line not in present]
    if not missing:
        return False
    prefix = "" if not text or text.endswith("\n") else "\n"
    with path.open("a", encoding="utf-8") as handle:
        handle.write(prefix + "# vapictl\n" + "\n".join(missing) + "\n")
    return True
