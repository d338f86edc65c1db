"""`vapictl export` (not implemented yet)."""

from vapictl.errors import VapictlError


def export() -> None:
    raise VapictlError("`vapictl export` is not implemented yet.")
