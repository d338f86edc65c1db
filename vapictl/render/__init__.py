"""vapictl.render."""
