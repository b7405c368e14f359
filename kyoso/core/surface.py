"""One declaration per model of how every surface reaches it: write path, editable and hidden fields.

Pages, API viewsets and serializers, importers, exports, tables, detail panels, histories and
events all ask the model's :class:`Surface` instead of restating its rules. It is declared once,
as ``surface = Surface(...)`` on the model's :class:`~kyoso.core.querysets.ScopedQuerySet`, beside
the scoping rule it completes::

    class InventionQuerySet(ScopedQuerySet):
        writers = (Role.CPO, Role.RESEARCHER)
        surface = Surface(
            save="kyoso.ip.services.save_invention",
            delete="kyoso.ip.services.delete_invention",
            deleters=(Role.CPO,),
            editable={Role.RESEARCHER: ("title", "abstract")},
        )

- ``save`` / ``delete``: dotted paths of the domain services ``f(instance, *, user)`` (lazy, so a
  queryset module need not import its app's services). Without them the core services
  :func:`~kyoso.core.services.save_object` and :func:`~kyoso.core.services.delete_object` are used.
- ``parent``: the attribute (a dotted path) naming the record whose timeline a child's changes also belong to
  (an owner's invention, a contribution's agreement): a deleted child leaves its event there.
- ``deleters``: the roles besides the IP office that may delete (default: the queryset's writers).
- ``editable``: role → the only fields that role may change; a role not named may change every
  field its scope lets it change. The core save refuses anything else, so every surface agrees.
- ``hidden``: :class:`Hide` rules — fields a role never sees, everywhere, optionally only on the
  rows a predicate does not clear (``unless``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.db import models
from django.utils.module_loading import import_string

from .roles import Actor, actor_of

__all__ = ["Hide", "Surface", "surface_of", "hidden_fields", "hidden_on", "editable_fields", "may_delete", "HIDDEN"]


@dataclass(frozen=True)
class Hide:
    """``fields`` are not shown to ``roles``; with ``unless``, only on rows where ``unless(actor, row)`` is false."""

    fields: tuple[str, ...]
    roles: tuple[str, ...]
    unless: Callable[[Actor, models.Model], bool] | None = None


@dataclass(frozen=True)
class Surface:
    """How a model is saved, deleted, edited and shown — see the module docstring."""

    save: str | None = None
    delete: str | None = None
    parent: str | None = None
    deleters: tuple[str, ...] | None = None
    editable: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    hidden: tuple[Hide, ...] = ()

    def save_service(self) -> Callable:
        from .services import save_object

        return import_string(self.save) if self.save else save_object

    def delete_service(self) -> Callable:
        if self.delete:
            return import_string(self.delete)
        from .services import delete_object

        def delete(instance, *, user):
            return delete_object(instance, user=user, parent=self.parent_of(instance))

        return delete

    def parent_of(self, instance: models.Model) -> models.Model | None:
        """The record ``parent`` names (a dotted path such as ``"family.invention"``), if any."""
        target = instance if self.parent else None
        for step in (self.parent or "").split("."):
            target = getattr(target, step, None) if target is not None else None
        return target


DEFAULT = Surface()

#: What a hidden value reads as on every surface (tables, exports, panels, the API shows ``null``).
HIDDEN = "—"


def surface_of(model: type[models.Model] | models.Model) -> Surface:
    """The :class:`Surface` declared on ``model``'s queryset (the defaults when none is)."""
    if isinstance(model, models.Model):
        model = type(model)
    queryset = model._default_manager.get_queryset()
    return getattr(queryset, "surface", None) or DEFAULT


def _actor(user) -> Actor:
    return user if isinstance(user, Actor) else actor_of(user)


def hidden_fields(model, user) -> frozenset[str]:
    """Fields of ``model`` that ``user`` may see on no row (rules without ``unless``)."""
    actor = _actor(user)
    return frozenset(
        name for rule in surface_of(model).hidden if actor.role in rule.roles and rule.unless is None for name in rule.fields
    )


def hidden_on(obj: models.Model, user) -> frozenset[str]:
    """Fields of this row that ``user`` may not see."""
    actor = _actor(user)
    return frozenset(
        name
        for rule in surface_of(obj).hidden
        if actor.role in rule.roles and (rule.unless is None or not rule.unless(actor, obj))
        for name in rule.fields
    )


def editable_fields(model, user) -> frozenset[str] | None:
    """The only fields ``user`` may change on ``model``, or ``None`` when their scope is the only limit."""
    fields = surface_of(model).editable.get(_actor(user).role)
    return frozenset(fields) if fields is not None else None


def may_delete(model, user) -> bool:
    """May ``user``'s role delete records of ``model`` at all (rows are still decided by the scope)?"""
    actor = _actor(user)
    if actor.is_ip_office:
        return True
    if actor.is_read_only:
        return False
    deleters = surface_of(model).deleters
    if deleters is None:
        deleters = getattr(model._default_manager.get_queryset(), "writers", ())
    return actor.role in deleters
