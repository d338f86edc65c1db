"""`vapictl validate` and `vapictl schema` (not implemented yet)."""

from vapictl.errors import VapictlError


def validate() -> None:
    raise VapictlError("`vapictl validate` is not implemented yet.")


def schema() -> None:
    raise VapictlError("`vapictl schema` is not implemented yet.")
