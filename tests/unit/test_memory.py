"""geo/memory.py: Arrow on the system allocator, and the heap's freed pages handed back."""

from __future__ import annotations

import subprocess
import sys

import pyarrow as pa
import pytest

from geo.memory import libc_function, release_freed_memory, use_system_allocator


def test_arrow_allocates_through_malloc() -> None:
    use_system_allocator()
    assert pa.default_memory_pool().backend_name == "system"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="malloc_trim is glibc's")
def test_freed_heap_blocks_are_handed_back() -> None:
    blocks = [bytes(64 * 1024) for _ in range(1000)]  # below the mmap threshold: the heap
    del blocks
    assert release_freed_memory() is True


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="malloc_trim is glibc's")
def test_the_c_library_is_found_without_a_subprocess(monkeypatch) -> None:
    """ctypes.util.find_library runs ldconfig in a subprocess: a few ms each time a build
    hands memory back. The symbols the process has loaded already hold malloc_trim."""
    def no_subprocess(*args, **kwargs):
        raise AssertionError("a subprocess was started")

    monkeypatch.setattr(subprocess, "Popen", no_subprocess)
    libc_function.cache_clear()
    assert libc_function("malloc_trim") is not None
    assert libc_function("no_such_function_in_libc") is None
    release_freed_memory()
