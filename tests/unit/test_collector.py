"""geo.collector: objects made while the collector is paused land in the oldest generation,
still collectable; the collector's state and a program's own freeze are as they were."""

from __future__ import annotations

import gc
import weakref

import pytest

from geo.collector import paused_collection


class Node:
    def __init__(self) -> None:
        self.other: Node | None = None


def in_generation(obj: object, generation: int) -> bool:
    return any(o is obj for o in gc.get_objects(generation=generation))


@pytest.fixture
def collector_on():
    was_on = gc.isenabled()
    gc.enable()
    yield
    if not was_on:
        gc.disable()


def test_what_the_block_makes_goes_to_the_oldest_generation(collector_on):
    with paused_collection():
        assert not gc.isenabled()
        made = Node()
        assert in_generation(made, 0)
    assert gc.isenabled()
    assert in_generation(made, 2) and not in_generation(made, 0)


def test_garbage_made_in_the_block_is_still_collected(collector_on):
    with paused_collection():
        first, second = Node(), Node()
        first.other, second.other = second, first  # a cycle only the collector frees
        gone = weakref.ref(first)
        del first, second
    assert gone() is not None
    gc.collect()
    assert gone() is None


def test_a_disabled_collector_stays_disabled(collector_on):
    gc.disable()
    with paused_collection():
        pass
    assert not gc.isenabled()


def test_a_freeze_made_before_is_kept(collector_on):
    kept = Node()
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with paused_collection():
            Node()
        assert gc.get_freeze_count() == frozen
        assert not in_generation(kept, 2)
    finally:
        gc.unfreeze()
