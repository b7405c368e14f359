"""Pages for organisations, people and affiliations."""

from kyoso.core import views as generic

from .filtersets import OrganisationFilterSet, PersonFilterSet
from .forms import AffiliationForm, OrganisationForm, PersonForm
from .models import Affiliation, Organisation, Person
from .tables import OrganisationTable, PersonTable


class OrganisationListView(generic.ObjectListView):
    model = Organisation
    table_class = OrganisationTable
    filterset_class = OrganisationFilterSet


class OrganisationDetailView(generic.ObjectDetailView):
    model = Organisation

    def get_extra_context(self, obj):
        return {
            "affiliations": Affiliation.objects.for_user(self.request.user).filter(organisation=obj).select_related("person")[:100],
        }


class OrganisationEditView(generic.ObjectEditView):
    model = Organisation
    form_class = OrganisationForm


class OrganisationDeleteView(generic.ObjectDeleteView):
    model = Organisation


class PersonListView(generic.ObjectListView):
    model = Person
    table_class = PersonTable
    filterset_class = PersonFilterSet


class PersonDetailView(generic.ObjectDetailView):
    model = Person

    def get_extra_context(self, obj):
        return {"affiliations": obj.affiliations.select_related("organisation")}


class PersonEditView(generic.ObjectEditView):
    model = Person
    form_class = PersonForm


class PersonDeleteView(generic.ObjectDeleteView):
    model = Person


class AffiliationEditView(generic.ObjectEditView):
    model = Affiliation
    form_class = AffiliationForm

    def initial_for_new(self):
        person = Person.objects.for_user(self.request.user).filter(pk=self.request.GET.get("person")).first()
        return {"person": person} if person else {}

    def success_url(self, obj):
        return obj.person.get_absolute_url()


class AffiliationDeleteView(generic.ObjectDeleteView):
    model = Affiliation

