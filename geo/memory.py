"""How a build's process hands freed memory back, so that its peak is what it holds at once.

A large build allocates and frees many arrays of tens of MB one after another (a column
taken, encoded, written as JSON). glibc raises its mmap threshold each time such a block is
freed, and Arrow's own allocator (mimalloc) keeps what it frees: the freed blocks stayed in the
process and each new one was added on top (a million points peaked 120 MB higher). Fixing the
threshold and giving Arrow the system allocator returns every large block when it is freed.
"""

from __future__ import annotations

import ctypes
import ctypes.util

import pyarrow as pa

# glibc's mallopt parameter, and its default value (blocks above it are their own mapping).
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 128 * 1024


def return_freed_memory() -> bool:
    """Make large blocks go back to the system when freed; whether glibc took the setting
    (elsewhere only Arrow's allocator is changed)."""
    pa.set_memory_pool(pa.system_memory_pool())
    name = ctypes.util.find_library("c")
    libc = ctypes.CDLL(name) if name else None
    mallopt = getattr(libc, "mallopt", None)
    return bool(mallopt and mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD))
