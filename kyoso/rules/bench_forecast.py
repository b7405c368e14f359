"""Micro-benchmark of :func:`kyoso.rules.forecast.forecast` (not a test).

    .venv/bin/python -m kyoso.rules.bench_forecast [N_FILINGS] [YEARS]

Builds N synthetic filings (default 200,000: mostly registered JP patents with mixed owners,
some pending JP, US and EP cases), forecasts YEARS (default 20) and prints the wall time, the
number of fees, and the peak memory traced while forecasting. Target: ≤ 2 s for 200,000 × 20.
"""

import random
import sys
import time
import tracemalloc
from collections import deque
from datetime import date, timedelta
from itertools import count

from kyoso.rules.forecast import forecast

__all__ = ["synthetic_filings", "main"]

_OWNER_MIXES = (
    None,
    (("university", 100),),
    (("company", 50), ("university", 50)),
    (("university", 70), ("sme", 30)),
)


def synthetic_filings(count: int, seed: int = 1) -> list[tuple]:
    """``count`` reproducible filings in the tuple shape :func:`forecast` expects."""
    rng = random.Random(seed)
    filings = []
    for ref in range(count):
        office = rng.choices(("JP", "US", "EP"), weights=(8, 1, 1))[0]
        filed = date(2008, 1, 1) + timedelta(days=rng.randrange(18 * 365))
        registered = filed + timedelta(days=rng.randrange(700, 2200)) if rng.random() < 0.7 else None
        exam = filed + timedelta(days=rng.randrange(30, 1000)) if registered or rng.random() < 0.5 else None
        filings.append((ref, office, filed, registered, exam, rng.randint(1, 30), rng.choice(_OWNER_MIXES)))
    return filings


def main(argv: list[str]) -> None:
    n_filings = int(argv[1]) if len(argv) > 1 else 200_000
    years = int(argv[2]) if len(argv) > 2 else 20
    filings = synthetic_filings(n_filings)
    start = date(2026, 4, 1)
    # Timed without tracemalloc (which slows allocation-heavy code several-fold), then measured.
    # CPU time is reported too: on a shared machine wall time includes other processes' turns.
    began, began_cpu = time.perf_counter(), time.process_time()
    fees = _consume(forecast(filings, start, years))
    seconds, cpu = time.perf_counter() - began, time.process_time() - began_cpu
    tracemalloc.start()
    _consume(forecast(filings, start, years))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"{n_filings:,} filings × {years} years: {fees:,} fees in {seconds:.2f} s"
        f" ({cpu:.2f} s CPU); peak {peak / 2**20:.1f} MiB"
    )


def _consume(rows) -> int:
    """Drain an iterator at C speed and return how many items it yielded."""
    counter = count()
    deque(zip(rows, counter, strict=False), maxlen=0)
    return next(counter)


if __name__ == "__main__":
    main(sys.argv)
