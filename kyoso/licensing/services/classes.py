"""Each company's funding share and usage-right class, recomputed from the contributions.

What counts: company money (``source=company``) put into the consortium's *cooperative*
agreements — direct plus indirect costs, in kind too unless the scheme says otherwise — and only
one topic's agreements when the scheme is per topic. JST and university money are not a
company's share. The share is of all companies' counted money, the reading of 共同研究費に対する
企業負担 (the companies' burden of the joint-research costs).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Sum
from django.utils.translation import gettext_lazy

from kyoso.agreements.choices import ContributionKind, FundingSource, ResearchClass
from kyoso.agreements.models import Contribution
from kyoso.consortia.choices import MemberRole
from kyoso.consortia.models import Consortium, Membership
from kyoso.core.models import Audience
from kyoso.core.sentences import Sentence
from kyoso.core.services import record_event
from kyoso.parties.models import Organisation
from kyoso.rules.shares import assign_classes

from ..choices import ShareBasis
from ..models import CompanyClassAssignment, ShareClass, ShareClassScheme

__all__ = ["ClassRow", "class_table", "recompute_classes", "contributions_changed", "contributions_imported", "current_class", "current_scheme"]


@dataclass(frozen=True)
class ClassRow:
    """One company's line of a class table: what it paid, its share, its class, the arithmetic."""

    company: Organisation
    contribution: int
    share: object  # Decimal percent, two places
    share_class: ShareClass | None
    arithmetic: str
    total: int


def current_scheme(consortium: Consortium) -> ShareClassScheme | None:
    """The scheme in use: the latest active one by effective date and version."""
    return consortium.share_schemes.filter(active=True).order_by("-effective_from", "-version").first()


def counted_contributions(scheme: ShareClassScheme, fiscal_year: int | None = None) -> dict[Organisation, int]:
    """Counted yen per member company (zero for members that paid nothing), in member order."""
    rows = Contribution.objects.filter(
        agreement__consortium_id=scheme.consortium_id,
        agreement__research_class=ResearchClass.COOPERATIVE,
        source=FundingSource.COMPANY,
    )
    if scheme.topic_id:
        rows = rows.filter(agreement__topic_id=scheme.topic_id)
    if not scheme.counts_in_kind:
        rows = rows.filter(kind=ContributionKind.CASH)
    if fiscal_year is not None:
        # Per-year schemes count that year; cumulative ones everything up to and including it.
        rows = rows.filter(fiscal_year=fiscal_year) if scheme.basis == ShareBasis.FISCAL_YEAR else rows.filter(fiscal_year__lte=fiscal_year)
    paid = dict(rows.values("contributor").annotate(yen=Sum(F("direct_amount") + F("indirect_amount"))).values_list("contributor", "yen"))
    members = Membership.objects.filter(consortium_id=scheme.consortium_id, role=MemberRole.COMPANY).values_list("organisation_id", flat=True)
    ids = list(dict.fromkeys([*members, *paid]))
    companies = Organisation.objects.in_bulk(ids)
    return {companies[i]: int(paid.get(i, 0)) for i in ids}


def class_table(scheme: ShareClassScheme, fiscal_year: int | None = None) -> list[ClassRow]:
    """Every company's share and class under ``scheme``, highest share first."""
    counted = counted_contributions(scheme, fiscal_year)
    by_key = {str(org.pk): org for org in counted}
    classes = {c.name: c for c in scheme.classes.all()}
    rows = assign_classes({str(org.pk): yen for org, yen in counted.items()}, scheme.as_rules())
    total = sum(counted.values())
    table = [
        ClassRow(by_key[r.company], r.contribution, r.share, classes.get(r.share_class.name) if r.share_class else None,
                 r.explanation, total)
        for r in rows
    ]
    return sorted(table, key=lambda row: (-row.contribution, row.company.name))


def _periods(scheme: ShareClassScheme) -> list[int | None]:
    if scheme.basis == ShareBasis.CUMULATIVE:
        return [None]
    years = Contribution.objects.filter(agreement__consortium_id=scheme.consortium_id).values_list("fiscal_year", flat=True)
    return sorted(set(years))


@transaction.atomic
def recompute_classes(consortium: Consortium, *, user) -> list[str]:
    """Rewrite every company's class under the consortium's active schemes; returns the changes.

    Called after every contribution change. Each assignment keeps its field history; a class
    change also writes a ``class-changed`` event on the assignment and on the consortium. The
    consortium's event names the company's contribution, so only that company (and the managers)
    read it on the consortium's timeline, which every member may open.
    """
    # One recomputation at a time per consortium: two at once would both create a missing assignment.
    Consortium.objects.select_for_update().filter(pk=consortium.pk).values_list("pk", flat=True).first()
    changes = []
    for scheme in consortium.share_schemes.filter(active=True).prefetch_related("classes"):
        for fiscal_year in _periods(scheme):
            for row in class_table(scheme, fiscal_year):
                change = _store(scheme, fiscal_year, row, user=user)
                if change:
                    changes.append((change, row.company.pk))
    for change, company_id in changes:
        record_event(consortium, "class-changed", change, user=user,
                     audience=Audience.ORGANISATION, organisation_id=company_id)
    return [change for change, _company in changes]


def _store(scheme, fiscal_year, row: ClassRow, *, user) -> str | None:
    assignment = CompanyClassAssignment.objects.filter(scheme=scheme, company=row.company, fiscal_year=fiscal_year).first()
    existed = assignment is not None
    before = assignment.share_class if existed else None
    values = {"contribution": row.contribution, "share": row.share, "share_class": row.share_class,
              "arithmetic": row.arithmetic, "total": row.total}
    if assignment is None:
        assignment = CompanyClassAssignment(scheme=scheme, company=row.company, fiscal_year=fiscal_year, **values)
    elif all(getattr(assignment, k) == v for k, v in values.items()):
        return None
    else:
        for key, value in values.items():
            setattr(assignment, key, value)
    assignment._history_user = user if getattr(user, "pk", None) else None
    assignment.save()
    if existed and before != row.share_class:
        summary = Sentence(
            gettext_lazy("%(company)s: class %(before)s → %(after)s under %(scheme)s (%(arithmetic)s)"),
            company=row.company, before=before.name if before else "—",
            after=row.share_class.name if row.share_class else "—", scheme=scheme, arithmetic=row.arithmetic,
        )
        record_event(assignment, "class-changed", summary, user=user)
        return summary
    return None


def contributions_changed(contribution: Contribution, *, user) -> None:
    """The ``contribution_changed`` hook: recompute the classes of the contribution's consortium."""
    _recompute_if_classed(contribution.agreement.consortium_id, user=user)


def contributions_imported(contributions, *, user) -> None:
    """The ``contributions_imported`` hook: recompute the classes once per consortium of the file."""
    for consortium_id in sorted({c.agreement.consortium_id for c in contributions if c.agreement.consortium_id}):
        _recompute_if_classed(consortium_id, user=user)


def contribution_removed(agreement, *, user) -> None:
    """The ``contribution_removed`` hook: a deletion changes everyone's share too."""
    _recompute_if_classed(agreement.consortium_id, user=user)


def _recompute_if_classed(consortium_id, *, user) -> None:
    if consortium_id and ShareClassScheme.objects.filter(consortium_id=consortium_id, active=True).exists():
        recompute_classes(Consortium.objects.get(pk=consortium_id), user=user)


def current_class(organisation: Organisation, consortium: Consortium) -> CompanyClassAssignment | None:
    """The company's class now: cumulative to date, or the latest fiscal year of a per-year scheme."""
    scheme = current_scheme(consortium)
    if scheme is None:
        return None
    return (
        CompanyClassAssignment.objects.filter(scheme=scheme, company=organisation)
        .select_related("share_class").order_by("-fiscal_year").first()
    )
