"""Import inventions with owners, inventors and filings, one row per filing.

The invention's columns repeat on each of its rows and it is found by its reference (the key the
user gives it). Owners and inventors are written as ``Name:50;Name:50``. Filings go into the
invention's first family and are found by office and application number.
"""

from __future__ import annotations

from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from kyoso.agreements.models import Agreement
from kyoso.consortia.models import Consortium, ResearchTopic
from kyoso.core.importing import (
    BooleanColumn,
    ChoiceColumn,
    DateColumn,
    Importer,
    IntegerColumn,
    KeyColumn,
    ReferenceColumn,
    RowError,
    SharesColumn,
    TextColumn,
    register,
)
from kyoso.core.services import changed_fields
from kyoso.parties.importers import PersonReference, organisation_column

from .choices import FilingKind, FilingStatus, InventionStatus, IPKind, Office
from .models import Filing, Invention
from .services import save_filing, save_invention_with_shares

__all__ = ["InventionImporter"]

FILING_DATES = ("priority_date", "filing_date", "publication_date", "exam_requested_on", "grant_decision_on", "registered_on",
                "office_action_on", "refusal_served_on")
FILING_NUMBERS = ("application_number", "publication_number", "registration_number")


@register
class InventionImporter(Importer):
    kind = "inventions"
    verbose_name = _lazy("inventions with filings")
    description = _lazy(
        "One row per filing, the invention's columns repeated on each; inventions are matched by reference, "
        "filings by office and application number. Leave the filing columns blank for an invention not yet filed."
    )
    model = Invention
    columns = (
        TextColumn("reference", _lazy("reference"), ja="整理番号", required=True, aliases=("invention_key",)),
        TextColumn("title", _lazy("title"), ja="発明の名称", required=True),
        TextColumn("title_ja", _lazy("title (Japanese)"), ja="発明の名称（日本語）"),
        TextColumn("abstract", _lazy("abstract"), ja="要約"),
        DateColumn("disclosed_on", _lazy("disclosure date"), ja="届出日", required=True),
        ReferenceColumn("consortium", _lazy("consortium"), Consortium, ("slug",), ja="コンソーシアム"),
        KeyColumn("topic", _lazy("research topic"), ResearchTopic, ("code",), ja="研究開発課題"),
        ReferenceColumn("agreement", _lazy("agreement"), Agreement, ("number",), ja="契約番号"),
        ChoiceColumn("ip_kind", _lazy("foreground / background"), IPKind, ja="知財区分"),
        BooleanColumn("confidential", _lazy("confidential"), ja="秘匿"),
        ChoiceColumn("invention_status", _lazy("invention status"), InventionStatus, ja="発明の状態"),
        TextColumn("technology_area", _lazy("technology area"), ja="技術分野"),
        SharesColumn("owners", _lazy("owners"), organisation_column("owner", _lazy("owner"), ""), ja="権利者",
                     help_text=_lazy("Organisation:share;… totalling 100")),
        SharesColumn("inventors", _lazy("inventors"), PersonReference("inventor", _lazy("inventor")), ja="発明者",
                     help_text=_lazy("Family Given:share;… or e-mail:share;… totalling 100")),
        ChoiceColumn("office", _lazy("office"), Office, ja="出願先"),
        ChoiceColumn("filing_kind", _lazy("filing kind"), FilingKind, ja="出願種別"),
        ChoiceColumn("filing_status", _lazy("filing status"), FilingStatus, ja="出願の状態"),
        TextColumn("application_number", _lazy("application number"), ja="出願番号"),
        TextColumn("publication_number", _lazy("publication number"), ja="公開番号"),
        TextColumn("registration_number", _lazy("registration number"), ja="登録番号"),
        DateColumn("priority_date", _lazy("priority date"), ja="優先日"),
        DateColumn("filing_date", _lazy("filing date"), ja="出願日"),
        DateColumn("publication_date", _lazy("publication date"), ja="公開日"),
        DateColumn("exam_requested_on", _lazy("examination requested"), ja="審査請求日"),
        DateColumn("grant_decision_on", _lazy("grant decision"), ja="特許査定日"),
        DateColumn("registered_on", _lazy("registration date"), ja="登録日"),
        DateColumn("office_action_on", _lazy("reasons for refusal dispatched"), ja="拒絶理由通知の発送日"),
        DateColumn("refusal_served_on", _lazy("decision of refusal served"), ja="拒絶査定の送達日"),
        IntegerColumn("claims", _lazy("claims"), ja="請求項数"),
        BooleanColumn("ep_micro_entity", _lazy("EPO micro-entity fees"), ja="EPOマイクロエンティティ"),
    )
    sample = {
        "reference": "INV-2025-0901", "title": "Low-noise MRAM read circuit", "title_ja": "低雑音MRAM読出し回路",
        "abstract": "", "disclosed_on": "2025-05-12", "consortium": "opera-demo", "topic": "T1",
        "agreement": "OPERA-2022-001", "ip_kind": "foreground", "confidential": "no", "invention_status": "filed",
        "technology_area": "H10B", "owners": "Kita-Nihon University:50;Asahi Devices Corporation:50",
        "inventors": "Endo Haruki:60;Nakamura Kaito:40", "office": "JP", "filing_kind": "national",
        "filing_status": "filed", "application_number": "特願2025-012345", "publication_number": "",
        "registration_number": "", "priority_date": "2025-07-01", "filing_date": "2025-07-01",
        "publication_date": "", "exam_requested_on": "", "grant_decision_on": "", "registered_on": "",
        "office_action_on": "", "refusal_served_on": "", "claims": 8, "ep_micro_entity": "",
    }
    INVENTION_FIELDS = {
        "title": "title", "title_ja": "title_ja", "abstract": "abstract", "disclosed_on": "disclosed_on",
        "consortium": "consortium", "agreement": "agreement", "ip_kind": "ip_kind", "confidential": "confidential",
        "status": "invention_status", "technology_area": "technology_area",
    }
    FILING_FIELDS = {"kind": "filing_kind", "status": "filing_status", "claims": "claims", "ep_micro_entity": "ep_micro_entity",
                     **{f: f for f in FILING_DATES + FILING_NUMBERS}}

    def import_row(self, values):
        invention = self.invention(values)
        owners, inventors, changes = self.shares(invention, values)
        # One service call saves the invention with its owners and inventors and checks that it has
        # owners totalling 100 %, as the form and the API do.
        service = partial(save_invention_with_shares, owners=owners, inventors=inventors)
        errors_to = {"status": "invention_status"}
        if invention.pk is None or changed_fields(invention):
            changes.insert(0, self.save(invention, key=invention.reference, service=service, errors_to=errors_to))
        elif owners is not None or inventors is not None:
            try:
                service(invention, user=self.user)
            except PermissionDenied:
                raise RowError(_("You may not change %(model)s %(key)s.") % {
                    "model": invention._meta.verbose_name, "key": invention.reference}) from None
            except ValidationError as error:
                raise self.relabel(error, invention, errors_to) from None
        else:
            changes.insert(0, self.save(invention, key=invention.reference, errors_to=errors_to))
        if values.get("office"):
            changes.append(self.filing(invention, values))
        elif any(values.get(f) for f in FILING_NUMBERS + FILING_DATES):
            raise RowError(_("Say at which office the filing was made."), "office")
        return changes

    def invention(self, values) -> Invention:
        reference = values["reference"]
        invention = self.upsert(Invention, key=reference, column="reference", reference=reference)
        self.assign(invention, values, self.INVENTION_FIELDS)
        if code := values.get("topic"):
            invention.topic = self.find("topic", code, consortium_id=invention.consortium_id)
        return invention

    def shares(self, invention, values) -> tuple[list | None, list | None, list[str]]:
        """The owners and inventors to set (``None``: not given, or as they are) and what changes."""
        found: dict[str, list | None] = {"owners": None, "inventors": None}
        changes = []
        for column, current, what in (
            ("owners", {o.organisation_id: o.share for o in invention.owners.all()} if invention.pk else {}, _("owners")),
            ("inventors", {i.person_id: i.contribution for i in invention.inventors.all()} if invention.pk else {}, _("inventors")),
        ):
            if not values.get(column):
                continue
            wanted = [(record.pk, share) for record, share in values[column]]
            if dict(wanted) != current:
                found[column] = wanted
                changes.append(_("%(what)s of %(key)s set") % {"what": what, "key": invention.reference})
        return found["owners"], found["inventors"], changes

    def filing(self, invention, values) -> str:
        family = invention.families.order_by("pk").first()
        if family is None:
            raise RowError(_("The invention has no patent family to file in."), "office")
        number = values.get("application_number") or ""
        natural_key = {"family": family, "office": values["office"], "application_number": number}
        if not number:  # without a number, one unnumbered filing per office and kind
            natural_key["kind"] = values.get("filing_kind") or FilingKind.NATIONAL
        filing = self.upsert(Filing, key=f"{values['office']} {number}", column="application_number", **natural_key)
        self.assign(filing, values, self.FILING_FIELDS)
        return self.save(filing, key=f"{filing.office} {number or _('(no number yet)')} ({invention.reference})",
                         service=save_filing, errors_to={"kind": "filing_kind", "status": "filing_status"})
