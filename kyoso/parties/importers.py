"""Import organisations (by name) and people (by name and e-mail, with an optional affiliation)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from kyoso.core.importing import (
    BooleanColumn,
    ChoiceColumn,
    DateColumn,
    Importer,
    ReferenceColumn,
    RowError,
    TextColumn,
    register,
)

from .choices import OrganisationKind, OrganisationSize, PersonKind
from .models import Affiliation, Organisation, Person
from .services import save_affiliation, save_organisation, save_person

__all__ = ["OrganisationImporter", "PersonImporter", "PersonReference", "organisation_column"]


def organisation_column(name: str, label, ja: str, **kwargs) -> ReferenceColumn:
    """An organisation named by its full name, Japanese name or short name."""
    return ReferenceColumn(name, label, Organisation, ("name", "name_ja", "short_name"), ja=ja, **kwargs)


@register
class OrganisationImporter(Importer):
    """Organisations keyed by name: a second import of the same file updates them in place."""

    kind = "organisations"
    verbose_name = _lazy("organisations")
    description = _lazy("One row per organisation; an existing name is updated.")
    model = Organisation
    columns = (
        TextColumn("name", _lazy("name"), ja="名称", required=True),
        TextColumn("name_ja", _lazy("name (Japanese)"), ja="名称（日本語）"),
        TextColumn("short_name", _lazy("short name"), ja="略称"),
        ChoiceColumn("kind", _lazy("kind"), OrganisationKind, ja="種別", required=True),
        ChoiceColumn("size", _lazy("size"), OrganisationSize, ja="規模",
                     help_text=_lazy("Companies only: large or sme")),
        BooleanColumn("is_domestic", _lazy("domestic (Japan)"), ja="国内",
                      help_text=_lazy("Left blank: domestic when the country is JP")),
        TextColumn("country", _lazy("country"), ja="国", help_text=_lazy("ISO 3166 two-letter code, JP by default")),
        TextColumn("corporate_number", _lazy("corporate number"), ja="法人番号"),
        TextColumn("website", _lazy("website"), ja="ウェブサイト"),
    )
    sample = {
        "name": "Sanriku Optics Co., Ltd.", "name_ja": "三陸光学株式会社", "short_name": "Sanriku Optics",
        "kind": "company", "size": "sme", "is_domestic": "yes", "country": "JP",
        "corporate_number": "1234567890123", "website": "https://sanriku-optics.example.jp",
    }
    FIELDS = {c.name: c.name for c in columns if c.name != "name"}

    def import_row(self, values):
        name = values["name"]
        organisation = Organisation.objects.filter(name=name).first() or Organisation(name=name)
        self.assign(organisation, values, self.FIELDS)
        if values.get("country"):
            organisation.country = values["country"].upper()
        if values.get("is_domestic") is None and values.get("country"):
            # Saying the country is enough; the flag follows unless the file says otherwise.
            organisation.is_domestic = organisation.country == "JP"
        return [self.save(organisation, key=f"“{name}”", service=save_organisation)]


@register
class PersonImporter(Importer):
    """People keyed by family name, given name and e-mail; an affiliation is added when new."""

    kind = "people"
    verbose_name = _lazy("people")
    description = _lazy("One row per person; a person with the same names and e-mail is updated.")
    model = Person
    columns = (
        TextColumn("family_name", _lazy("family name"), ja="姓（ローマ字）", required=True),
        TextColumn("given_name", _lazy("given name"), ja="名（ローマ字）", required=True),
        TextColumn("family_name_ja", _lazy("family name (Japanese)"), ja="姓"),
        TextColumn("given_name_ja", _lazy("given name (Japanese)"), ja="名"),
        ChoiceColumn("kind", _lazy("kind"), PersonKind, ja="区分"),
        TextColumn("email", _lazy("e-mail"), ja="メールアドレス"),
        TextColumn("researcher_number", _lazy("researcher number"), ja="研究者番号"),
        organisation_column("affiliation", _lazy("affiliation"), "所属機関"),
        DateColumn("affiliation_start", _lazy("affiliated from"), ja="所属開始日",
                   help_text=_lazy("Required with an affiliation")),
        TextColumn("department", _lazy("department"), ja="部署"),
        TextColumn("position", _lazy("position"), ja="役職"),
    )
    sample = {
        "family_name": "Mori", "given_name": "Akira", "family_name_ja": "森", "given_name_ja": "明",
        "kind": "researcher", "email": "akira.mori@example.org", "researcher_number": "12345678",
        "affiliation": "Kita-Nihon University", "affiliation_start": "2024-04-01",
        "department": "Graduate School of Engineering", "position": "Associate Professor",
    }
    FIELDS = {f: f for f in ("family_name_ja", "given_name_ja", "kind", "researcher_number")}

    def import_row(self, values):
        family, given, email = values["family_name"], values["given_name"], values.get("email") or ""
        person = Person.objects.filter(
            family_name__iexact=family, given_name__iexact=given, email__iexact=email
        ).first() or Person(family_name=family, given_name=given, email=email)
        self.assign(person, values, self.FIELDS)
        key = f"“{given} {family}”"
        changes = [self.save(person, key=key, service=save_person)]
        if organisation := values.get("affiliation"):
            changes.append(self.affiliate(person, organisation, values, key))
        return changes

    def affiliate(self, person, organisation, values, key) -> str:
        """Add the affiliation unless the person already has one with that organisation from that date."""
        start = values.get("affiliation_start")
        if start is None:
            raise RowError(_("Give the date the affiliation started."), "affiliation_start")
        affiliation = Affiliation.objects.filter(person=person, organisation=organisation, start=start).first() \
            or Affiliation(person=person, organisation=organisation, start=start)
        self.assign(affiliation, values, {"department": "department", "title": "position"})
        return self.save(affiliation, key=f"{key} @ “{organisation}”", service=save_affiliation,
                         errors_to={"start": "affiliation_start", "title": "position", "organisation": "affiliation"})


class PersonReference(ReferenceColumn):
    """A person named by e-mail, by "Family Given" in Latin letters, or by the Japanese name."""

    def __init__(self, name, label, **kwargs):
        super().__init__(name, label, Person, ("email",), **kwargs)

    def preload(self, texts, importer) -> None:
        """Names match by concatenation (see :meth:`match`): each distinct name is looked up once
        when first resolved, rather than all in one query."""

    def match(self, queryset, text):
        from django.db.models import Q, Value
        from django.db.models.functions import Concat

        if "@" in text:
            return queryset.filter(email__iexact=text)
        named = queryset.annotate(
            latin=Concat("family_name", Value(" "), "given_name"), japanese=Concat("family_name_ja", "given_name_ja")
        )
        return named.filter(Q(latin__iexact=" ".join(text.split())) | Q(japanese="".join(text.split())))
