"""What the printable reports say, read as their reader may read it.

- :func:`consortium_report` — a consortium's annual IP report for a fiscal year: funding by source
  with the matching ratio, the pool (inventions, filings by status and office), the share classes,
  the IP fund (accruals, payments, balance, first shortfall) and the decisions of the review rounds
  closed in the year. Printed by the IP office, the auditor and the consortium's CPO (the readers of
  the consortium's funding and fund pages); never by a company, which sees only its own money.
- :func:`company_statement` — a member company's rights statement: its contributions by fiscal
  year, its class and rights per scheme, its licences and what it paid and was paid. Every figure
  is read with the company's own scope (an :class:`~kyoso.core.roles.Actor` of that company) *and*
  the printer's, so a CPO or the IP office printing it never adds a figure the company could not
  see, and a CPO never adds one from a consortium they do not run.

Nothing here changes a record.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Max, Sum
from django.utils import timezone

from kyoso.agreements.choices import ContributionKind, FundingSource
from kyoso.agreements.models import Contribution
from kyoso.budget.services.summary import first_shortfall, fund_years, may_see_fund
from kyoso.consortia.models import Consortium, Membership
from kyoso.core.roles import Actor, Role, actor_of
from kyoso.ip.choices import FilingStatus, InventionStatus, Office
from kyoso.ip.models import Filing, Invention
from kyoso.licensing.choices import ClassRight
from kyoso.licensing.models import CompanyClassAssignment, Invoice, Licence, StatementLine
from kyoso.parties.choices import OrganisationKind
from kyoso.portfolio.choices import RoundStatus
from kyoso.portfolio.models import ReviewItem, ReviewRound
from kyoso.rules.fiscal import fiscal_year_bounds, matching_ratio

__all__ = [
    "PRINTERS", "may_print_consortium_report", "consortia_printable", "consortium_report",
    "may_print_statement", "company_actor", "company_statement",
]

#: The roles that print a consortium's annual report (the managers; companies and researchers not).
PRINTERS = (Role.IP_OFFICE, Role.AUDITOR, Role.CPO)
#: Years of the fund shown after the report's year.
FUND_YEARS_AHEAD = 5


def _actor(user) -> Actor:
    return user if isinstance(user, Actor) else actor_of(user)


def consortia_printable(user):
    """The consortia whose annual report ``user`` may print."""
    actor = _actor(user)
    if actor.role not in PRINTERS:
        return Consortium.objects.none()
    return Consortium.objects.for_user(actor)


def may_print_consortium_report(consortium, user) -> bool:
    return consortia_printable(user).filter(pk=consortium.pk).exists()


# -- the consortium's annual IP report ------------------------------------------------------------


def _funding(consortium, fiscal_year, user) -> dict:
    sums = {source: {"direct": 0, "indirect": 0} for source in FundingSource.values}
    for source, direct, indirect in (
        Contribution.objects.for_user(user).filter(agreement__consortium=consortium, fiscal_year=fiscal_year)
        .order_by().values("source").annotate(direct=Sum("direct_amount"), indirect=Sum("indirect_amount"))
        .values_list("source", "direct", "indirect")
    ):
        sums[source] = {"direct": direct or 0, "indirect": indirect or 0}
    labels = dict(FundingSource.choices)
    rows = [{"source": labels[s], "direct": v["direct"], "indirect": v["indirect"],
             "total": v["direct"] + v["indirect"]} for s, v in sums.items()]
    company = sums[FundingSource.COMPANY]["direct"] + sums[FundingSource.COMPANY]["indirect"]
    public = sums[FundingSource.JST]["direct"] + sums[FundingSource.JST]["indirect"]
    return {"rows": rows, "total": sum(row["total"] for row in rows), "ratio": matching_ratio(company, public)}


def _pool(consortium, fiscal_year, user) -> dict:
    first, last = fiscal_year_bounds(fiscal_year)
    inventions = Invention.objects.for_user(user).filter(consortium=consortium)
    status_labels = dict(InventionStatus.choices)
    by_status = dict(inventions.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    filings = Filing.objects.counted_for(user).filter(family__invention__consortium=consortium)
    cells = defaultdict(int)
    for status, office, n in (filings.order_by().values("status", "office").annotate(n=Count("pk"))
                              .values_list("status", "office", "n")):
        cells[(status, office)] += n
    offices = [(code, label) for code, label in Office.choices if any(cells[(s, code)] for s in FilingStatus.values)]
    return {
        "inventions": sum(by_status.values()),
        "disclosed_in_year": inventions.filter(disclosed_on__range=(first, last)).count(),
        "inventions_by_status": [(status_labels[s], by_status[s]) for s in InventionStatus.values if by_status.get(s)],
        "filed_in_year": filings.filter(filing_date__range=(first, last)).count(),
        "offices": [label for _code, label in offices],
        "filings": [{"status": label, "cells": [cells[(status, code)] for code, _label in offices],
                     "total": sum(cells[(status, code)] for code, _label in offices)}
                    for status, label in FilingStatus.choices if any(cells[(status, code)] for code, _l in offices)],
        "office_totals": [sum(cells[(s, code)] for s in FilingStatus.values) for code, _label in offices],
        "filings_total": sum(cells.values()),
    }


def _latest_assignments(assignments, fiscal_year):
    """Each (scheme, company)'s assignment for the year, else its latest before it (cumulative ones count)."""
    latest: dict = {}
    for a in assignments:
        if a.fiscal_year is not None and a.fiscal_year > fiscal_year:
            continue
        key = (a.scheme_id, a.company_id)
        if key not in latest or (a.fiscal_year or 0) > (latest[key].fiscal_year or 0):
            latest[key] = a
    return sorted(latest.values(), key=lambda a: (str(a.scheme), -a.share, str(a.company)))


def _rights(share_class) -> list[str]:
    labels = dict(ClassRight.choices)
    return [str(labels.get(right, right)) for right in (share_class.rights if share_class else [])]


def _classes(consortium, fiscal_year, user) -> list[dict]:
    assignments = (CompanyClassAssignment.objects.for_user(user).filter(scheme__consortium=consortium)
                   .select_related("scheme", "company", "share_class"))
    return [{"scheme": a.scheme, "company": a.company, "fiscal_year": a.fiscal_year, "share": a.share,
             "class": a.share_class, "rights": _rights(a.share_class)}
            for a in _latest_assignments(assignments, fiscal_year)]


def _fund(consortium, fiscal_year, user) -> dict | None:
    if not may_see_fund(consortium, user):
        return None
    years = [y for y in fund_years(consortium, as_of=timezone.localdate(), years=FUND_YEARS_AHEAD)
             if y.fiscal_year <= fiscal_year + FUND_YEARS_AHEAD]
    return {"years": years, "shortfall": first_shortfall(years)}


def _reviews(consortium, fiscal_year, user) -> list[dict]:
    """The rounds decided whose last decision fell in the year, with each right's decision."""
    first, last = fiscal_year_bounds(fiscal_year)
    rounds = (ReviewRound.objects.for_user(user).filter(consortium=consortium, status=RoundStatus.DECIDED)
              .annotate(closed_on=Max("items__decided_on")).filter(closed_on__range=(first, last)).order_by("closed_on"))
    out = []
    for review in rounds:
        items = (ReviewItem.objects.for_user(user).filter(round=review).exclude(decision="")
                 .select_related("filing__family__invention", "transferee").order_by("filing__family__reference", "pk"))
        out.append({"round": review, "closed_on": review.closed_on, "items": list(items),
                    "saving": sum(item.saving for item in items)})
    return out


def consortium_report(consortium, fiscal_year: int, *, user) -> dict:
    """The annual IP report's figures (the template's context); the caller checked the printer."""
    return {
        "consortium": consortium, "fiscal_year": fiscal_year,
        "funding": _funding(consortium, fiscal_year, user),
        "pool": _pool(consortium, fiscal_year, user),
        "classes": _classes(consortium, fiscal_year, user),
        "fund": _fund(consortium, fiscal_year, user),
        "reviews": _reviews(consortium, fiscal_year, user),
    }


# -- a company's rights statement ------------------------------------------------------------------


def may_print_statement(organisation, user) -> bool:
    """A company prints its own; the IP office and the auditor any member company; a CPO their members'."""
    if organisation.kind != OrganisationKind.COMPANY:
        return False
    actor = _actor(user)
    if actor.role == Role.COMPANY:
        return actor.organisation_id == organisation.pk
    members = Membership.objects.filter(organisation=organisation)
    if actor.sees_everything:
        return members.exists()
    if actor.role == Role.CPO:
        return members.filter(consortium_id__in=actor.consortium_ids).exists()
    return False


def company_actor(organisation) -> Actor:
    """The scope of the company's own staff: what the statement may show."""
    return Actor(user_id=None, role=Role.COMPANY, organisation_id=organisation.pk)


def _both(model, company, user):
    """The rows the company sees that the printer sees too."""
    return model.objects.for_user(company).filter(pk__in=model.objects.for_user(user).values("pk"))


def company_statement(organisation, *, user) -> dict:
    """The rights statement's figures (the template's context); the caller checked the printer."""
    company = company_actor(organisation)
    contributions = defaultdict(lambda: {"cash": 0, "in_kind": 0})
    for year, consortium, kind, direct, indirect in (
        _both(Contribution, company, user).filter(contributor=organisation).order_by()
        .values("fiscal_year", "agreement__consortium__name", "kind")
        .annotate(direct=Sum("direct_amount"), indirect=Sum("indirect_amount"))
        .values_list("fiscal_year", "agreement__consortium__name", "kind", "direct", "indirect")
    ):
        key = "cash" if kind == ContributionKind.CASH else "in_kind"
        contributions[(year, consortium or "—")][key] += (direct or 0) + (indirect or 0)
    contribution_rows = [{"fiscal_year": year, "consortium": consortium, **money, "total": sum(money.values())}
                         for (year, consortium), money in sorted(contributions.items())]
    assignments = (_both(CompanyClassAssignment, company, user).filter(company=organisation)
                   .select_related("scheme__consortium", "share_class").order_by("scheme__consortium__name", "scheme__name",
                                                                                  "fiscal_year"))
    classes = [{"scheme": a.scheme, "consortium": a.scheme.consortium, "fiscal_year": a.fiscal_year,
                "contribution": a.contribution, "share": a.share, "class": a.share_class, "rights": _rights(a.share_class)}
               for a in assignments]
    licences = list(_both(Licence, company, user).filter(licensee=organisation).select_related("consortium")
                    .order_by("number"))
    invoiced = {
        row["licence_id"]: row for row in
        _both(Invoice, company, user).filter(licence__in=[licence.pk for licence in licences]).order_by()
        .values("licence_id").annotate(invoiced=Sum("amount"), received=Sum("received_amount"))
    }
    licence_rows = [{"licence": licence, "invoiced": invoiced.get(licence.pk, {}).get("invoiced") or 0,
                     "paid": invoiced.get(licence.pk, {}).get("received") or 0} for licence in licences]
    income = (_both(StatementLine, company, user).filter(organisation=organisation, person__isnull=True)
              .order_by("run__fiscal_year", "run__rule__consortium__name")
              .values("run__fiscal_year", "run__rule__consortium__name").annotate(amount=Sum("amount")))
    return {
        "company": organisation,
        "contributions": contribution_rows,
        "contributions_total": sum(row["total"] for row in contribution_rows),
        "classes": classes,
        "licences": licence_rows,
        "licences_paid": sum(row["paid"] for row in licence_rows),
        "income": [{"fiscal_year": row["run__fiscal_year"], "consortium": row["run__rule__consortium__name"],
                    "amount": row["amount"]} for row in income],
        "income_total": sum(row["amount"] for row in income),
    }

