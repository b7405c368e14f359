"""Every state change of licensing, each atomic, taking the acting ``user`` keyword-only.

- :mod:`.classes` — share and class of each company, recomputed when contributions change;
- :mod:`.requests` — a licence request decided by its policy, the committee, the licence;
- :mod:`.licences` — licences, royalty reports (entered or imported) and invoices;
- :mod:`.distribution` — the income waterfall of a fiscal year and its statements;
- :mod:`.costs` — who pays a filing's official fees under the consortium's policy;
- :mod:`.usage` — how each invention is used (licences, income, classes), read-only, for the
  portfolio review's ``asset_usage`` hook.
"""

from .classes import (
    class_table,
    contribution_removed,
    contributions_changed,
    contributions_imported,
    current_class,
    recompute_classes,
)
from .costs import PayerDecision, fee_payers, fee_payers_of, payer_for
from .distribution import run_distribution
from .licences import licence_money, save_invoice, save_licence, save_royalty_report
from .requests import committee_decide, decide_request, issue_licence, request_facts, submit_request

__all__ = [
    "class_table", "contribution_removed", "contributions_changed", "contributions_imported", "current_class", "recompute_classes",
    "PayerDecision", "fee_payers", "fee_payers_of", "payer_for",
    "run_distribution",
    "licence_money", "save_invoice", "save_licence", "save_royalty_report",
    "committee_decide", "decide_request", "issue_licence", "request_facts", "submit_request",
]
