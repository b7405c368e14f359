"""Demo data: a believable OPERA-style consortium modelled on the source document.

``kyoso demo`` builds it through the same service functions users go through, so the demo has
real history and events. Everything is deterministic (a fixed random seed).
"""
