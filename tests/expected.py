"""Who may see and change what, restated independently of the code under test.

The application decides scoping in each app's ``querysets.py`` (``Model.objects.for_user``). These
tests must not trust that code, so this module states the issue's rules again, in plain Python
over the demo world (attribute access on loaded rows, no scoped querysets, no ORM lookups that
mirror the production filters):

- ``ipoffice``   — the IP office: sees and changes everything.
- ``cpo``        — the CPO of ``opera-demo``: everything inside that consortium.
- ``company-a``  — Asahi Devices: its consortia's non-confidential pool and the inventions it
  co-owns, the agreements it signed, and only its *own* contributions.
- ``company-b``  — Boso Motors: the same rule, for Boso.
- ``researcher`` — Prof. Endo: the inventions he is named inventor of (and the consortia of his
  university, which is where those inventions come from).
- ``auditor``    — reads everything, changes nothing.

The directory (organisations, people, affiliations) and the contract-type catalogue are
reference data every role reads.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps

PERSONAS = ("ipoffice", "cpo", "company-a", "company-b", "researcher", "auditor")

ASAHI = "Asahi Devices Corporation"
BOSO = "Boso Motors Co., Ltd."
LEAD_UNIVERSITY = "Kita-Nihon University"
DEMO_CONSORTIUM = "opera-demo"


@dataclass(frozen=True)
class Persona:
    role: str
    organisation: str | None = None  # organisation name
    inventor: tuple[str, str] | None = None  # (family name, given name)
    consortia: frozenset[str] = frozenset()  # slugs a CPO runs


WHO = {
    "ipoffice": Persona("ipoffice"),
    "cpo": Persona("cpo", consortia=frozenset({DEMO_CONSORTIUM})),
    "company-a": Persona("company", organisation=ASAHI),
    "company-b": Persona("company", organisation=BOSO),
    "researcher": Persona("researcher", organisation=LEAD_UNIVERSITY, inventor=("Endo", "Haruki")),
    "auditor": Persona("auditor"),
}


# -- the models and what each offers ------------------------------------------------------------


@dataclass(frozen=True)
class ModelSpec:
    """One model and the surfaces it has: web pages (URL names) and an API route."""

    label: str  # "app.Model"
    web: tuple[str, ...] = ()  # which of list / detail / edit the web UI offers
    api: str | None = None  # the route prefix under /api/
    nested_in: str | None = None  # for owners and inventors: the API field of the invention
    key: Callable | None = None  # how a row of the CSV/XLSX export identifies a record
    key_columns: tuple[int, ...] = (0,)

    @property
    def model(self):
        return apps.get_model(self.label)

    @property
    def name(self) -> str:
        return self.label.split(".")[1]

    def __str__(self) -> str:
        return self.name


def _filing_key(filing):
    return (filing.application_number or "(no number yet)",)


MODELS = [
    ModelSpec("parties.Organisation", ("list", "detail", "edit"), "organisations", key=lambda o: (o.name,)),
    ModelSpec("parties.Person", ("list", "detail", "edit"), "people", key=lambda p: (str(p),)),
    ModelSpec("parties.Affiliation", ("edit",), "affiliations"),
    ModelSpec("consortia.Consortium", ("list", "detail", "edit"), "consortia", key=lambda c: (c.name,)),
    ModelSpec("consortia.Membership", ("edit",), "memberships"),
    ModelSpec("consortia.ResearchArea", ("edit",), "research-areas"),
    ModelSpec("consortia.ResearchTopic", ("edit",), "research-topics"),
    ModelSpec("agreements.ContractType", ("list", "detail", "edit"), "contract-types", key=lambda t: (t.code,)),
    ModelSpec("agreements.Agreement", ("list", "detail", "edit"), "agreements", key=lambda a: (a.number,)),
    ModelSpec("agreements.AgreementParty", ("edit",), "agreement-parties"),
    ModelSpec(
        "agreements.Contribution", ("list", "detail", "edit"), "contributions",
        key=lambda c: (c.agreement.number, str(c.fiscal_year), str(c.contributor)), key_columns=(0, 1, 2),
    ),
    ModelSpec("ip.Invention", ("list", "detail", "edit"), "inventions", key=lambda i: (i.reference,)),
    ModelSpec("ip.InventionOwner", nested_in="owners"),
    ModelSpec("ip.Inventor", nested_in="inventors"),
    ModelSpec("ip.Family", ("edit",), "families"),
    ModelSpec("ip.Filing", ("list", "detail", "edit"), "filings", key=_filing_key),
]
SPECS = {spec.name: spec for spec in MODELS}


# -- the rules ----------------------------------------------------------------------------------


def _members(consortium) -> set[str]:
    return {m.organisation.name for m in consortium.memberships.all()}


def _consortium_visible(who: Persona, consortium) -> bool:
    if who.role == "cpo":
        return consortium.slug in who.consortia
    if who.role in ("company", "researcher"):
        return who.organisation in _members(consortium)
    return False


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


def _invention_visible(who: Persona, invention) -> bool:
    if who.role == "cpo":
        return invention.consortium is not None and invention.consortium.slug in who.consortia
    if who.role == "company":
        co_owned = who.organisation in {o.organisation.name for o in invention.owners.all()}
        pooled = invention.consortium is not None and who.organisation in _members(invention.consortium)
        return co_owned or (pooled and not invention.confidential)
    if who.role == "researcher":
        return who.inventor in _inventors_of(invention)
    return False


def _cpo_runs(who: Persona, consortium) -> bool:
    return who.role == "cpo" and consortium is not None and consortium.slug in who.consortia


def _invention_changeable(who: Persona, invention) -> bool:
    if who.role == "researcher":
        return who.inventor in _inventors_of(invention)
    return _cpo_runs(who, invention.consortium)


def _everyone(who, obj) -> bool:
    return True


def _directory_editors(who, obj) -> bool:
    return who.role == "cpo"


def _nobody(who, obj) -> bool:
    return False


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
    "InventionOwner": (lambda w, o: _invention_visible(w, o.invention), lambda w, o: _invention_changeable(w, o.invention)),
    "Inventor": (lambda w, i: _invention_visible(w, i.invention), lambda w, i: _invention_changeable(w, i.invention)),
    "Family": (lambda w, f: _invention_visible(w, f.invention), lambda w, f: _cpo_runs(w, f.invention.consortium)),
    "Filing": (
        lambda w, f: _invention_visible(w, f.family.invention),
        lambda w, f: _cpo_runs(w, f.family.invention.consortium),
    ),
}

# Who may create records of a kind at all (before choosing where).
CREATORS = {
    "ipoffice": {spec.name for spec in MODELS},
    "cpo": {spec.name for spec in MODELS} - {"Consortium", "ContractType"},
    "researcher": {"Invention", "InventionOwner", "Inventor"},
    "company-a": set(),
    "company-b": set(),
    "auditor": set(),
}

# Enough related rows loaded for the rules above to run without a query per row.
PREFETCH = {
    "Consortium": ["memberships__organisation"],
    "Membership": ["consortium__memberships__organisation"],
    "ResearchArea": ["consortium__memberships__organisation"],
    "ResearchTopic": ["consortium__memberships__organisation"],
    "Agreement": ["parties__organisation", "consortium"],
    "AgreementParty": ["agreement__parties__organisation", "agreement__consortium"],
    "Contribution": ["contributor", "agreement__parties__organisation", "agreement__consortium"],
    "Invention": ["owners__organisation", "inventors__person", "consortium__memberships__organisation"],
    "InventionOwner": ["invention__owners__organisation", "invention__inventors__person", "invention__consortium__memberships__organisation"],
    "Inventor": ["invention__owners__organisation", "invention__inventors__person", "invention__consortium__memberships__organisation"],
    "Family": ["invention__owners__organisation", "invention__inventors__person", "invention__consortium__memberships__organisation"],
    "Filing": [
        "family__invention__owners__organisation", "family__invention__inventors__person",
        "family__invention__consortium__memberships__organisation",
    ],
}


@dataclass
class Expected:
    """The ids each persona may see and change, per model, computed from :data:`RULES`."""

    visible: dict[tuple[str, str], set[int]] = field(default_factory=dict)
    changeable: dict[tuple[str, str], set[int]] = field(default_factory=dict)
    all_ids: dict[str, set[int]] = field(default_factory=dict)

    def may_create(self, persona: str, model: str) -> bool:
        return model in CREATORS[persona]


def compute_expected() -> Expected:
    expected = Expected()
    for spec in MODELS:
        rows = list(spec.model._base_manager.prefetch_related(*PREFETCH.get(spec.name, ())))
        expected.all_ids[spec.name] = {row.pk for row in rows}
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
    return expected


# -- reading what the pages, the API and the exports return -----------------------------------------


def csv_rows(response) -> list[list[str]]:
    """The data rows of a CSV export (header dropped)."""
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))[1:]


def xlsx_rows(response) -> list[list[str]]:
    """The data rows of an XLSX export as text (header dropped)."""
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
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
