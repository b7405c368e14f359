"""Organisations (universities, companies, TLOs, funders) and people with their affiliations."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from kyoso.core.formatting import in_language
from kyoso.core.models import TrackedModel

from .choices import OrganisationKind, OrganisationSize, PersonKind
from .querysets import AffiliationQuerySet, OrganisationQuerySet, PersonQuerySet

__all__ = ["Organisation", "Person", "Affiliation"]


class Organisation(TrackedModel):
    """A party to joint research: a university, a company, a TLO, a funding agency…

    ``size`` (large / SME) matters for fee reductions and the MEXT survey's partner brackets;
    ``is_domestic`` for the survey and for foreign-resident deadlines.
    """

    name = models.CharField(_("name"), max_length=200, unique=True)
    name_ja = models.CharField(_("name (Japanese)"), max_length=200, blank=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    size = models.CharField(_("size"), max_length=10, choices=OrganisationSize.choices, blank=True)
    is_domestic = models.BooleanField(_("domestic (Japan)"), default=True)
    country = models.CharField(_("country"), max_length=2, default="JP", help_text=_("ISO 3166 two-letter code"))
    corporate_number = models.CharField(
        _("corporate number"), max_length=13, blank=True, help_text=_("法人番号: 13 digits, for Japanese entities")
    )
    website = models.URLField(_("website"), blank=True)
    spin_off_of = models.ForeignKey(
        "self", verbose_name=_("university spin-off of"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="spin_offs", limit_choices_to={"kind__in": ["university", "public_research"]},
        help_text=_("For a start-up founded on a university's research (大学発ベンチャー): that university"),
    )
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    survey_baseline = models.PositiveBigIntegerField(
        _("company investment in FY2014 (yen)"), null=True, blank=True,
        help_text=_("For a university: joint and commissioned research money from companies in FY2014 as reported to "
                    "MEXT, the baseline of the three-fold target. Left blank: computed from kyoso's FY2014 records."),
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return in_language(self.short_name or self.name, self.name_ja)

    def clean(self):
        errors = {}
        if self.corporate_number and not (self.corporate_number.isdigit() and len(self.corporate_number) == 13):
            errors["corporate_number"] = _("A corporate number has exactly 13 digits.")
        if self.kind == OrganisationKind.COMPANY and not self.size:
            errors["size"] = _("Say whether the company is a large enterprise or an SME.")
        if self.kind != OrganisationKind.COMPANY and self.size:
            errors["size"] = _("Only companies have a size bracket.")
        if self.spin_off_of_id and self.kind != OrganisationKind.COMPANY:
            errors["spin_off_of"] = _("Only a company is a university spin-off.")
        if self.spin_off_of_id and self.spin_off_of_id == self.pk:
            errors["spin_off_of"] = _("An organisation cannot be its own spin-off.")
        elif self.spin_off_of_id and self.spin_off_of.kind not in (OrganisationKind.UNIVERSITY, OrganisationKind.PUBLIC_RESEARCH):
            errors["spin_off_of"] = _("A spin-off comes from a university or a public research institute.")
        if self.spin_off_of_id and not self.founded_on:
            errors["founded_on"] = _("Give the day the spin-off was founded: the survey counts spin-offs by fiscal year.")
        if self.survey_baseline is not None and self.kind not in (OrganisationKind.UNIVERSITY, OrganisationKind.PUBLIC_RESEARCH):
            errors["survey_baseline"] = _("Only a university or public research institute answers the MEXT survey.")
        if self.is_domestic and self.country != "JP":
            errors["country"] = _("A domestic organisation is in Japan (JP).")
        if not self.is_domestic and self.country == "JP":
            errors["country"] = _("A foreign organisation needs its country code.")
        if errors:
            raise ValidationError(errors)


def person_name(family_name: str, given_name: str, family_name_ja: str, given_name_ja: str) -> str:
    """How a person is named: the Japanese name when known (family name first), else given then family."""
    if family_name_ja:
        return f"{family_name_ja} {given_name_ja}".strip()
    return f"{given_name} {family_name}"


class Person(TrackedModel):
    """A researcher, inventor, staff member or company contact."""

    family_name = models.CharField(_("family name"), max_length=80)
    given_name = models.CharField(_("given name"), max_length=80)
    family_name_ja = models.CharField(_("family name (Japanese)"), max_length=80, blank=True)
    given_name_ja = models.CharField(_("given name (Japanese)"), max_length=80, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=PersonKind.choices, default=PersonKind.RESEARCHER)
    email = models.EmailField(_("e-mail"), blank=True)
    researcher_number = models.CharField(
        _("researcher number"), max_length=8, blank=True, help_text=_("e-Rad researcher number (8 digits)")
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [models.Index(fields=["family_name", "given_name"], name="person_list_order")]

    def __str__(self) -> str:
        return person_name(self.family_name, self.given_name, self.family_name_ja, self.given_name_ja)

    def clean(self):
        if self.researcher_number and not (self.researcher_number.isdigit() and len(self.researcher_number) == 8):
            raise ValidationError({"researcher_number": _("An e-Rad researcher number has exactly 8 digits.")})


class Affiliation(TrackedModel):
    """A person's place in an organisation over a period (people move; history must not)."""

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="affiliations")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="affiliations"
    )
    department = models.CharField(_("department"), max_length=200, blank=True)
    title = models.CharField(_("position"), max_length=100, blank=True)
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)

    objects = AffiliationQuerySet.as_manager()

    class Meta:
        ordering = ["-start"]
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")

    def __str__(self) -> str:
        return f"{self.person} @ {self.organisation}"

    def clean(self):
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": _("An affiliation cannot end before it starts.")})
