"""Load YAML manifests, expand variables, merge overlays, validate."""

from vapictl.manifest.types import Manifest, Resource, Settings

__all__ = ["Manifest", "Resource", "Settings"]
