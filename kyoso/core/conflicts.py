"""A write refused by the database's constraints, told as the validation message it stands for.

``full_clean`` checks the unique constraints before saving, but two identical submissions at the
same moment both pass that check; the database then refuses the second (``IntegrityError``).
:func:`conflict_as_validation` turns that refusal into the message the check would have given,
so the second submitter reads "already exists", never a server error.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, models
from django.utils.translation import gettext as _

__all__ = ["conflict_as_validation"]


def conflict_as_validation(instance: models.Model | None, error: IntegrityError) -> ValidationError:
    """The validation error ``instance`` now fails (the other row is committed), or a plain refusal."""
    if instance is not None:
        try:
            instance.validate_unique()
            instance.validate_constraints()
        except ValidationError as found:
            return found
        except DatabaseError:  # the transaction cannot be read any more: the plain refusal below
            pass
    return ValidationError(_("The same record was saved at the same moment by another request; reload the page to see it."))
