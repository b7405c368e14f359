"""``collector_paused``: the cycle collector is off inside, and back as it was after."""

import gc

import pytest

from kyoso.core.collector import collector_paused


def test_the_collector_is_paused_inside_and_resumes_after_even_on_an_error():
    assert gc.isenabled()
    with pytest.raises(ValueError), collector_paused():
        assert not gc.isenabled()
        raise ValueError
    assert gc.isenabled()


def test_a_collector_already_off_stays_off_and_a_decorated_function_pauses_it():
    @collector_paused()
    def inside():
        return gc.isenabled()

    assert inside() is False and gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # not turned on by the block: it was off before
    finally:
        gc.enable()


class Node:
    def __init__(self):
        self.other = None


def test_what_the_block_made_and_keeps_is_not_walked_by_the_next_young_collection():
    """It goes to the oldest generation: the next young collection does not walk it again."""
    with collector_paused():
        kept = [Node() for _n in range(5000)]
    young = {id(o) for o in gc.get_objects(generation=0)}
    assert not any(id(node) in young for node in kept)
    oldest = {id(o) for o in gc.get_objects(generation=2)}
    assert all(id(node) in oldest for node in kept)


def test_a_cycle_made_inside_the_block_is_still_freed_by_a_full_collection():
    import weakref

    with collector_paused():
        first, second = Node(), Node()
        first.other, second.other = second, first
        watch = weakref.ref(first)
    del first, second
    assert watch() is not None  # a cycle: reference counting alone does not free it
    gc.collect()
    assert watch() is None
