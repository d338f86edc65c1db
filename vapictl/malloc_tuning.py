"""Large buffers straight from the operating system and back to it (glibc's malloc).

glibc serves a request of 128 KB or more with its own mmap, and gives it back on free;
but after freeing such a buffer it raises that threshold to the buffer's size (up to
32 MB), so every later buffer of a few hundred KB comes from the heap instead, where
freed memory stays with the process until everything above it is freed too. A plan
allocates many such buffers on the way (file texts, rapidyaml's JSON for each piece,
HTTP pages, prompts): at 10,000 resources ~18 MB of freed heap stayed resident, about
a tenth of the process's peak (benchmarks/README.md). Fixing the threshold at glibc's
own default keeps every large buffer returnable.
"""

from __future__ import annotations

import functools
import sys

_M_MMAP_THRESHOLD = -3  # glibc's malloc.h
MMAP_THRESHOLD = 128 * 1024  # glibc's default; fixed, it no longer grows


@functools.cache
def return_large_buffers() -> bool:
    """Fix glibc's mmap threshold for this process (once); False where there is no
    glibc `mallopt` (another C library or system: nothing changes)."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes  # here, not at the top: ~5 ms that `--help` does not need

    try:
        mallopt = ctypes.CDLL(None).mallopt  # the C library the interpreter runs on
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    return bool(mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD))
