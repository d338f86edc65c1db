"""`vapictl apply` (not implemented yet)."""

from vapictl.errors import VapictlError


def apply() -> None:
    raise VapictlError("`vapictl apply` is not implemented yet.")
