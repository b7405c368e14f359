"""The docket's work, each module one concern (the shape of ``kyoso.budget.services``):

- :mod:`.deadlines` — every state change of deadlines: recomputing a filing's deadlines from the
  rules (also from the ``filing_changed`` and ``invention_owners_changed`` hooks), completing,
  reopening and manual deadlines; re-exported here;
- :mod:`.compute` — which rule deadlines a filing has and which of them its facts already satisfy;
- :mod:`.fees` — a filing's official-fee schedule and who pays it (the ``fee_payers`` hook);
- :mod:`.forecast` — the whole portfolio's fees ahead, read into tuples and run through the kernel;
- :mod:`.reminders` — the reminder digests before deadlines, sent once per lead time;
- :mod:`.tallies` — the open-deadline tallies rebuilt from the deadlines (a repair: the database keeps them).
"""

from .deadlines import (
    complete_deadline,
    deadlines_of_new_filings,
    on_filing_changed,
    on_filings_importing,
    on_owners_changed,
    recompute_filing,
    recompute_filings,
    recompute_invention,
    reopen_deadline,
    save_manual_deadline,
)

__all__ = [
    "recompute_filing", "recompute_filings", "recompute_invention", "complete_deadline", "reopen_deadline",
    "save_manual_deadline", "on_filing_changed", "on_owners_changed", "on_filings_importing", "deadlines_of_new_filings",
]
