"""Explicit extension points between layers, so a lower app never imports a higher one.

A lower app (``ip``, ``agreements``) announces "this happened" with :func:`run`; higher apps
(``docket``, ``licensing``, ``budget``) register what to do about it in their ``AppConfig.ready()``.
Handlers run inside the caller's transaction, in registration order, and a failing handler fails
the whole change (nothing is half-done). A query hook is asked with :func:`first`: the first
answer that is not ``None`` wins, and the asker has a default for no answer. A preparing hook is
asked with :func:`collect` before a bulk write's transaction: each handler does the work that
reads no table the write changes (rules, texts) and answers the step that writes it, which the
caller runs inside its transaction — so SQLite's write lock waits only for the inserts.

Every hook name, who runs it and who answers (``tests/test_layers.py`` keeps the imports honest;
pages of lower apps get their panels from :mod:`kyoso.core.panels` and their counts and dashboard
cards from :mod:`kyoso.core.figures`):

- ``filing_changed(filing, user=…)`` — run by ``ip`` when a filing was created or changed; the
  docket recomputes its deadlines; programmes dates a commissioned invention's filing and
  registration notices to the funder.
- ``filings_importing(filings, user=…)`` → a step (a callable of no arguments) or ``None`` —
  collected by ``ip`` before an import's write transaction, the new filings validated but not
  saved; the docket computes their deadlines from the rules there and answers the step that
  inserts them, which the import runs once the filings have their keys (before ``filings_imported``).
- ``filings_imported(filings, user=…)`` — run by ``ip`` once after an import bulk-inserted new
  filings (no later filings yet) and ran the steps of ``filings_importing``; programmes adds the
  funder notices of commissioned-research inventions.
- ``owners_inserting(owners, user=…)`` → a context manager or ``None`` — entered by ``ip``
  (:func:`around`) around an import's bulk insert of its new inventions' owners, inside the write
  transaction; the docket adds them to its co-owned tallies by grouped statements at the end of
  it, instead of SQLite's trigger once per owner.
- ``invention_owners_changed(invention, user=…)`` — run by ``ip`` when owners or shares changed;
  the docket recomputes the deadlines that depend on who owns it.
- ``contribution_changed(contribution, user=…)`` — run by ``agreements`` when money changed, incl.
  re-derived amounts after a rate change; licensing recomputes share classes, budget the IP-fund
  accruals.
- ``contributions_importing(contributions, user=…)`` → a step or ``None`` — collected by
  ``agreements`` before an import's write transaction, the new contributions validated (amounts
  derived) but not saved; budget builds their accruals and renders their events there and answers
  the step that inserts them, run inside the transaction once the contributions have their keys.
- ``contributions_imported(contributions, user=…)`` — run by ``agreements`` once after an import
  bulk-inserted new contributions and ran the steps of ``contributions_importing``; licensing
  recomputes share classes once per consortium.
- ``contribution_removed(agreement, user=…)`` — run by ``agreements`` when a contribution of
  ``agreement`` was deleted; licensing recomputes share classes.
- ``fee_payers(filing)`` → list of (organisation, exact ``Fraction`` share) or ``None`` — asked by the docket and
  budget: who pays a filing's fees; licensing answers from the consortium's cost-burden policy.
- ``licensees(invention_ids)`` → ``{invention id: ((name, kind, size), …)}`` or ``None`` — asked
  by the docket and budget: who holds a licence in force over each invention (a licence to a
  large entity ends US small-entity status); licensing answers.
- ``fee_payers_of(inventions)`` → ``{invention id: ((organisation id, share %), …)}`` or ``None`` —
  the same answer for many inventions in a constant number of queries (``inventions`` maps each
  id to its consortium id, research class and ``(organisation id, kind, …, share %)`` owners); asked
  by the fee forecast and the IP budget; licensing answers. An invention left out of the answer
  is one ``fee_payers`` answers ``None`` for.
- ``agreement_signed(agreement, user=…, signed_pdf=file or None)`` — run by ``agreements``
  (``kyoso.agreements.sakura.change_status``) when an agreement is signed (negotiating → in force);
  ``documents`` keeps the signed PDF on the agreement (a PDF only, within the size limit; raising
  ``ValidationError`` undoes the signing).
- ``researcher_agreements(user)`` → tuple of agreement ids or ``None`` — asked by ``agreements``
  (a publication request): the agreements a researcher works under; ``ip`` answers from the
  inventions the researcher is named inventor of.
- ``asset_usage(inventions)`` → ``{invention id: {"licences", "income", "classes"}}`` or ``None`` —
  asked by the portfolio review; licensing answers.
- ``state_approval_missing(invention_ids, action)`` → references of the inventions that came from
  commissioned research (産業技術力強化法 Art. 17) and lack the funder's recorded approval (or
  notice) for ``action`` — ``"exclusive_licence"``, ``"assignment"`` or ``"abandon"`` — or ``None``;
  asked by licensing (an exclusive licence) and the portfolio review (assign, abandon); programmes
  answers.
- ``other_duties(user, today)`` → ``[{"due", "title", "subject", "url", "source", "overdue"}]`` or
  ``None`` — dated duties that are not a filing's (an award's reports and repayments), open and
  due within 90 days or overdue, shown on the docket; programmes answers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager

__all__ = ["register", "run", "first", "collect", "around"]

_handlers: dict[str, list[Callable]] = defaultdict(list)


def register(name: str, handler: Callable) -> None:
    """Call ``handler`` whenever ``name`` runs (registering the same handler twice is a no-op)."""
    if handler not in _handlers[name]:
        _handlers[name].append(handler)


def run(name: str, *args, **kwargs) -> None:
    """Run every handler of ``name``."""
    for handler in _handlers[name]:
        handler(*args, **kwargs)


def first(name: str, *args, **kwargs):
    """The first non-``None`` answer of the handlers of ``name`` (a query hook), else ``None``."""
    for handler in _handlers[name]:
        answer = handler(*args, **kwargs)
        if answer is not None:
            return answer
    return None


def collect(name: str, *args, **kwargs) -> list:
    """The non-``None`` answers of every handler of ``name``, in registration order (a preparing hook)."""
    answers = []
    for handler in _handlers[name]:
        answer = handler(*args, **kwargs)
        if answer is not None:
            answers.append(answer)
    return answers


@contextmanager
def around(name: str, *args, **kwargs) -> Iterator[None]:
    """The block runs inside the context managers the handlers of ``name`` answer (a wrapping
    hook), entered in registration order and left in reverse."""
    with ExitStack() as stack:
        for context in collect(name, *args, **kwargs):
            stack.enter_context(context)
        yield
