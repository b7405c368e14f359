"""An institution's figures over the years beside the national series, and the three-fold target.

:func:`institution_series` reads, in two queries whatever the institution's size, per fiscal year:
joint research with private companies in Japan (cases and yen, the national series' own figure),
and company investment (joint and commissioned research money from companies, domestic and
foreign: the target's figure). :func:`target_standing` sets the latest completed year against the
straight path from the FY2014 baseline to three times it in FY2025 (``kyoso.rules.survey``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Sum

from kyoso.agreements.choices import ContributionKind, PartyRole, ResearchType
from kyoso.agreements.models import Agreement, AgreementParty, Contribution
from kyoso.parties.choices import OrganisationKind
from kyoso.parties.models import Organisation
from kyoso.rules import survey as rules
from kyoso.rules.fiscal import fiscal_year_of

from .services import IN_FORCE_STATUSES

__all__ = ["InstitutionYear", "Standing", "institution_series", "target_standing"]


@dataclass(frozen=True)
class InstitutionYear:
    """One fiscal year of an institution's own figures."""

    fiscal_year: int
    joint_private_cases: int
    joint_private_amount: int
    company_investment: int

    @property
    def joint_private_average(self) -> int | None:
        if not self.joint_private_cases:
            return None
        return (2 * self.joint_private_amount + self.joint_private_cases) // (2 * self.joint_private_cases)


@dataclass(frozen=True)
class Standing:
    """Where the institution stands against the target in ``fiscal_year``.

    ``baseline_from`` is ``"entered"`` (the organisation's FY2014 figure as reported to MEXT),
    ``"records"`` (kyoso's FY2014 contributions) or ``""`` (no baseline: no path can be drawn).
    """

    target: rules.Target
    baseline: int | None
    baseline_from: str
    path: list[tuple[int, int]]
    fiscal_year: int
    actual: int
    expected: int | None

    @property
    def percent_of_path(self) -> int | None:
        """The year's investment as a percentage of the path's value that year (rounded half up)."""
        if not self.expected:
            return None
        return (200 * self.actual + self.expected) // (2 * self.expected)


def _agreements_of(institution: Organisation):
    return Agreement.objects.filter(
        pk__in=AgreementParty.objects.filter(organisation=institution, role=PartyRole.UNIVERSITY).values("agreement_id"),
        status__in=IN_FORCE_STATUSES,
    ).values("pk")


def institution_series(institution: Organisation) -> list[InstitutionYear]:
    """The institution's figures for every fiscal year it has an agreement in force, oldest first."""
    agreements = _agreements_of(institution)
    cases: Counter[int] = Counter()
    years: set[int] = set()
    for start, end, domestic, kind, research_type in (
        AgreementParty.objects.filter(agreement_id__in=agreements).exclude(role=PartyRole.UNIVERSITY)
        .values_list("agreement__start", "agreement__end", "organisation__is_domestic", "organisation__kind",
                     "agreement__research_type").iterator(chunk_size=5000)
    ):
        span = range(fiscal_year_of(start), fiscal_year_of(end) + 1)
        years.update(span)
        if kind == OrganisationKind.COMPANY and domestic and research_type == ResearchType.JOINT:
            cases.update(span)
    joint, investment = Counter(), Counter()
    for fiscal_year, research_type, domestic, direct, indirect in (
        Contribution.objects.filter(agreement_id__in=agreements, kind=ContributionKind.CASH,
                                    contributor__kind=OrganisationKind.COMPANY)
        .values("fiscal_year", "agreement__research_type", "contributor__is_domestic").order_by()
        .annotate(direct=Sum("direct_amount"), indirect=Sum("indirect_amount"))
        .values_list("fiscal_year", "agreement__research_type", "contributor__is_domestic", "direct", "indirect")
    ):
        amount = (direct or 0) + (indirect or 0)
        investment[fiscal_year] += amount
        if domestic and research_type == ResearchType.JOINT:
            joint[fiscal_year] += amount
        years.add(fiscal_year)
    return [InstitutionYear(fy, cases[fy], joint[fy], investment[fy]) for fy in sorted(years)]


def target_standing(institution: Organisation, series: list[InstitutionYear], *, today) -> Standing:
    """The target's path from the institution's baseline, and the last completed year against it."""
    goal = rules.target()
    by_year = {year.fiscal_year: year.company_investment for year in series}
    if institution.survey_baseline is not None:
        baseline, baseline_from = institution.survey_baseline, "entered"
    elif by_year.get(goal.base_year):
        baseline, baseline_from = by_year[goal.base_year], "records"
    else:
        baseline, baseline_from = None, ""
    path = rules.target_path(baseline, goal) if baseline else []
    year = fiscal_year_of(today) - 1
    on_path = dict(path)
    expected = on_path.get(year, path[-1][1] if path and year > goal.target_year else None)
    return Standing(goal, baseline, baseline_from, path, year, by_year.get(year, 0), expected)
