"""vapictl: declarative configuration-as-code for the Vapi voice-AI platform."""

__version__ = "0.1.0"
