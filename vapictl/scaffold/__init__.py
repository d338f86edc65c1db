"""`vapictl init`'s templates and writer: manifests in the base/ + overlays/<env>/
layout, a CI workflow (the recipes in examples/ci/), .env.example and .gitignore."""

from vapictl.scaffold.write import (
    DEFAULT_ENVIRONMENTS,
    CiProvider,
    ScaffoldResult,
    scaffold_files,
    write_scaffold,
)

__all__ = [
    "DEFAULT_ENVIRONMENTS",
    "CiProvider",
    "ScaffoldResult",
    "scaffold_files",
    "write_scaffold",
]
