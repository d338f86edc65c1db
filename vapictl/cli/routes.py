"""`vapictl routes` (not implemented yet)."""

from vapictl.errors import VapictlError


def routes() -> None:
    raise VapictlError("`vapictl routes` is not implemented yet.")
