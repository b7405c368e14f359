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
