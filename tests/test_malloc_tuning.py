"""glibc's mmap threshold fixed: a large buffer freed is given back to the system."""

from __future__ import annotations

import ctypes
import subprocess
import sys
import textwrap

import pytest

from vapictl import malloc_tuning

# In a fresh interpreter: free a 4 MB buffer (glibc then raises its threshold to 4 MB
# unless it is fixed), then ask for 512 KB: is it its own mmap (mallinfo2's hblkhd)?
_PROBE = textwrap.dedent(
    """
    import ctypes, sys
    from vapictl.malloc_tuning import return_large_buffers
    libc = ctypes.CDLL(None)
    class Info(ctypes.Structure):
        _fields_ = [(name, ctypes.c_size_t) for name in (
            "arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks fordblks keepcost"
        ).split()]
    libc.mallinfo2.restype = Info
    libc.malloc.restype = ctypes.c_void_p
    libc.free.argtypes = (ctypes.c_void_p,)
    if sys.argv[1] == "fixed":
        assert return_large_buffers()
    libc.free(libc.malloc(4 << 20))
    before = libc.mallinfo2().hblkhd
    buffer = libc.malloc(512 << 10)
    print(libc.mallinfo2().hblkhd - before >= 512 << 10)
    libc.free(buffer)
    """
)


def _glibc_with_mallinfo2() -> bool:
    try:
        return hasattr(ctypes.CDLL(None), "mallinfo2")
    except OSError:
        return False


@pytest.mark.skipif(not _glibc_with_mallinfo2(), reason="glibc 2.33+ only")
def test_a_large_buffer_after_a_larger_one_freed_is_still_its_own_mapping() -> None:
    def probe(mode: str) -> str:
        return subprocess.run(
            [sys.executable, "-c", _PROBE, mode], capture_output=True, text=True, check=True
        ).stdout.strip()

    assert probe("default") == "False"  # glibc's sliding threshold: from the heap
    assert probe("fixed") == "True"


def test_no_c_library_to_tune_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_library(name: object) -> object:
        raise OSError("no C library")

    malloc_tuning.return_large_buffers.cache_clear()
    monkeypatch.setattr(ctypes, "CDLL", no_library)
    try:
        assert malloc_tuning.return_large_buffers() is False
    finally:
        malloc_tuning.return_large_buffers.cache_clear()


def test_not_linux_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    malloc_tuning.return_large_buffers.cache_clear()
    monkeypatch.setattr(sys, "platform", "darwin")
    try:
        assert malloc_tuning.return_large_buffers() is False
    finally:
        malloc_tuning.return_large_buffers.cache_clear()
