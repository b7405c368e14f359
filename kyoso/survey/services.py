"""The MEXT survey of one institution and fiscal year, read from kyoso's records.

:func:`survey_report` reads, in a handful of set-based queries, what the survey asks of an
institution (a university or public research institute) for a fiscal year:

- **joint and commissioned research** — one case per partner of each agreement the institution
  signed as a university (甲) that was in force during the year (status active, ended or
  terminated; drafts and negotiations are not contracts yet); the amount is what that partner
  paid in that year in cash, direct plus indirect costs (``Contribution.total_amount``); a
  partner that paid nothing is a 0-yen case. The arithmetic is :mod:`kyoso.rules.survey`.
- **patents** — filings of inventions the institution owns or co-owns: applications filed in the
  year (Japan = domestic, any other office, the PCT included = foreign) and rights registered by
  the year's end and still registered (held).
- **licensing** — licences in force during the year on an invention the institution owns or
  co-owns (実施等 cases), and the institution's co-ownership share of the income distributed
  for the year (``StatementLine`` step ``share``).
- **spin-offs** — companies recorded as its spin-offs (大学発ベンチャー), founded in the year.

What kyoso cannot know is listed in :attr:`SurveyReport.missing` instead of being guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from kyoso.agreements.choices import AgreementStatus, ContributionKind, PartyRole, ResearchType
from kyoso.agreements.models import Agreement, AgreementParty, Contribution
from kyoso.consortia.models import Consortium
from kyoso.core.roles import Actor, actor_of
from kyoso.ip.choices import FilingStatus, Office
from kyoso.ip.models import Filing, InventionOwner
from kyoso.licensing.choices import StatementStep
from kyoso.licensing.models import Invoice, Licence, LicensedAsset, StatementLine
from kyoso.licensing.models.distribution import DistributionRun
from kyoso.parties.choices import OrganisationKind
from kyoso.parties.models import Organisation
from kyoso.rules import survey as rules
from kyoso.rules.fiscal import fiscal_year_bounds

__all__ = [
    "INSTITUTION_KINDS", "PATENT_FIGURES", "SURVEY_YEARS", "Missing", "SurveyReport", "may_run_survey", "institutions_for",
    "survey_report", "filings_of", "licences_of",
]

#: Who answers the survey: universities and public research institutes (大学等).
INSTITUTION_KINDS = (OrganisationKind.UNIVERSITY, OrganisationKind.PUBLIC_RESEARCH)

#: The fiscal years a survey may be asked for: the survey's series starts with FY2003.
SURVEY_YEARS = range(2003, 2101)

#: Agreements that were contracts during the year (a draft or a negotiation is not a case).
IN_FORCE_STATUSES = (AgreementStatus.ACTIVE, AgreementStatus.ENDED, AgreementStatus.TERMINATED)

#: The patent figures, in the survey's order.
PATENT_FIGURES = ("applications_domestic", "applications_foreign", "held_domestic", "held_foreign")

#: The survey's kinds of IP income; kyoso's licences are licences of pooled inventions (patents).
INCOME_KINDS = ("patents", "materials", "copyright", "know_how")

#: How many agreements shared with other universities the missing-facts list names one by one.
SHARED_LISTED = 20

_KIND_OF = {"joint_research": ResearchType.JOINT, "commissioned_research": ResearchType.COMMISSIONED}


@dataclass(frozen=True)
class Missing:
    """A fact the survey asks for that kyoso does not hold (or holds only in part), and where to add it."""

    text: str
    url: str = ""


@dataclass
class SurveyReport:
    """The survey figures of one institution and fiscal year, with the cases behind them."""

    institution: Organisation
    fiscal_year: int
    cases: dict[str, list[rules.Case]]
    summaries: dict[str, rules.Summary]
    patents: dict[str, int]
    licensing_cases: int
    licensing_income: int
    spin_offs: int
    missing: list[Missing] = field(default_factory=list)
    partners: dict[int, Organisation] = field(default_factory=dict)

    def as_json(self) -> dict:
        """The document ``kyoso survey --json`` prints (yen as integers; unknown as ``null``)."""
        def breakdown(rows, name):
            return [{name: row.key, "cases": row.cases, "amount": row.amount} for row in rows]

        research = {
            kind: {
                "cases": summary.cases, "amount": summary.amount,
                "by_partner": breakdown(summary.by_partner, "partner"),
                "by_size": breakdown(summary.by_size, "size"),
                "by_bracket": breakdown(summary.by_bracket, "bracket"),
                "large": {"cases": summary.large.cases, "amount": summary.large.amount},
            }
            for kind, summary in self.summaries.items()
        }
        return {
            "institution": {"id": self.institution.pk, "name": self.institution.name,
                            "name_ja": self.institution.name_ja},
            "fiscal_year": self.fiscal_year,
            **research,
            "patents": dict(self.patents),
            "licensing": {
                "cases": self.licensing_cases, "income": self.licensing_income,
                "income_by_kind": {"patents": self.licensing_income, "materials": None, "copyright": None,
                                   "know_how": None},
            },
            "spin_offs": self.spin_offs,
            "missing": [missing.text for missing in self.missing],
        }


def may_run_survey(user) -> bool:
    """The survey is the institution's own return: the IP office prepares it, the auditor reads it."""
    actor = user if isinstance(user, Actor) else actor_of(user)
    return actor.sees_everything


def institutions_for(user):
    """The institutions whose survey ``user`` may prepare, by name."""
    if not may_run_survey(user):
        return Organisation.objects.none()
    return Organisation.objects.for_user(user, "view").filter(kind__in=INSTITUTION_KINDS).order_by("name")


def survey_report(institution: Organisation, fiscal_year: int, *, user) -> SurveyReport:
    """The survey of ``institution`` for ``fiscal_year`` as ``user`` may prepare it (else PermissionDenied)."""
    if not may_run_survey(user) or not institutions_for(user).filter(pk=institution.pk).exists():
        raise PermissionDenied(_("Only the IP office and the auditor prepare an institution's survey."))
    first, last = fiscal_year_bounds(fiscal_year)
    missing: list[Missing] = []
    cases, partners = _research_cases(institution, fiscal_year, first, last, missing)
    summaries = {kind: rules.summarise(kind_cases) for kind, kind_cases in cases.items()}
    licences = licences_of(institution, fiscal_year)
    income = StatementLine.objects.filter(
        run__fiscal_year=fiscal_year, organisation=institution, step=StatementStep.SHARE,
    ).aggregate(total=Sum("amount"))["total"] or 0
    _missing_distributions(institution, fiscal_year, first, last, missing)
    missing.append(Missing(_("Income from materials, copyright and know-how, and from assignments of rights, is not "
                             "recorded in kyoso: add it to the survey by hand.")))
    spin_offs = Organisation.objects.filter(spin_off_of=institution, founded_on__range=(first, last)).count()
    if not Organisation.objects.filter(spin_off_of=institution).exists():
        missing.append(Missing(_("No organisation is recorded as a spin-off of this institution: mark spin-offs on "
                                 "the company's page (university spin-off of, founded on)."),
                               reverse("parties:organisation_list")))
    return SurveyReport(
        institution=institution, fiscal_year=fiscal_year, cases=cases, summaries=summaries,
        patents={figure: filings_of(institution, fiscal_year, figure).count() for figure in PATENT_FIGURES},
        licensing_cases=licences.count(), licensing_income=income, spin_offs=spin_offs, missing=missing,
        partners=partners,
    )


def _research_cases(institution, fiscal_year, first, last, missing):
    """The cases of each kind of research: one per (agreement, partner), with the year's cash paid in.

    Three reads whatever the institution's size: the partners of its agreements in force (one
    join), the year's cash by agreement and contributor (one grouped read), the partners' kinds.
    """
    in_force = Agreement.objects.filter(
        pk__in=AgreementParty.objects.filter(organisation=institution, role=PartyRole.UNIVERSITY).values("agreement_id"),
        status__in=IN_FORCE_STATUSES, start__lte=last, end__gte=first,
    ).values("pk")
    parties = (AgreementParty.objects.filter(agreement_id__in=in_force).exclude(role=PartyRole.UNIVERSITY)
               .order_by("agreement_id", "organisation_id")
               .values_list("agreement_id", "organisation_id", "agreement__research_type"))
    paid = {
        (agreement_id, contributor_id): (direct or 0) + (indirect or 0)
        for agreement_id, contributor_id, direct, indirect in (
            Contribution.objects.filter(agreement_id__in=in_force, fiscal_year=fiscal_year, kind=ContributionKind.CASH)
            .values("agreement_id", "contributor_id").order_by()
            .annotate(direct=Sum("direct_amount"), indirect=Sum("indirect_amount"))
            .values_list("agreement_id", "contributor_id", "direct", "indirect")
        )
    }
    parties = list(parties)
    partners = Organisation.objects.in_bulk({organisation_id for _agreement, organisation_id, _type in parties})
    facts = {pk: (rules.partner_type_of(org.kind, org.is_domestic), rules.size_of(org.kind, org.size))
             for pk, org in partners.items()}
    cases: dict[str, list[rules.Case]] = {kind: [] for kind in rules.RESEARCH_KINDS}
    kind_of = {value: kind for kind, value in _KIND_OF.items()}
    for agreement_id, partner_id, research_type in parties:
        partner_type, size = facts[partner_id]
        cases[kind_of[research_type]].append(rules.Case(
            agreement_id=agreement_id, partner_id=partner_id, partner_type=partner_type, size=size,
            amount=paid.get((agreement_id, partner_id), 0),
        ))
    for partner_id in sorted((pk for pk, (_type, size) in facts.items() if size == "unknown"),
                             key=lambda pk: partners[pk].name):
        missing.append(Missing(
            _("%(name)s is a company whose size (large enterprise or SME) kyoso does not know: its cases are counted "
              "under “size unknown”.") % {"name": partners[partner_id].name},
            reverse("parties:organisation_edit", args=[partner_id]),
        ))
    shared_ids = list(
        AgreementParty.objects.filter(agreement_id__in=in_force, role=PartyRole.UNIVERSITY).exclude(organisation=institution)
        .order_by("agreement_id").values_list("agreement_id", flat=True).distinct()[:SHARED_LISTED + 1]
    )
    shared = list(Agreement.objects.filter(pk__in=shared_ids).order_by("pk").values_list("pk", "number"))
    for agreement_id, number in shared[:SHARED_LISTED]:
        missing.append(Missing(
            _("Agreement %(number)s has other universities as parties; kyoso does not record which university receives "
              "the money, so its cases are counted in full here.") % {"number": number},
            reverse("agreements:agreement_detail", args=[agreement_id]),
        ))
    if len(shared) > SHARED_LISTED:
        missing.append(Missing(_("More agreements with other universities as parties are counted in full; the first "
                                 "%(count)s are listed above.") % {"count": SHARED_LISTED}))
    return cases, partners


def _owned_by(institution):
    return Q(family__invention_id__in=InventionOwner.objects.filter(organisation=institution).values("invention_id"))


def filings_of(institution: Organisation, fiscal_year: int, figure: str):
    """The filings a patent figure counts (a queryset: the page lists them, the report counts them)."""
    first, last = fiscal_year_bounds(fiscal_year)
    filings = Filing.objects.filter(_owned_by(institution))
    domestic = Q(office=Office.JP)
    if figure.startswith("applications_"):
        filings = filings.filter(filing_date__range=(first, last)).exclude(status=FilingStatus.DRAFT)
    elif figure.startswith("held_"):
        filings = filings.filter(status=FilingStatus.REGISTERED, registered_on__lte=last)
    else:
        raise KeyError(f"no patent figure is called {figure!r}")
    return filings.filter(domestic) if figure.endswith("_domestic") else filings.exclude(domestic)


def licences_of(institution: Organisation, fiscal_year: int):
    """Licences in force during the year on an invention the institution owns or co-owns (実施等件数)."""
    first, last = fiscal_year_bounds(fiscal_year)
    owned = LicensedAsset.objects.filter(
        licence_id=OuterRef("pk"),
        invention__in=InventionOwner.objects.filter(organisation=institution).values("invention_id"),
    )
    return Licence.objects.filter(Exists(owned), start__lte=last).filter(Q(end__isnull=True) | Q(end__gte=first))


def _missing_distributions(institution, fiscal_year, first, last, missing):
    """Licence income received in the year whose distribution for the year has not been run."""
    licences = licences_of(institution, fiscal_year)
    received = (Invoice.objects.filter(licence__in=licences, received_on__range=(first, last), received_amount__gt=0)
                .values_list("licence__consortium_id", flat=True).distinct())
    run = set(DistributionRun.objects.filter(fiscal_year=fiscal_year).values_list("rule__consortium_id", flat=True))
    for consortium in Consortium.objects.filter(pk__in=set(received) - run).order_by("name"):
        missing.append(Missing(
            _("Licence income was received in the year in %(consortium)s, whose distribution for the year has not been "
              "run: the institution's share of it is not in the income yet.") % {"consortium": consortium},
            reverse("licensing:distributionrun_list"),
        ))
