"""Who may see, change, create and delete what, restated independently of the code under test.

The application decides scoping in each app's ``querysets.py`` (``Model.objects.for_user``). These
tests must not trust that code, so this module states the intended rules again (the README's "Who
sees what" and each ``querysets.py`` docstring), in plain Python over the demo world (attribute
access on prefetched rows, no scoped querysets, no ORM lookups that mirror the production filters):

- ``ipoffice``   — the IP office: sees and changes everything.
- ``cpo``        — the CPO of ``opera-demo``: everything inside that consortium, nothing of the other.
- ``cpo-2``      — the CPO of ``opera-second``: the same for the smaller consortium.
- ``company-a``  — Asahi Devices (opera-demo only): its consortia's non-confidential pool and the
  inventions it co-owns, the agreements it signed, and only its *own* money (contributions, class,
  licences, royalties, patent costs it paid, ledger rows, votes, statement lines).
- ``company-b``  — Boso Motors, a member of *both* consortia: the same rule, for Boso.
- ``company-c``  — Kiso Robotics, a member of ``opera-second`` only.
- ``researcher`` — Prof. Endo: the inventions he is named inventor of (and the consortia of his
  university); he changes his inventions' description but never deletes one, and owners and
  inventors are the IP office's (or the CPO's) to change.
- ``auditor``    — reads everything, changes nothing.

The directory (organisations, people, affiliations), the contract-type catalogue and universities'
compensation policies are reference data every role reads.

Left out, with the reason: ``core.Event`` (the activity log, written by services, never edited),
``accounts.Profile`` (logins, managed on the IP office's users page; see kyoso/accounts/tests), ``docket.ReminderPreference`` and
``docket.ReminderDispatch`` (each user's own reminder settings and the log of e-mails sent: per
user, not per consortium; scoped by ``user`` alone).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.urls import NoReverseMatch, reverse

PERSONAS = ("ipoffice", "cpo", "cpo-2", "company-a", "company-b", "company-c", "researcher", "auditor")

ASAHI = "Asahi Devices Corporation"
BOSO = "Boso Motors Co., Ltd."
KISO = "Kiso Robotics Co., Ltd."
LEAD_UNIVERSITY = "Kita-Nihon University"
DEMO_CONSORTIUM = "opera-demo"
SECOND_CONSORTIUM = "opera-second"


@dataclass(frozen=True)
class Persona:
    role: str
    organisation: str | None = None  # organisation name
    inventor: tuple[str, str] | None = None  # (family name, given name)
    consortia: frozenset[str] = frozenset()  # slugs a CPO runs


WHO = {
    "ipoffice": Persona("ipoffice"),
    "cpo": Persona("cpo", consortia=frozenset({DEMO_CONSORTIUM})),
    "cpo-2": Persona("cpo", consortia=frozenset({SECOND_CONSORTIUM})),
    "company-a": Persona("company", organisation=ASAHI),
    "company-b": Persona("company", organisation=BOSO),
    "company-c": Persona("company", organisation=KISO),
    "researcher": Persona("researcher", organisation=LEAD_UNIVERSITY, inventor=("Endo", "Haruki")),
    "auditor": Persona("auditor"),
}


# -- the models and what each offers ------------------------------------------------------------


def _api_routes() -> dict[str, tuple[str, type]]:
    """Model label → (route prefix under /api/, viewset), the first route registered for it."""
    from kyoso.urls import api_patterns

    routes = {}
    for pattern in api_patterns:
        for prefix, viewset, _name in pattern.urlconf_module.router.registry:
            routes.setdefault(viewset.queryset.model._meta.label, (prefix, viewset))
    return routes


@dataclass(frozen=True)
class ModelSpec:
    """One model and how an export row names one of its records (the pages and routes are looked up)."""

    label: str  # "app.Model"
    nested_in: str | None = None  # for owners and inventors: the API field of the invention
    key: Callable | None = None  # how a row of the CSV/XLSX export identifies a record
    key_columns: tuple[int, ...] = (0,)

    @property
    def model(self):
        return apps.get_model(self.label)

    @property
    def name(self) -> str:
        return self.label.split(".")[1]

    def url_name(self, action: str) -> str:
        meta = self.model._meta
        return f"{meta.app_label}:{meta.model_name}_{action}"

    @property
    def web(self) -> tuple[str, ...]:
        """Which of list / detail / edit / delete pages the web UI offers."""
        offered = []
        for action, args in (("list", ()), ("detail", (0,)), ("edit", (0,)), ("delete", (0,))):
            try:
                reverse(self.url_name(action), args=args)
            except NoReverseMatch:
                continue
            offered.append(action)
        return tuple(offered)

    @property
    def api(self) -> str | None:
        route = _api_routes().get(self.label)
        return route[0] if route else None

    @property
    def api_methods(self) -> set[str]:
        """The HTTP methods the model's API route answers (read-only routes: get only)."""
        route = _api_routes().get(self.label)
        if route is None:
            return set()
        viewset = route[1]
        writes = {"post": "create", "put": "update", "patch": "partial_update", "delete": "destroy"}
        return {"get"} | {m for m, action in writes.items() if hasattr(viewset, action) and m in viewset.http_method_names}

    def __str__(self) -> str:
        return self.name


def _filing_key(filing):
    return (filing.application_number or "(no number yet)",)


MODELS = [
    ModelSpec("parties.Organisation", key=lambda o: (o.name,)),
    ModelSpec("parties.Person", key=lambda p: (str(p),)),
    ModelSpec("parties.Affiliation"),
    ModelSpec("consortia.Consortium", key=lambda c: (c.name,)),
    ModelSpec("consortia.Membership"),
    ModelSpec("consortia.ResearchArea"),
    ModelSpec("consortia.ResearchTopic"),
    ModelSpec("agreements.ContractType", key=lambda t: (t.code,)),
    ModelSpec("agreements.Agreement", key=lambda a: (a.number,)),
    ModelSpec("agreements.AgreementParty"),
    ModelSpec(
        "agreements.Contribution",
        key=lambda c: (c.agreement.number, str(c.fiscal_year), str(c.contributor)), key_columns=(0, 1, 2),
    ),
    ModelSpec("ip.Invention", key=lambda i: (i.reference,)),
    ModelSpec("ip.InventionOwner", nested_in="owners"),
    ModelSpec("ip.Inventor", nested_in="inventors"),
    ModelSpec("ip.Family"),
    ModelSpec("ip.Filing", key=_filing_key),
    ModelSpec("docket.Deadline"),
    ModelSpec("licensing.ShareClassScheme"),
    ModelSpec("licensing.ShareClass"),
    ModelSpec("licensing.CompanyClassAssignment"),
    ModelSpec("licensing.LicensingPolicy"),
    ModelSpec("licensing.LicenceRequest"),
    ModelSpec("licensing.Licence"),
    ModelSpec("licensing.LicensedAsset"),
    ModelSpec("licensing.RoyaltyTerm"),
    ModelSpec("licensing.RoyaltyReport"),
    ModelSpec("licensing.Invoice"),
    ModelSpec("licensing.CompensationPolicy"),
    ModelSpec("licensing.DistributionRule"),
    ModelSpec("licensing.PatentCost"),
    ModelSpec("licensing.DistributionRun"),
    ModelSpec("licensing.StatementLine"),
    ModelSpec("budget.Grant"),
    ModelSpec("budget.Cost"),
    ModelSpec("budget.LedgerEntry"),
    ModelSpec("portfolio.AreaWeight"),
    ModelSpec("portfolio.ReviewRound"),
    ModelSpec("portfolio.ReviewItem"),
    ModelSpec("portfolio.MemberVote"),
    ModelSpec("programmes.Application"),
    ModelSpec("programmes.Award", key=lambda a: (a.number,)),
    ModelSpec("programmes.Duty"),
    ModelSpec("transfer.Technology"),
    ModelSpec("transfer.Deal"),
    ModelSpec("transfer.ContactLog"),
    ModelSpec("transfer.DealAgreement"),
    ModelSpec("transfer.TrainingProgramme"),
    ModelSpec("transfer.Trainee"),
    ModelSpec("transfer.Assessment"),
    ModelSpec("transfer.FollowUp"),
    ModelSpec("transfer.CommitteeDecision"),
    ModelSpec("transfer.ProgrammeCost"),
]
SPECS = {spec.name: spec for spec in MODELS}
# Internal models left out of the matrix (see the module docstring for why). Two more:
# - SignInLock: failed sign-ins counted by kyoso.accounts.lockout; no page, no API, no scope.
# - ChangeProposal: a researcher's proposal; the demo holds none (only researchers make them, in one
#   consortium), so its rules are checked by kyoso/ip/tests/test_change_proposals.py against worlds it
#   builds itself (own proposals for the researcher, read-only for the CPO, nothing for companies).
# ContributionTotal: a summary of contributions with no page, form or endpoint of its own (scoped like
# the contributions it sums; kyoso/agreements/tests/test_totals.py checks it per role).
# The Sakura parts of an agreement (terms, named researchers, draft versions, term deadlines, publication
# requests) have no list page, form route or endpoint of their own: they are read and changed on their
# agreement's page; kyoso/agreements/tests/test_sakura.py checks their scoping per role.
EXCLUDED = {"Event", "Profile", "ReminderPreference", "ReminderDispatch", "SignInLock", "ChangeProposal", "ContributionTotal", "PreparedExport"}
EXCLUDED |= {"AgreementTerms", "AgreementResearcher", "DraftVersion", "AgreementDeadline", "PublicationRequest"}
EXCLUDED |= {"Notification", "NotificationPreference"}  # one user's own: kyoso/inbox/tests
# SavedFilter: a user's own saved list filters, like PreparedExport owner-only (tests/test_search.py).
EXCLUDED |= {"SavedFilter"}
# ApiToken: each user's own personal API tokens, whatever the role (kyoso/accounts/tests/test_people.py).
EXCLUDED |= {"ApiToken"}
# Document: a file attached to a record, scoped by that record's own rule (no rule of its own);
# kyoso/documents/tests/ checks each record type × persona, the API and the downloads.
EXCLUDED |= {"Document"}
# OpenTally, OpenTallyByDay, CoOwnedTally, CoOwnedTallyByDay: counts the database keeps for the
# docket home, read only there, per the company's own consortia and its own co-owned inventions;
# never a page or an API of their own (kyoso/docket/tests/test_tallies.py).
EXCLUDED |= {"OpenTally", "OpenTallyByDay", "CoOwnedTally", "CoOwnedTallyByDay"}


# -- the rules ----------------------------------------------------------------------------------


def _members(consortium) -> set[str]:
    return {m.organisation.name for m in consortium.memberships.all()}


def _consortium_visible(who: Persona, consortium) -> bool:
    if consortium is None:
        return False
    if who.role == "cpo":
        return consortium.slug in who.consortia
    if who.role in ("company", "researcher"):
        return who.organisation in _members(consortium)
    return False


def _company_member(who: Persona, consortium) -> bool:
    """Member companies (not researchers) read their consortia's fund and review data."""
    if who.role == "cpo":
        return _cpo_runs(who, consortium)
    return who.role == "company" and consortium is not None and who.organisation in _members(consortium)


def _agreement_visible(who: Persona, agreement) -> bool:
    if who.role == "cpo":
        return agreement.consortium is not None and agreement.consortium.slug in who.consortia
    if who.role == "company":
        return who.organisation in {p.organisation.name for p in agreement.parties.all()}
    return False


def _contribution_visible(who: Persona, contribution) -> bool:
    if who.role == "company":  # never another company's money, even on a shared agreement
        return contribution.contributor.name == who.organisation
    return _agreement_visible(who, contribution.agreement)


def _inventors_of(invention) -> set[tuple[str, str]]:
    return {(i.person.family_name, i.person.given_name) for i in invention.inventors.all()}


def _invented_by(who: Persona, invention) -> bool:
    return who.role == "researcher" and who.inventor in _inventors_of(invention)


def _invention_visible(who: Persona, invention) -> bool:
    if who.role == "cpo":
        return invention.consortium is not None and invention.consortium.slug in who.consortia
    if who.role == "company":
        co_owned = who.organisation in {o.organisation.name for o in invention.owners.all()}
        pooled = invention.consortium is not None and who.organisation in _members(invention.consortium)
        return co_owned or (pooled and not invention.confidential)
    if who.role == "researcher":
        return _invented_by(who, invention)
    return False


def _cpo_runs(who: Persona, consortium) -> bool:
    return who.role == "cpo" and consortium is not None and consortium.slug in who.consortia


def _invention_changeable(who: Persona, invention) -> bool:
    if who.role == "researcher":  # the description only (owners and inventors are not theirs: RULES)
        return _invented_by(who, invention)
    return _cpo_runs(who, invention.consortium)


def _own(who: Persona, organisation) -> bool:
    return who.role == "company" and organisation is not None and organisation.name == who.organisation


def _licence_visible(who: Persona, licence) -> bool:
    if who.role == "cpo":
        return _cpo_runs(who, licence.consortium)
    if who.role == "company":  # its own licences only: another licensee's terms are its business
        return _own(who, licence.licensee)
    if who.role == "researcher":
        return any(_invented_by(who, asset.invention) for asset in licence.assets.all())
    return False


def _cost_visible(who: Persona, cost) -> bool:
    if who.role == "cpo":
        return _cpo_runs(who, cost.consortium)
    if who.role == "company":
        others_money = cost.source == "co_owner" and not _own(who, cost.payer)
        return _invention_visible(who, cost.invention) and not others_money
    return False


def _statement_line_visible(who: Persona, line) -> bool:
    if who.role == "cpo":
        return _cpo_runs(who, line.run.rule.consortium)
    if who.role == "company":
        return line.person is None and _own(who, line.organisation)
    if who.role == "researcher":
        return line.person is not None and (line.person.family_name, line.person.given_name) == who.inventor
    return False


def _everyone(who, obj) -> bool:
    return True


def _directory_editors(who, obj) -> bool:
    return who.role == "cpo"


def _nobody(who, obj) -> bool:
    return False


def _filing_invention(filing):
    return filing.family.invention


# model name → (may see, may change) for the roles that are neither IP office nor auditor.
RULES: dict[str, tuple[Callable, Callable]] = {
    "Organisation": (_everyone, _directory_editors),
    "Person": (_everyone, _directory_editors),
    "Affiliation": (_everyone, _directory_editors),
    "ContractType": (_everyone, _nobody),
    "Consortium": (_consortium_visible, lambda w, c: _cpo_runs(w, c)),
    "Membership": (lambda w, m: _consortium_visible(w, m.consortium), lambda w, m: _cpo_runs(w, m.consortium)),
    "ResearchArea": (lambda w, a: _consortium_visible(w, a.consortium), lambda w, a: _cpo_runs(w, a.consortium)),
    "ResearchTopic": (lambda w, t: _consortium_visible(w, t.consortium), lambda w, t: _cpo_runs(w, t.consortium)),
    "Agreement": (_agreement_visible, lambda w, a: _cpo_runs(w, a.consortium)),
    "AgreementParty": (lambda w, p: _agreement_visible(w, p.agreement), lambda w, p: _cpo_runs(w, p.agreement.consortium)),
    "Contribution": (_contribution_visible, lambda w, c: _cpo_runs(w, c.agreement.consortium)),
    "Invention": (_invention_visible, _invention_changeable),
    # Owners and inventors decide who holds and who earns: the IP office's and the CPO's, never the researcher's.
    "InventionOwner": (lambda w, o: _invention_visible(w, o.invention), lambda w, o: _cpo_runs(w, o.invention.consortium)),
    "Inventor": (lambda w, i: _invention_visible(w, i.invention), lambda w, i: _cpo_runs(w, i.invention.consortium)),
    "Family": (lambda w, f: _invention_visible(w, f.invention), lambda w, f: _cpo_runs(w, f.invention.consortium)),
    "Filing": (
        lambda w, f: _invention_visible(w, _filing_invention(f)),
        lambda w, f: _cpo_runs(w, _filing_invention(f).consortium),
    ),
    "Deadline": (
        lambda w, d: _invention_visible(w, _filing_invention(d.filing)),
        lambda w, d: _cpo_runs(w, _filing_invention(d.filing).consortium),
    ),
    "ShareClassScheme": (lambda w, s: _consortium_visible(w, s.consortium), lambda w, s: _cpo_runs(w, s.consortium)),
    "ShareClass": (lambda w, c: _consortium_visible(w, c.scheme.consortium), lambda w, c: _cpo_runs(w, c.scheme.consortium)),
    "CompanyClassAssignment": (
        lambda w, a: _cpo_runs(w, a.scheme.consortium) or _own(w, a.company),
        lambda w, a: _cpo_runs(w, a.scheme.consortium),
    ),
    "LicensingPolicy": (lambda w, p: _consortium_visible(w, p.consortium), lambda w, p: _cpo_runs(w, p.consortium)),
    "LicenceRequest": (
        lambda w, r: _cpo_runs(w, r.consortium) or _own(w, r.requester) or _invented_by(w, r.invention),
        lambda w, r: _cpo_runs(w, r.consortium) or _own(w, r.requester),
    ),
    "Licence": (_licence_visible, lambda w, lic: _cpo_runs(w, lic.consortium)),
    "LicensedAsset": (lambda w, a: _licence_visible(w, a.licence), lambda w, a: _cpo_runs(w, a.licence.consortium)),
    "RoyaltyTerm": (lambda w, t: _licence_visible(w, t.licence), lambda w, t: _cpo_runs(w, t.licence.consortium)),
    "RoyaltyReport": (
        lambda w, r: _licence_visible(w, r.licence),
        lambda w, r: _cpo_runs(w, r.licence.consortium) or _own(w, r.licence.licensee),  # licensees enter their own
    ),
    "Invoice": (lambda w, i: _licence_visible(w, i.licence), lambda w, i: _cpo_runs(w, i.licence.consortium)),
    "CompensationPolicy": (_everyone, _nobody),
    "DistributionRule": (lambda w, r: _cpo_runs(w, r.consortium), lambda w, r: _cpo_runs(w, r.consortium)),
    "PatentCost": (
        lambda w, c: _cpo_runs(w, c.invention.consortium) or _own(w, c.payer),
        lambda w, c: _cpo_runs(w, c.invention.consortium),
    ),
    "DistributionRun": (lambda w, r: _cpo_runs(w, r.rule.consortium), lambda w, r: _cpo_runs(w, r.rule.consortium)),
    "StatementLine": (_statement_line_visible, _nobody),
    "Grant": (lambda w, g: _company_member(w, g.consortium), lambda w, g: _cpo_runs(w, g.consortium)),
    "Cost": (_cost_visible, lambda w, c: _cpo_runs(w, c.consortium)),
    "LedgerEntry": (
        lambda w, e: _cpo_runs(w, e.consortium) or (_company_member(w, e.consortium) and _own(w, e.organisation)),
        lambda w, e: _cpo_runs(w, e.consortium),
    ),
    "AreaWeight": (lambda w, a: _company_member(w, a.consortium), lambda w, a: _cpo_runs(w, a.consortium)),
    "ReviewRound": (lambda w, r: _company_member(w, r.consortium), lambda w, r: _cpo_runs(w, r.consortium)),
    "ReviewItem": (
        lambda w, i: _company_member(w, i.round.consortium) and _invention_visible(w, _filing_invention(i.filing)),
        lambda w, i: _cpo_runs(w, i.round.consortium),
    ),
    "MemberVote": (
        lambda w, v: _cpo_runs(w, v.item.round.consortium) or _own(w, v.organisation),
        lambda w, v: _cpo_runs(w, v.item.round.consortium) or _own(w, v.organisation),  # a company casts its own
    ),
    # Public funding: the consortium's CPO and member companies read it, the CPO keeps it.
    "Application": (lambda w, a: _company_member(w, a.consortium), lambda w, a: _cpo_runs(w, a.consortium)),
    "Award": (lambda w, a: _company_member(w, a.consortium), lambda w, a: _cpo_runs(w, a.consortium)),
    "Duty": (lambda w, d: _company_member(w, d.award.consortium), lambda w, d: _cpo_runs(w, d.award.consortium)),
    # Technology transfer: the pool's members read the technologies offered; a company reads only the
    # deals where it is the prospect (and the NDAs it signed), never the TLO's contact log.
    "Technology": (lambda w, t: _company_member(w, t.consortium), lambda w, t: _cpo_runs(w, t.consortium)),
    "Deal": (
        lambda w, d: _cpo_runs(w, d.technology.consortium) or _own(w, d.organisation),
        lambda w, d: _cpo_runs(w, d.technology.consortium),
    ),
    "ContactLog": (lambda w, c: _cpo_runs(w, c.deal.technology.consortium), lambda w, c: _cpo_runs(w, c.deal.technology.consortium)),
    "DealAgreement": (
        lambda w, a: _cpo_runs(w, a.deal.technology.consortium) or _own(w, a.deal.organisation),
        lambda w, a: _cpo_runs(w, a.deal.technology.consortium),
    ),
    # The TLO training programme is the IP office's (the host TLO works as IP office); the auditor reads it.
    **{name: (_nobody, _nobody) for name in ("TrainingProgramme", "Trainee", "Assessment", "FollowUp", "CommitteeDecision",
                                             "ProgrammeCost")},
}

#: Models of the training programme: not tied to a consortium, the IP office's alone.
TRAINING = {"TrainingProgramme", "Trainee", "Assessment", "FollowUp", "CommitteeDecision", "ProgrammeCost"}

# Which models each role may create records of at all (before choosing where). Not the CPO:
# consortia (the IP office sets them up), the contract catalogue, universities' compensation
# policies, statement lines (written by a distribution run).
_CPO_CREATES = {spec.name for spec in MODELS} - {"Consortium", "ContractType", "CompensationPolicy", "StatementLine"} - TRAINING
_COMPANY_CREATES = {"LicenceRequest", "RoyaltyReport", "MemberVote"}
CREATORS = {
    "ipoffice": {spec.name for spec in MODELS},
    "cpo": _CPO_CREATES,
    "cpo-2": _CPO_CREATES,
    "researcher": {"Invention"},  # a disclosure; owners and inventors are then the IP office's
    "company-a": _COMPANY_CREATES,
    "company-b": _COMPANY_CREATES,
    "company-c": _COMPANY_CREATES,
    "auditor": set(),
}

# Which models each role may change records of at all (some record, somewhere): the pages and the
# API refuse the others with 403 before looking at a record; in scope-but-not-theirs rows answer 404.
_CPO_CHANGES = (_CPO_CREATES | {"Consortium"})
_COMPANY_CHANGES = {"LicenceRequest", "RoyaltyReport", "MemberVote"}
WRITES = {
    "ipoffice": {spec.name for spec in MODELS},
    "cpo": _CPO_CHANGES,
    "cpo-2": _CPO_CHANGES,
    "researcher": {"Invention"},
    "company-a": _COMPANY_CHANGES,
    "company-b": _COMPANY_CHANGES,
    "company-c": _COMPANY_CHANGES,
    "auditor": set(),
}

# The edit and delete pages of some models serve only some rows: a computed deadline changes with
# its filing, so only deadlines typed in by hand are edited or deleted on their own pages.
PAGES_SERVE = {"Deadline": lambda deadline: deadline.manual}

# Records whose state refuses every edit, with the reason given (part of the text): a request that
# was approved or licensed is no longer changed.
REFUSED_IN_STATE = {
    "LicenceRequest": (lambda request: request.status in ("approved", "licensed"), "no longer changed"),
}

# Who may delete: whoever may change the record, except that a researcher never deletes an
# invention (deletion is the IP office's; a researcher may only propose it).
NOT_DELETED_BY = {("researcher", "Invention")}

# Enough related rows loaded for the rules above to run without a query per row.
_INVENTION = ["owners__organisation", "inventors__person", "consortium__memberships__organisation"]


def _via(path: str, paths: list[str]) -> list[str]:
    return [f"{path}__{p}" for p in paths]


_LICENCE = ["consortium", "licensee", *_via("assets__invention", ["inventors__person"])]
PREFETCH = {
    "Consortium": ["memberships__organisation"],
    "Membership": ["consortium__memberships__organisation"],
    "ResearchArea": ["consortium__memberships__organisation"],
    "ResearchTopic": ["consortium__memberships__organisation"],
    "Agreement": ["parties__organisation", "consortium"],
    "AgreementParty": ["agreement__parties__organisation", "agreement__consortium"],
    "Contribution": ["contributor", "agreement__parties__organisation", "agreement__consortium"],
    "Invention": _INVENTION,
    "InventionOwner": _via("invention", _INVENTION),
    "Inventor": _via("invention", _INVENTION),
    "Family": _via("invention", _INVENTION),
    "Filing": _via("family__invention", _INVENTION),
    "Deadline": _via("filing__family__invention", _INVENTION),
    "ShareClassScheme": ["consortium__memberships__organisation"],
    "ShareClass": ["scheme__consortium__memberships__organisation"],
    "CompanyClassAssignment": ["scheme__consortium", "company"],
    "LicensingPolicy": ["consortium__memberships__organisation"],
    "LicenceRequest": ["consortium", "requester", "invention__inventors__person"],
    "Licence": _LICENCE,
    "LicensedAsset": _via("licence", _LICENCE),
    "RoyaltyTerm": _via("licence", _LICENCE),
    "RoyaltyReport": _via("licence", _LICENCE),
    "Invoice": _via("licence", _LICENCE),
    "DistributionRule": ["consortium"],
    "PatentCost": ["invention__consortium", "payer"],
    "DistributionRun": ["rule__consortium"],
    "StatementLine": ["run__rule__consortium", "organisation", "person"],
    "Grant": ["consortium__memberships__organisation"],
    "Cost": ["consortium", "payer", *_via("invention", _INVENTION)],
    "LedgerEntry": ["consortium__memberships__organisation", "organisation"],
    "AreaWeight": ["consortium__memberships__organisation"],
    "ReviewRound": ["consortium__memberships__organisation"],
    "ReviewItem": ["round__consortium__memberships__organisation", *_via("filing__family__invention", _INVENTION)],
    "MemberVote": ["item__round__consortium", "organisation"],
    "Application": ["consortium__memberships__organisation"],
    "Award": ["consortium__memberships__organisation"],
    "Duty": ["award__consortium__memberships__organisation"],
    "Technology": ["consortium__memberships__organisation"],
    "Deal": ["technology__consortium", "organisation"],
    "ContactLog": ["deal__technology__consortium"],
    "DealAgreement": ["deal__technology__consortium", "deal__organisation"],
}


@dataclass
class Expected:
    """The ids each persona may see, change and delete, per model, computed from :data:`RULES`."""

    visible: dict[tuple[str, str], set[int]] = field(default_factory=dict)
    changeable: dict[tuple[str, str], set[int]] = field(default_factory=dict)
    deletable: dict[tuple[str, str], set[int]] = field(default_factory=dict)
    all_ids: dict[str, set[int]] = field(default_factory=dict)
    on_pages: dict[str, set[int]] = field(default_factory=dict)  # the rows the edit and delete pages serve
    consortium_of: dict[str, dict[int, str | None]] = field(default_factory=dict)

    def may_create(self, persona: str, model: str) -> bool:
        return model in CREATORS[persona]


# How to reach a row's consortium (for the cross-consortium checks); None: not tied to one.
CONSORTIUM_PATH = {
    "Consortium": lambda c: c, "Membership": lambda m: m.consortium, "ResearchArea": lambda a: a.consortium,
    "ResearchTopic": lambda t: t.consortium, "Agreement": lambda a: a.consortium,
    "AgreementParty": lambda p: p.agreement.consortium, "Contribution": lambda c: c.agreement.consortium,
    "Invention": lambda i: i.consortium, "InventionOwner": lambda o: o.invention.consortium,
    "Inventor": lambda i: i.invention.consortium, "Family": lambda f: f.invention.consortium,
    "Filing": lambda f: _filing_invention(f).consortium, "Deadline": lambda d: _filing_invention(d.filing).consortium,
    "ShareClassScheme": lambda s: s.consortium, "ShareClass": lambda c: c.scheme.consortium,
    "CompanyClassAssignment": lambda a: a.scheme.consortium, "LicensingPolicy": lambda p: p.consortium,
    "LicenceRequest": lambda r: r.consortium, "Licence": lambda lic: lic.consortium,
    "LicensedAsset": lambda a: a.licence.consortium, "RoyaltyTerm": lambda t: t.licence.consortium,
    "RoyaltyReport": lambda r: r.licence.consortium, "Invoice": lambda i: i.licence.consortium,
    "DistributionRule": lambda r: r.consortium, "PatentCost": lambda c: c.invention.consortium,
    "DistributionRun": lambda r: r.rule.consortium, "StatementLine": lambda s: s.run.rule.consortium,
    "Grant": lambda g: g.consortium, "Cost": lambda c: c.consortium, "LedgerEntry": lambda e: e.consortium,
    "AreaWeight": lambda a: a.consortium, "ReviewRound": lambda r: r.consortium,
    "ReviewItem": lambda i: i.round.consortium, "MemberVote": lambda v: v.item.round.consortium,
    "Application": lambda a: a.consortium, "Award": lambda a: a.consortium, "Duty": lambda d: d.award.consortium,
    "Technology": lambda t: t.consortium, "Deal": lambda d: d.technology.consortium,
    "ContactLog": lambda c: c.deal.technology.consortium, "DealAgreement": lambda a: a.deal.technology.consortium,
}


def compute_expected() -> Expected:
    expected = Expected()
    for spec in MODELS:
        rows = list(spec.model._base_manager.prefetch_related(*PREFETCH.get(spec.name, ())))
        expected.all_ids[spec.name] = {row.pk for row in rows}
        served = PAGES_SERVE.get(spec.name, lambda row: True)
        expected.on_pages[spec.name] = {row.pk for row in rows if served(row)}
        reach = CONSORTIUM_PATH.get(spec.name)
        expected.consortium_of[spec.name] = {
            row.pk: (c.slug if (c := reach(row)) is not None else None) if reach else None for row in rows
        }
        may_see, may_change = RULES[spec.name]
        for persona in PERSONAS:
            who = WHO[persona]
            if who.role in ("ipoffice", "auditor"):
                seen = {row.pk for row in rows}
            else:
                seen = {row.pk for row in rows if may_see(who, row)}
            if who.role == "ipoffice":
                changed = set(seen)
            elif who.role == "auditor":
                changed = set()
            else:
                changed = {row.pk for row in rows if may_change(who, row)}
            expected.visible[persona, spec.name] = seen
            expected.changeable[persona, spec.name] = changed
            expected.deletable[persona, spec.name] = set() if (persona, spec.name) in NOT_DELETED_BY else set(changed)
    return expected


# -- reading what the pages, the API and the exports return -----------------------------------------


def csv_rows(response) -> list[list[str]]:
    """The data rows of a CSV export (header dropped)."""
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))[1:]


def xlsx_rows(response) -> list[list[str]]:
    """The data rows of an XLSX export as text (header dropped)."""
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active
    return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)][1:]


def table_html(response) -> str:
    """The ``<tbody>`` of the list table on a page."""
    html = response.content.decode()
    match = re.search(r"<tbody[^>]*>(.*?)</tbody>", html, re.S)
    return match.group(1) if match else ""


def table_rows(response) -> list[str]:
    return re.findall(r"<tr[^>]*>.*?</tr>", table_html(response), re.S)


def linked_ids(html: str, detail_url_of_zero: str) -> list[int]:
    """Ids of the records ``html`` links to, given the detail URL of pk 0 (e.g. ``/inventions/0/``)."""
    prefix = re.escape(detail_url_of_zero[: -len("0/")])
    return [int(pk) for pk in re.findall(rf'href="{prefix}(\d+)/"', html)]


def api_results(client, url: str) -> list[dict]:
    """Every result of a paginated API list, following ``next`` links."""
    results = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        body = response.json()
        results += body["results"]
        url = body["next"]
    return results
