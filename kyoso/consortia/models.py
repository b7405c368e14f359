"""Consortia: lead institution, members with roles, research areas and topics."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kyoso.core.formatting import in_language
from kyoso.core.models import TrackedModel
from kyoso.parties.models import Organisation

from .choices import MemberRole, ProgrammeType
from .querysets import ConsortiumQuerySet, MembershipQuerySet, ResearchAreaQuerySet, ResearchTopicQuerySet

__all__ = ["Consortium", "Membership", "ResearchArea", "ResearchTopic"]

FISCAL_YEAR_VALIDATORS = [MinValueValidator(1990), MaxValueValidator(2100)]


class Consortium(TrackedModel):
    """A joint-research consortium: a lead institution and member companies working for several
    fiscal years (April–March) in a non-competitive area, with a matching fund (OPERA) or not."""

    slug = models.SlugField(_("slug"), unique=True, help_text=_("Short identifier used in URLs and the CLI"))
    name = models.CharField(_("name"), max_length=200)
    name_ja = models.CharField(_("name (Japanese)"), max_length=200, blank=True)
    programme_type = models.CharField(
        _("programme type"), max_length=30, choices=ProgrammeType.choices, default=ProgrammeType.NONE
    )
    lead_institution = models.ForeignKey(
        Organisation, verbose_name=_("lead institution"), on_delete=models.PROTECT, related_name="led_consortia"
    )
    first_fiscal_year = models.PositiveSmallIntegerField(_("first fiscal year"), validators=FISCAL_YEAR_VALIDATORS)
    last_fiscal_year = models.PositiveSmallIntegerField(_("last fiscal year"), validators=FISCAL_YEAR_VALIDATORS)
    description = models.TextField(_("description"), blank=True)

    objects = ConsortiumQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("consortium")
        verbose_name_plural = _("consortia")

    def __str__(self) -> str:
        return in_language(self.name, self.name_ja)

    def clean(self):
        if self.first_fiscal_year and self.last_fiscal_year and self.last_fiscal_year < self.first_fiscal_year:
            raise ValidationError({"last_fiscal_year": _("The last fiscal year cannot come before the first.")})

    @property
    def fiscal_years(self) -> range:
        return range(self.first_fiscal_year, self.last_fiscal_year + 1)


class Membership(TrackedModel):
    """An organisation's part in a consortium, with its role and join/leave dates."""

    consortium = models.ForeignKey(Consortium, verbose_name=_("consortium"), on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices)
    joined = models.DateField(_("joined"))
    left = models.DateField(_("left"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["consortium", "role", "organisation__name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["consortium", "organisation", "role"], name="membership_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.get_role_display()}"

    def clean(self):
        if self.left and self.joined and self.left < self.joined:
            raise ValidationError({"left": _("A member cannot leave before joining.")})


class ResearchArea(TrackedModel):
    """A research area of a consortium (研究領域)."""

    consortium = models.ForeignKey(Consortium, verbose_name=_("consortium"), on_delete=models.CASCADE, related_name="areas")
    name = models.CharField(_("name"), max_length=200)
    name_ja = models.CharField(_("name (Japanese)"), max_length=200, blank=True)

    objects = ResearchAreaQuerySet.as_manager()

    class Meta:
        ordering = ["consortium", "name"]
        verbose_name = _("research area")
        verbose_name_plural = _("research areas")
        constraints = [models.UniqueConstraint(fields=["consortium", "name"], name="area_unique_name")]

    def __str__(self) -> str:
        return in_language(self.name, self.name_ja)


class ResearchTopic(TrackedModel):
    """A research and development topic (研究開発課題) and the companies taking part in it."""

    consortium = models.ForeignKey(Consortium, verbose_name=_("consortium"), on_delete=models.CASCADE, related_name="topics")
    area = models.ForeignKey(
        ResearchArea, verbose_name=_("research area"), on_delete=models.PROTECT, related_name="topics", null=True, blank=True
    )
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=300)
    title_ja = models.CharField(_("title (Japanese)"), max_length=300, blank=True)
    participants = models.ManyToManyField(
        Organisation, verbose_name=_("participating companies"), related_name="research_topics", blank=True
    )

    objects = ResearchTopicQuerySet.as_manager()

    class Meta:
        ordering = ["consortium", "code"]
        verbose_name = _("research topic")
        verbose_name_plural = _("research topics")
        constraints = [models.UniqueConstraint(fields=["consortium", "code"], name="topic_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} {in_language(self.title, self.title_ja)}"

    def clean(self):
        if self.area_id and self.consortium_id and self.area.consortium_id != self.consortium_id:
            raise ValidationError({"area": _("The research area belongs to another consortium.")})
