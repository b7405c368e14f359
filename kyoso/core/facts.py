"""Facts kept as data (a dict or list in a JSON field, a rule's conditions) shown as a person reads them.

A fact's key is shown by its label and a stored code by its choice's label, in the active language;
the stored data itself stays available behind a "source" disclosure (``includes/facts.html``).
"""

from __future__ import annotations

import json
from functools import cache

from django.apps import apps
from django.db.models import TextChoices
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

__all__ = ["Facts", "code_label", "fact_label", "fact_value"]

#: Labels of the keys the rules and services write into facts (other keys: a model field's name).
FACT_LABELS = {
    "requester": _("requester"),
    "ip": _("kind of IP"),
    "purpose": _("purpose"),
    "research": _("research class"),
    "exclusive": _("exclusive"),
    "field": _("field of use"),
    "asset": _("asset"),
    "company": _("company"),
    "share_class": _("share class"),
    "allowed": _("allowed"),
    "rule": _("rule"),
    "status": _("status"),
    "reference": _("reference"),
    "source": _("source"),
    "reasons": _("reasons"),
    "remaining_life": _("remaining life"),
    "cost": _("cost"),
    "licensing": _("licensing"),
    "interest": _("interest"),
    "classes": _("share classes"),
    "strategic": _("strategic value"),
    "has_right": _("right held"),
    "programme": _("programme"),
    "title": _("title"),
    "version": _("version"),
    "member": _("member"),
    "bearer": _("who pays"),
}


@cache
def _choice_labels() -> tuple[dict[str, dict], dict]:
    """({field name: {code: label}}, {code: label}) from every model field with choices."""
    by_field: dict[str, dict] = {}
    anywhere: dict = {}
    pending = list(TextChoices.__subclasses__())  # every app's choices, loaded with its models
    while pending:
        choices = pending.pop()
        pending += choices.__subclasses__()
        for code, label in choices.choices:
            anywhere.setdefault(code, label)
    for model in apps.get_models():
        for field in model._meta.get_fields():
            choices = getattr(field, "flatchoices", None)
            if not choices or getattr(field, "get_internal_type", lambda: "")() == "BooleanField":
                continue
            for code, label in choices:
                if isinstance(code, str) and code:
                    by_field.setdefault(field.name, {}).setdefault(code, label)
                    anywhere.setdefault(code, label)
    return by_field, anywhere


def code_label(code, key: str | None = None):
    """The label of a stored choice ``code`` (the one of field ``key`` when it has one), else ``code``."""
    if not isinstance(code, str):
        return code
    by_field, anywhere = _choice_labels()
    if key and code in by_field.get(key, {}):
        return by_field[key][code]
    return anywhere.get(code, code)


def fact_label(key: str) -> str:
    """A fact's key as a person reads it."""
    if key in FACT_LABELS:
        return str(FACT_LABELS[key])
    return gettext(key.replace("_", " "))


def fact_value(value, key: str | None = None) -> str:
    """A fact's value as a person reads it: yes/no, a choice's label, lists joined."""
    if value is True:
        return gettext("yes")
    if value is False:
        return gettext("no")
    if value is None or value == "":
        return "—"
    if isinstance(value, list | tuple):
        return "、".join(fact_value(v, key) for v in value) if value else "—"
    if isinstance(value, dict):
        return "; ".join(f"{fact_label(k)}: {fact_value(v, k)}" for k, v in value.items())
    if isinstance(value, Promise):
        return str(value)
    label = code_label(value, key)
    if label is value and isinstance(value, str) and value.replace("_", "").isalpha() and value.islower():
        return gettext(value.replace("_", " "))  # a rule's own code (participant): its word in the catalogue
    return str(label)


class Facts:
    """A dict or list from a JSON field, for ``includes/facts.html``: labelled rows and the source."""

    is_facts = True

    def __init__(self, data):
        self.data = data

    @property
    def rows(self) -> list[tuple[str, str]]:
        if isinstance(self.data, dict):
            if "schema" in self.data:  # a whole rules document: its title; the rules are in the source
                language = (get_language() or "en").split("-")[0]
                return [(fact_label("title"), self.data.get(f"title_{language}") or self.data.get("title", "—"))]
            return [(fact_label(k), fact_value(v, k)) for k, v in self.data.items()]
        return [("", fact_value(v)) for v in self.data]

    @property
    def is_list(self) -> bool:
        return not isinstance(self.data, dict)

    @property
    def source(self) -> str:
        return json.dumps(self.data, ensure_ascii=False, indent=2, default=str)

    def __bool__(self) -> bool:
        return bool(self.data)

    def __str__(self) -> str:
        return "; ".join(f"{label}: {value}" if label else value for label, value in self.rows)
