"""`vapictl export`: live org -> manifests that `plan` finds already applied (issue 6).

- `build_export(live, kinds, pin_ids=...)` -> `ExportResult` (sections, variables, notes)
- `layout_files(sections, directory=... | file=...)` -> {path: text}
- `output_paths(...)`, `refuse_to_overwrite(paths, force=...)`: checked before reading live
- `write_files(files, force=...)`, `render_vars_file(variables)`
- `parse_kind(text)` -> `Kind` for `--kind`
"""

from vapictl.export.build import EXPORTABLE_KINDS, ExportResult, build_export
from vapictl.export.kinds import parse_kind
from vapictl.export.placeholders import Variable
from vapictl.export.write import (
    layout_files,
    output_paths,
    refuse_to_overwrite,
    render_vars_file,
    write_files,
)

__all__ = [
    "EXPORTABLE_KINDS",
    "ExportResult",
    "Variable",
    "build_export",
    "layout_files",
    "output_paths",
    "parse_kind",
    "refuse_to_overwrite",
    "render_vars_file",
    "write_files",
]
