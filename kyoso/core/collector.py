"""Python's cycle collector paused around work that makes hundreds of thousands of objects at once."""

import gc
from contextlib import contextmanager

__all__ = ["collector_paused"]


@contextmanager
def collector_paused():
    """Pause the cycle collector for the block, and resume it after (if it was running).

    Every few hundred new container objects (tuples, lists, dicts) the collector runs, and when
    enough of them survive it walks every tracked object the process holds: a whole-portfolio
    read or forecast, or the check of a 10,000-row import, keeps hundreds of thousands of tuples
    alive, so those walks cost a fifth to a half of the work and find nothing (such work makes
    no reference cycles). Reference counting still frees everything as usual.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()
