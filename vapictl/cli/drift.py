"""`vapictl drift` (not implemented yet)."""

from vapictl.errors import VapictlError


def drift() -> None:
    raise VapictlError("`vapictl drift` is not implemented yet.")
