"""How a build hands the memory it has freed back to the system, so that its peak is what it
holds at once rather than what it has ever held.

Encoding a large layer allocates and frees arrays of a few MB one after another (a column
taken, coded, written as JSON): glibc keeps the freed blocks in its heap for reuse, but the
page's text is then made of blocks too large for the heap (tens of MB, each mapped on its own),
and was added on top of that unused heap (a million points peaked 100 MB higher). Arrow is
given the system allocator so that what it frees goes to the same heap.
"""

from __future__ import annotations

import ctypes
import functools

import pyarrow as pa


@functools.cache
def libc_function(name: str) -> ctypes._CFuncPtr | None:
    """A function of the C library this process runs on (glibc's own ones are missing
    elsewhere). Looked up among the symbols already loaded: ctypes.util.find_library would
    run ldconfig in a subprocess for every lookup."""
    try:
        loaded = ctypes.CDLL(None)
    except (OSError, TypeError):  # Windows has no process-wide symbol table
        return None
    return getattr(loaded, name, None)


def use_system_allocator() -> None:
    """Arrow's buffers from malloc, where release_freed_memory reaches them."""
    pa.set_memory_pool(pa.system_memory_pool())


def release_freed_memory() -> bool:
    """Hand the heap's free pages back to the system (glibc's malloc_trim); whether any
    were."""
    trim = libc_function("malloc_trim")
    return bool(trim and trim(0))
