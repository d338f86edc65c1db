"""`vapictl emulator ...` (not implemented yet)."""

import typer

from vapictl.errors import VapictlError

app = typer.Typer(no_args_is_help=True)


@app.command("serve")
def serve() -> None:
    """Run the emulator."""
    raise VapictlError("`vapictl emulator serve` is not implemented yet.")
