"""vapictl.emulator."""
