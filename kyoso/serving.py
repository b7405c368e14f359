"""Readying a kyoso process to serve requests (used by :mod:`kyoso.wsgi` and ``make bench``)."""

import gc

__all__ = ["settle"]


def settle() -> None:
    """Take what the process has loaded so far out of the garbage collector's reach.

    Python's full (generation 2) collection walks every tracked object: the modules, models,
    URL patterns and templates a Django process loads are hundreds of thousands of them, so one
    request in a few dozen paused for ≈ 70 ms while nothing was collected (measured on the
    national benchmark). Collected once and frozen (``gc.freeze``), they are skipped from then
    on; objects that requests create are collected as before.
    """
    gc.collect()
    gc.freeze()
