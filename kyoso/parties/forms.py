"""Forms for organisations, people and affiliations."""

from kyoso.core.forms import ScopedModelForm

from .models import Affiliation, Organisation, Person


class OrganisationForm(ScopedModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "name_ja", "short_name", "kind", "size", "is_domestic", "country", "corporate_number", "website"]


class PersonForm(ScopedModelForm):
    class Meta:
        model = Person
        fields = ["family_name", "given_name", "family_name_ja", "given_name_ja", "kind", "email", "researcher_number"]


class AffiliationForm(ScopedModelForm):
    class Meta:
        model = Affiliation
        fields = ["person", "organisation", "department", "title", "start", "end"]
