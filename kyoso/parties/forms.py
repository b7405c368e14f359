"""Forms for organisations, people and affiliations."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kyoso.core.forms import LookAlikeCheck, ScopedModelForm

from .models import Affiliation, Organisation, Person
from .services import similar_organisations, similar_people


class OrganisationForm(LookAlikeCheck, ScopedModelForm):
    # Users type "www.example.ac.jp"; treat it as https (and silence Django 6's scheme change).
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = ["name", "name_ja", "short_name", "kind", "size", "is_domestic", "country", "corporate_number", "website", "spin_off_of", "founded_on", "survey_baseline"]

    def look_alikes(self, data):
        return similar_organisations(data.get("name", ""), data.get("name_ja", ""), data.get("short_name", ""), user=self.user)


class PersonForm(LookAlikeCheck, ScopedModelForm):
    class Meta:
        model = Person
        fields = ["family_name", "given_name", "family_name_ja", "given_name_ja", "kind", "email", "researcher_number"]

    def look_alikes(self, data):
        names = ("family_name", "given_name", "family_name_ja", "given_name_ja", "email")
        return similar_people(Person(**{name: data.get(name) or "" for name in names}), user=self.user)


class AffiliationForm(ScopedModelForm):
    class Meta:
        model = Affiliation
        fields = ["person", "organisation", "department", "title", "start", "end"]
