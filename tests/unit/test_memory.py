"""geo/memory.py: Arrow on the system allocator, and the heap's freed pages handed back."""

from __future__ import annotations

import sys

import pyarrow as pa
import pytest

from geo.memory import release_freed_memory, use_system_allocator


def test_arrow_allocates_through_malloc() -> None:
    use_system_allocator()
    assert pa.default_memory_pool().backend_name == "system"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="malloc_trim is glibc's")
def test_freed_heap_blocks_are_handed_back() -> None:
    blocks = [bytes(64 * 1024) for _ in range(1000)]  # below the mmap threshold: the heap
    del blocks
    assert release_freed_memory() is True
