"""Scoping for organisations and people: a shared directory anyone with a role may read."""

from kyoso.core.formatting import name_picker
from kyoso.core.querysets import ScopedQuerySet
from kyoso.core.roles import Role
from kyoso.core.surface import Surface


class DirectoryQuerySet(ScopedQuerySet):
    """Organisations and people are a directory: every role reads it, the IP office and CPOs edit it.

    Nothing confidential lives on these rows; money and inventions are scoped where they live.
    """

    writers = (Role.IP_OFFICE, Role.CPO)
    # Forms that reference a directory row only need to see it.
    reference_action = "view"

    def scope_view(self, actor):
        return self

    def scope_change(self, actor):
        return self


class OrganisationQuerySet(DirectoryQuerySet):

    surface = Surface(save="kyoso.parties.services.save_organisation", delete="kyoso.parties.services.delete_organisation")
    def choice_labels(self):
        """(pk, ``str(organisation)``) of each row without building model instances.

        Filter dropdowns offer a thousand organisations; reading two columns instead of whole rows
        is ten times cheaper. Must match :meth:`kyoso.parties.models.Organisation.__str__`.
        """
        pick = name_picker()
        return [
            (pk, pick(short_name or name, name_ja))
            for pk, name, short_name, name_ja in self.values_list("pk", "name", "short_name", "name_ja")
        ]


class PersonQuerySet(DirectoryQuerySet):

    surface = Surface(save="kyoso.parties.services.save_person", delete="kyoso.parties.services.delete_person")
    pass


class AffiliationQuerySet(DirectoryQuerySet):

    surface = Surface(
        save="kyoso.parties.services.save_affiliation", delete="kyoso.parties.services.delete_affiliation", parent="person"
    )

    pass
