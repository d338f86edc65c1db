"""vapictl.api."""
