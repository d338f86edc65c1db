"""`vapictl plan` (not implemented yet)."""

from vapictl.errors import VapictlError


def plan() -> None:
    raise VapictlError("`vapictl plan` is not implemented yet.")
