"""Base model with field-level history, and the readable domain event log."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.expressions import DatabaseDefault
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kyoso.rules.limits import FIRST_YEAR, LAST_YEAR, MAX_YEN

from .formatting import active_language
from .querysets import PreparedExportQuerySet, SavedFilterQuerySet

__all__ = ["TrackedModel", "Event", "Audience", "PreparedExport"]

_CHOICE_LABELS: dict = {}  # (field, language) → {value: label}


class TrackedModel(models.Model):
    """Every kyoso record: timestamps plus field-level history (who, when, before → after).

    ``history`` is a django-simple-history manager; a historical row is written on each save with
    the acting user (from the request middleware, or ``instance._history_user`` set by services
    called from commands and imports).
    """

    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        meta = self._meta
        try:
            return reverse(f"{meta.app_label}:{meta.model_name}_detail", args=[self.pk])
        except NoReverseMatch:
            return ""

    def _get_FIELD_display(self, field):
        """``get_<field>_display()``: Django's, with each field's labels translated once per
        language instead of on every call (an import renders thousands of them)."""
        value = getattr(self, field.attname)
        key = (field, active_language())
        labels = _CHOICE_LABELS.get(key)
        if labels is None:
            labels = _CHOICE_LABELS[key] = {choice: str(label) for choice, label in field.flatchoices
                                            if not isinstance(choice, list | dict | set)}
        try:
            return labels[value]
        except (KeyError, TypeError):  # not a choice (or not hashable): Django's answer
            return super()._get_FIELD_display(field)

    def clean_fields(self, exclude=None):
        """Django's field checks, then the plausible ranges every path shares (kyoso.rules.limits).

        Every date lies in 1900–2100 and every amount of yen (the big-integer fields) within
        ±¥10^13: a year 9999 or a 10^20-yen contribution is a typing mistake, refused here so the
        form, the API, an import and a command all refuse it alike, before a deadline or a fee
        computed from it fails.
        """
        exclude = exclude or ()
        self.clean_these_fields([f for f in self._meta.fields if f.name not in exclude and not f.generated])

    def clean_these_fields(self, fields) -> None:
        """:meth:`clean_fields` of ``fields`` (field objects) only: Django's check of each field,
        then its plausible range. A bulk import calls it with the few fields whose value it has
        not seen yet, tens of thousands of rows over (``Importer.validate``)."""
        errors: dict[str, list] = {}
        ranged = _ranged_fields(type(self))
        for field in fields:
            raw = getattr(self, field.attname)
            # As Django's clean_fields: a blank field left empty, or left to the database's default.
            if (field.blank and raw in field.empty_values) or isinstance(raw, DatabaseDefault):
                continue
            try:
                value = field.clean(raw, self)
            except ValidationError as error:
                errors[field.name] = error.error_list
                continue
            setattr(self, field.attname, value)
            if field.name in ranged and (problem := _out_of_range(field, ranged[field.name], value)):
                errors[field.name] = [problem]
        if errors:
            raise ValidationError(errors)


def _out_of_range(field, is_date: bool, value) -> ValidationError | None:
    """Why ``value`` of a ranged field (:func:`_ranged_fields`) is implausible, if it is."""
    if value is None:
        return None
    if is_date:
        if hasattr(value, "year") and not FIRST_YEAR <= value.year <= LAST_YEAR:
            return ValidationError(
                _("%(field)s must fall between %(first)s and %(last)s."),
                code="date_range", params={"field": field.verbose_name, "first": FIRST_YEAR, "last": LAST_YEAR},
            )
    elif isinstance(value, int) and abs(value) > MAX_YEN:
        return ValidationError(
            _("%(field)s cannot exceed ¥%(limit)s."),
            code="amount_range", params={"field": field.verbose_name, "limit": f"{MAX_YEN:,}"},
        )
    return None


_RANGED: dict = {}  # model → {name of a field with a plausible range: a date rather than an amount}


def _ranged_fields(model) -> dict:
    """The dates (not date-times) and big integers (yen) of ``model``, found once per model."""
    if model not in _RANGED:
        _RANGED[model] = {
            field.name: isinstance(field, models.DateField) for field in model._meta.concrete_fields
            if (isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField))
            or isinstance(field, models.BigIntegerField)}
    return _RANGED[model]


class Audience(models.TextChoices):
    """Who reads an event, among those who may open its record."""

    RECORD = "", _("everyone who may open the record")
    MANAGERS = "managers", _("the IP office, auditors and the consortium's CPO")
    ORGANISATION = "organisation", _("the managers and one organisation's staff")


class Event(models.Model):
    """A domain event a person can read: "invention disclosed", "owners changed", "filing added".

    Written explicitly by service functions (never by signals), so the log says what the business
    did, beside the mechanical field history of :class:`TrackedModel`.
    """

    occurred_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), null=True, blank=True, on_delete=models.SET_NULL
    )
    actor_name = models.CharField(_("who (name)"), max_length=150, blank=True)
    # Never a filter (events are read by subject or by time): no index to keep up per event.
    verb = models.SlugField(_("event"), max_length=60, db_index=False)
    summary = models.CharField(_("what"), max_length=500)
    # The same sentence in every language kyoso speaks ({"en": …, "ja": …}), so each reader sees
    # the log in their own; ``summary`` is the text in the default language (searches, exports).
    summary_by_language = models.JSONField(_("what (by language)"), default=dict, blank=True)
    # Indexed as the first column of (content_type, object_id, -occurred_at) below, not on its own.
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, db_index=False)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    data = models.JSONField(_("details"), default=dict, blank=True)
    # Who may read it, beyond being allowed to open its record (see kyoso.core.activity): an event
    # naming one member's money on a shared record is that member's and the managers' business.
    audience = models.CharField(_("readers"), max_length=20, choices=Audience.choices, default=Audience.RECORD, blank=True)
    # With ``audience`` = ORGANISATION: the organisation (a party's key) whose staff may read it too.
    audience_organisation_id = models.PositiveBigIntegerField(_("readers' organisation"), null=True, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "-occurred_at"])]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_name}: {self.text}"

    def readable_by(self, actor) -> bool:
        """Whether ``actor`` (who may open the record) may read this event too."""
        if self.audience == Audience.RECORD or actor.sees_everything or actor.role == "cpo":
            return True
        return (
            self.audience == Audience.ORGANISATION
            and actor.role == "company"
            and actor.organisation_id is not None
            and actor.organisation_id == self.audience_organisation_id
        )

    @property
    def text(self) -> str:
        """The summary in the reader's language (events written before translations: as written)."""
        from django.utils.translation import get_language

        return self.summary_by_language.get((get_language() or "").split("-")[0], self.summary)


class PreparedExport(models.Model):
    """A list export too large to stream while the user waits, prepared in the background.

    It is the export of ``query`` (a list page's path and filters, e.g. ``/filings/?office=JP``)
    in ``format``, read with the scope and hidden columns of ``owner``, in ``language``. Only the
    owner may see or download it (:mod:`kyoso.core.prepared_exports`); the file is deleted after
    ``KYOSO_EXPORT_KEEP_DAYS`` days.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        RUNNING = "running", _("being prepared")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.CASCADE,
                              related_name="prepared_exports")
    query = models.CharField(_("list"), max_length=2000, help_text=_("The list page's path and filters"))
    format = models.CharField(_("format"), max_length=4, choices=[("csv", "CSV"), ("xlsx", "XLSX")])
    language = models.CharField(_("language"), max_length=5, default="en")
    title = models.CharField(_("title"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    file = models.FileField(_("file"), upload_to="exports/%Y/%m/", blank=True)
    rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    started = models.DateTimeField(_("started"), null=True, blank=True)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    objects = PreparedExportQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("prepared export")
        verbose_name_plural = _("prepared exports")
        indexes = [models.Index(fields=["owner", "-created"]), models.Index(fields=["status", "created"])]

    def __str__(self) -> str:
        return f"{self.title or self.query} ({self.format}, {self.get_status_display()})"


class SavedFilter(models.Model):
    """A list's filters kept by one user under a name ("Open JP deadlines", "My consortium's filings").

    ``path`` is the list page (``/filings/``), ``query`` its filters and sort as a query string
    (``office=JP&status=filed``, without the page number). Only its owner sees, uses or removes it;
    it is listed on that list page above the filters.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.CASCADE,
                              related_name="saved_filters")
    path = models.CharField(_("list"), max_length=200)
    name = models.CharField(_("name"), max_length=100)
    query = models.CharField(_("filters"), max_length=2000, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    objects = SavedFilterQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        constraints = [models.UniqueConstraint(fields=["owner", "path", "name"], name="saved_filter_unique_name",
                                               violation_error_message=_("You already have a saved filter with this name on this list."))]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"{self.path}?{self.query}" if self.query else self.path
