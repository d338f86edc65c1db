"""Benchmarks against the local emulator (see README.md)."""
