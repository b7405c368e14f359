"""Licensing policies as versioned data and the licence requests they decide."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from kyoso.consortia.models import Consortium
from kyoso.core.models import TrackedModel
from kyoso.ip.models import Invention
from kyoso.parties.models import Organisation
from kyoso.rules.policy import Policy, PolicyError, policy_from_mapping
from kyoso.rules.shares import ClassScheme

from ..choices import Decision, NextStep, Purpose, RequestStatus
from ..querysets import ConsortiumRuleQuerySet, LicenceRequestQuerySet

__all__ = ["LicensingPolicy", "LicenceRequest"]


class LicensingPolicy(TrackedModel):
    """A consortium's licensing rule book: a preset (e.g. nagoya-hmhs) at a version, as JSON.

    The body is a ``kyoso.policy/1`` document (``kyoso/rules/data/policies``) and is validated by
    the rules engine on every save, so a policy that cannot decide every case is never stored.
    ``governs_costs`` marks the policy whose cost rules say who pays a filing's fees.
    """

    consortium = models.ForeignKey(Consortium, verbose_name=_("consortium"), on_delete=models.CASCADE, related_name="policies")
    preset = models.SlugField(_("preset"), help_text=_("e.g. nagoya-hmhs, tohoku-share"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    effective_from = models.DateField(_("effective from"))
    title = models.CharField(_("title"), max_length=300)
    body = models.JSONField(_("rules (JSON)"))
    active = models.BooleanField(_("in use"), default=True)
    governs_costs = models.BooleanField(_("decides who pays filing costs"), default=False)

    objects = ConsortiumRuleQuerySet.as_manager()

    class Meta:
        ordering = ["consortium", "preset", "-version"]
        verbose_name = _("licensing policy")
        verbose_name_plural = _("licensing policies")
        constraints = [models.UniqueConstraint(fields=["consortium", "preset", "version"], name="policy_unique_version")]

    def __str__(self) -> str:
        return f"{self.preset} v{self.version}"

    def clean(self):
        if not isinstance(self.body, dict):  # a list or a number sent as the rules (regression: a 500)
            raise ValidationError({"body": _("The rules must be a JSON object ({…}), not a list or a single value.")})
        try:
            self.as_rules()
        except (PolicyError, ValueError, TypeError, KeyError, AttributeError) as error:
            raise ValidationError({"body": str(error)}) from error

    def as_rules(self, share_classes: ClassScheme | None = None) -> Policy:
        """The validated pure policy; a class-based policy uses the consortium's own class table."""
        if share_classes is None and self.body.get("share_classes") and self.consortium_id:
            scheme = self.consortium.share_schemes.filter(active=True).order_by("-effective_from", "-version").first()
            share_classes = scheme.as_rules() if scheme else None
        return policy_from_mapping(_with_decimals(self.body), share_classes=share_classes)


def _with_decimals(body):
    """JSON from the database has floats; the rules want exact numbers (percents as strings)."""
    if isinstance(body, dict):
        return {k: _with_decimals(v) for k, v in body.items()}
    if isinstance(body, list):
        return [_with_decimals(v) for v in body]
    return str(body) if isinstance(body, float) else body


class LicenceRequest(TrackedModel):
    """"May company X do Y with IP Z?" — the request and the decision its policy gave.

    The facts the policy used (member or not, foreground or background, cooperative or
    individual research, the requester's class) are derived from the records and stored with the
    decision, so a later change of class or policy never rewrites what was decided then.
    """

    reference = models.CharField(_("reference"), max_length=30, unique=True, editable=False)
    consortium = models.ForeignKey(Consortium, verbose_name=_("consortium"), on_delete=models.PROTECT, related_name="licence_requests", editable=False)
    requester = models.ForeignKey(Organisation, verbose_name=_("requester"), on_delete=models.PROTECT, related_name="licence_requests")
    invention = models.ForeignKey(Invention, verbose_name=_("IP asset"), on_delete=models.PROTECT, related_name="licence_requests")
    policy = models.ForeignKey(LicensingPolicy, verbose_name=_("policy"), on_delete=models.PROTECT, related_name="requests")
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    field = models.CharField(_("field of use"), max_length=200, blank=True)
    territory = models.CharField(_("territory"), max_length=100, blank=True)
    exclusive = models.BooleanField(_("exclusive licence asked for"), default=False)
    requested_on = models.DateField(_("requested on"))
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=RequestStatus.choices, editable=False, default=RequestStatus.NEGOTIATION)
    decision = models.CharField(_("decision"), max_length=40, choices=Decision.choices, editable=False, blank=True)
    rule = models.CharField(_("deciding rule"), max_length=60, editable=False, blank=True)
    next_step = models.CharField(_("next step"), max_length=30, choices=NextStep.choices, editable=False, blank=True)
    facts = models.JSONField(_("facts used"), default=dict, editable=False)
    explanation = models.JSONField(_("explanation"), default=list, editable=False)
    committee_note = models.TextField(_("steering committee's decision"), blank=True, editable=False)

    objects = LicenceRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_on", "-pk"]
        verbose_name = _("licence request")
        verbose_name_plural = _("licence requests")

    def __str__(self) -> str:
        return f"{self.reference} {self.requester} → {self.invention.reference}"

    def clean(self):
        if self.invention_id and not self.invention.consortium_id:
            raise ValidationError({"invention": _("Only IP in a consortium's pool is licensed under its policy.")})
        if self.invention_id and self.policy_id and self.policy.consortium_id != self.invention.consortium_id:
            raise ValidationError({"policy": _("The policy belongs to another consortium than the IP asset.")})
