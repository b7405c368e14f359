"""Import organisations (by name) and people (by name and e-mail, with an optional affiliation)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
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
from kyoso.core.importing.bulk import (
    create_with_history,
    created_event,
    ensure_all_may_change,
    event,
    save_events,
)
from kyoso.core.roles import CHANGE
from kyoso.core.sentences import Sentence
from kyoso.rules.names import normalise_name

from .choices import OrganisationKind, OrganisationSize, PersonKind
from .models import Affiliation, Organisation, Person
from .services import save_affiliation, save_organisation, save_person

__all__ = ["OrganisationImporter", "PersonImporter", "PersonReference", "organisation_column"]


class OrganisationReference(ReferenceColumn):
    """An organisation by its full name, Japanese name or short name; a name that differs only in
    case, width, spacing or 株式会社/(株)/Corp. gets a "did you mean" in its error."""

    def suggest(self, text, importer):
        index = importer.__dict__.get("_organisation_names")
        if index is None:  # one query per import, only when a name is not found
            index = importer.__dict__["_organisation_names"] = organisation_names(self.queryset(importer))
        return index.get(normalise_name(text))


def organisation_names(queryset=None) -> dict[str, str]:
    """Normalised name (:func:`~kyoso.rules.names.normalise_name`) → the stored name, for every
    full, Japanese and short name of ``queryset`` (all organisations by default)."""
    index: dict[str, str] = {}
    rows = (queryset if queryset is not None else Organisation.objects.all()).values_list("name", "name_ja", "short_name")
    for name, name_ja, short_name in rows.iterator():
        for spelling in (name, name_ja, short_name):
            if spelling:
                index.setdefault(normalise_name(spelling), name)
    return index


def organisation_column(name: str, label, ja: str, **kwargs) -> ReferenceColumn:
    """An organisation named by its full name, Japanese name or short name."""
    return OrganisationReference(name, label, Organisation, ("name", "name_ja", "short_name"), ja=ja, **kwargs)


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

    def check_rows(self, rows) -> None:
        """A new name that differs from a stored one (or an earlier row's) only in case, width,
        spacing or the legal form is probably the same organisation: warn, don't refuse."""
        names = [row.values["name"] for row in rows]
        stored = set(Organisation.objects.filter(name__in=names).values_list("name", flat=True))
        index = organisation_names() if set(names) - stored else {}
        in_file: dict[str, str] = {}
        for row in rows:
            name = row.values["name"]
            key = normalise_name(name)
            if name not in stored:
                alike = index.get(key) or (in_file.get(key) if in_file.get(key) != name else None)
                if alike and alike != name:
                    row.warnings.append(_("Organisation “%(name)s” looks like “%(stored)s” — did you mean it?") % {
                        "name": name, "stored": alike})
            in_file.setdefault(key, name)

    # -- the bulk path: validate every row, then one short transaction ------------------------
    bulk = True

    def prepare(self, rows) -> dict[str, list]:
        """New organisations (bulk-inserted) and changed ones (saved through the service), each
        validated as the form validates it; the same name twice in the file is an error."""
        plan: dict[str, list] = {"new": [], "changed": []}
        stored = {o.name: o for o in Organisation.objects.filter(name__in=[row.values["name"] for row in rows])}
        changeable = set(Organisation.objects.for_user(self.user, CHANGE).filter(
            pk__in=[o.pk for o in stored.values()]).values_list("pk", flat=True))
        seen: dict[str, int] = {}
        label = Organisation._meta.verbose_name
        for row in rows:
            name = row.values["name"]
            key = f"“{name}”"
            if name in seen:
                row.error(_("The same organisation as row %(row)s.") % {"row": seen[name]}, "name")
                continue
            seen[name] = row.number
            organisation = stored.get(name) or Organisation(name=name)
            before = {f.attname: getattr(organisation, f.attname) for f in Organisation._meta.concrete_fields}
            self.fill(organisation, row.values)
            if organisation.pk is not None and organisation.pk not in changeable:
                row.error(_("You may not change %(model)s %(key)s.") % {"model": label, "key": key})
                continue
            try:
                organisation.full_clean(exclude=["name"] if organisation.pk is None else None,
                                        validate_unique=organisation.pk is not None, validate_constraints=False)
            except ValidationError as error:
                for column, messages in self.relabel(error, organisation, {}).message_dict.items():
                    for message in messages:
                        row.error(message, None if column == "__all__" else column)
                continue
            if organisation.pk is None:
                plan["new"].append(organisation)
                row.changes = [_("%(model)s %(key)s created") % {"model": label, "key": key}]
            elif any(getattr(organisation, n) != v for n, v in before.items() if n != "modified"):
                plan["changed"].append(organisation)
                row.changes = [_("%(model)s %(key)s updated") % {"model": label, "key": key}]
            else:
                row.changes = [_("%(model)s %(key)s unchanged") % {"model": label, "key": key}]
        return plan

    def write(self, plan) -> None:
        create_with_history(Organisation, plan["new"], user=self.user)
        ensure_all_may_change(Organisation, plan["new"], user=self.user)
        save_events(created_event(organisation, user=self.user) for organisation in plan["new"])
        for organisation in plan["changed"]:
            save_organisation(organisation, user=self.user)

    def fill(self, organisation, values) -> None:
        self.assign(organisation, values, self.FIELDS)
        if values.get("country"):
            organisation.country = values["country"].upper()
        if values.get("is_domestic") is None and values.get("country"):
            # Saying the country is enough; the flag follows unless the file says otherwise.
            organisation.is_domestic = organisation.country == "JP"

    def import_row(self, values):
        name = values["name"]
        organisation = Organisation.objects.filter(name=name).first() or Organisation(name=name)
        self.fill(organisation, values)
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

    def check_rows(self, rows) -> None:
        """A new person whose e-mail, or whose name, is already stored under other details is
        probably the same person: warn ("did you mean …"), don't refuse."""
        from django.db.models import Q

        emails = {(row.values.get("email") or "").lower() for row in rows} - {""}
        families = {row.values["family_name"].lower() for row in rows}
        query = Q(email__in=emails) | Q(family_name__in={row.values["family_name"] for row in rows})
        stored = [p for p in Person.objects.filter(query).only("family_name", "given_name", "email")
                  if (p.email or "").lower() in emails or p.family_name.lower() in families]
        by_email = {(p.email or "").lower(): p for p in stored if p.email}
        by_name = {normalise_name(f"{p.family_name} {p.given_name}"): p for p in stored}
        for row in rows:
            family, given, email = row.values["family_name"], row.values["given_name"], (row.values.get("email") or "")
            same = next((p for p in stored if (p.family_name.lower(), p.given_name.lower(), (p.email or "").lower())
                         == (family.lower(), given.lower(), email.lower())), None)
            if same is not None:
                continue  # an update of that person
            other = by_email.get(email.lower()) if email else None
            if other is None:
                other = by_name.get(normalise_name(f"{family} {given}"))
            if other is not None:
                row.warnings.append(_("“%(given)s %(family)s” looks like the stored “%(stored)s” (%(email)s) — did you mean them?") % {
                    "given": given, "family": family, "stored": f"{other.given_name} {other.family_name}",
                    "email": other.email or _("no e-mail")})

    # -- the bulk path: validate every row, then one short transaction ------------------------
    bulk = True

    def prepare(self, rows) -> dict[str, list]:
        """New people and affiliations (bulk-inserted) and changed people (saved through the
        service), validated as the forms validate them. A person on several rows (one per
        affiliation) is one person."""
        from django.db.models.functions import Lower

        plan: dict[str, list] = {"new": [], "changed": [], "affiliations": []}
        families = {row.values["family_name"].lower() for row in rows}
        stored = {}
        for person in Person.objects.annotate(_family=Lower("family_name")).filter(_family__in=families):
            stored.setdefault((person.family_name.lower(), person.given_name.lower(), (person.email or "").lower()), person)
        changeable = set(Person.objects.for_user(self.user, CHANGE).filter(
            pk__in=[p.pk for p in stored.values()]).values_list("pk", flat=True))
        held = {(a.person_id, a.organisation_id, a.start) for a in Affiliation.objects.filter(
            person_id__in=[p.pk for p in stored.values()])}
        people: dict[tuple, Person] = {}
        label = Person._meta.verbose_name
        for row in rows:
            values = row.values
            family, given, email = values["family_name"], values["given_name"], values.get("email") or ""
            identity = (family.lower(), given.lower(), email.lower())
            key = f"“{given} {family}”"
            try:
                if identity in people:
                    person = people[identity]
                    row.changes = [_("%(model)s %(key)s unchanged") % {"model": label, "key": key}]
                else:
                    person = stored.get(identity) or Person(family_name=family, given_name=given, email=email)
                    row.changes = [self.prepared_person(person, values, key, changeable, plan)]
                    people[identity] = person
                if organisation := values.get("affiliation"):
                    row.changes.append(self.prepared_affiliation(person, organisation, values, key, held, plan))
            except RowError as error:
                row.error(error.message, error.column)
            except ValidationError as error:
                for column, messages in error.message_dict.items():
                    for message in messages:
                        row.error(message, None if column == "__all__" else column)
        return plan

    def prepared_person(self, person, values, key, changeable, plan) -> str:
        label = Person._meta.verbose_name
        if person.pk is not None and person.pk not in changeable:
            raise RowError(_("You may not change %(model)s %(key)s.") % {"model": label, "key": key})
        before = {f.attname: getattr(person, f.attname) for f in Person._meta.concrete_fields}
        self.assign(person, values, self.FIELDS)
        try:
            person.full_clean(exclude=[f.name for f in Person._meta.concrete_fields if f.is_relation],
                              validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            raise self.relabel(error, person, {}) from None
        if person.pk is None:
            plan["new"].append(person)
            return _("%(model)s %(key)s created") % {"model": label, "key": key}
        if any(getattr(person, n) != v for n, v in before.items() if n != "modified"):
            plan["changed"].append(person)
            return _("%(model)s %(key)s updated") % {"model": label, "key": key}
        return _("%(model)s %(key)s unchanged") % {"model": label, "key": key}

    def prepared_affiliation(self, person, organisation, values, key, held, plan) -> str:
        start = values.get("affiliation_start")
        if start is None:
            raise RowError(_("Give the date the affiliation started."), "affiliation_start")
        label = Affiliation._meta.verbose_name
        where = f"{key} @ “{organisation}”"
        holder = person.pk or id(person)  # a new person has no pk yet: the object stands for it
        if (holder, organisation.pk, start) in held:
            return _("%(model)s %(key)s unchanged") % {"model": label, "key": where}
        affiliation = Affiliation(person=person, organisation=organisation, start=start)
        self.assign(affiliation, values, {"department": "department", "title": "position"})
        try:
            affiliation.full_clean(exclude=["person", "organisation"], validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            raise self.relabel(error, affiliation, {"start": "affiliation_start", "title": "position",
                                                    "organisation": "affiliation"}) from None
        held.add((holder, organisation.pk, start))
        plan["affiliations"].append(affiliation)
        return _("%(model)s %(key)s created") % {"model": label, "key": where}

    def write(self, plan) -> None:
        user = self.user
        create_with_history(Person, plan["new"], user=user)
        ensure_all_may_change(Person, plan["new"], user=user)
        for person in plan["changed"]:
            save_person(person, user=user)
        for affiliation in plan["affiliations"]:
            affiliation.person = affiliation.person  # a new person has its pk now
        create_with_history(Affiliation, plan["affiliations"], user=user)
        ensure_all_may_change(Affiliation, plan["affiliations"], user=user)
        save_events([
            *(created_event(instance, user=user) for instance in (*plan["new"], *plan["affiliations"])),
            # save_affiliation tells a new affiliation on its person's timeline too.
            *(event(a.person, "affiliated", Sentence(_lazy("Affiliated with %(organisation)s from %(start)s"),
                                                     organisation=a.organisation, start=a.start), user=user)
              for a in plan["affiliations"]),
        ])

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
