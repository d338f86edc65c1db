"""`vapictl init` (not implemented yet)."""

from vapictl.errors import VapictlError


def init() -> None:
    raise VapictlError("`vapictl init` is not implemented yet.")
