"""vapictl.engine."""
