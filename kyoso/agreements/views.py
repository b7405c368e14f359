"""Pages for agreements, their parties and contributions, and the contract-type catalogue."""

from django.db.models import Sum

from kyoso.core import views as generic

from .filtersets import AgreementFilterSet, ContractTypeFilterSet, ContributionFilterSet
from .forms import AgreementForm, AgreementPartyForm, ContractTypeForm, ContributionForm
from .models import Agreement, AgreementParty, ContractType, Contribution
from .tables import AgreementTable, ContractTypeTable, ContributionTable


class AgreementListView(generic.ObjectListView):
    model = Agreement
    table_class = AgreementTable
    filterset_class = AgreementFilterSet
    related = ("consortium",)


class AgreementDetailView(generic.ObjectDetailView):
    model = Agreement
    related = ("consortium", "topic", "contract_type")

    def get_extra_context(self, obj):
        contributions = (
            Contribution.objects.for_user(self.request.user).filter(agreement=obj).select_related("contributor")
        )
        from .sakura_views import terms_context

        return {
            **terms_context(obj, self.request.user),
            "parties": obj.parties.select_related("organisation"),
            "contributions": contributions,
            "contribution_totals": contributions.aggregate(
                direct=Sum("direct_amount"), indirect=Sum("indirect_amount"), ip=Sum("ip_amount")
            ),
        }


class AgreementEditView(generic.ObjectEditView):
    model = Agreement
    form_class = AgreementForm


class AgreementDeleteView(generic.ObjectDeleteView):
    model = Agreement


class AgreementChildEditView(generic.ObjectEditView):
    """Parties and contributions are added from their agreement's page."""

    def initial_for_new(self):
        agreement = Agreement.objects.for_user(self.request.user, "change").filter(pk=self.request.GET.get("agreement")).first()
        return {"agreement": agreement} if agreement else {}

    def success_url(self, obj):
        return obj.agreement.get_absolute_url()


class AgreementPartyEditView(AgreementChildEditView):
    model = AgreementParty
    form_class = AgreementPartyForm


class AgreementPartyDeleteView(generic.ObjectDeleteView):
    model = AgreementParty


class ContributionListView(generic.ObjectListView):
    model = Contribution
    table_class = ContributionTable
    filterset_class = ContributionFilterSet
    related = ("agreement", "contributor")
    id_filters = ("agreement",)


class ContributionDetailView(generic.ObjectDetailView):
    model = Contribution
    related = ("agreement", "contributor")


class ContributionEditView(AgreementChildEditView):
    model = Contribution
    form_class = ContributionForm


class ContributionDeleteView(generic.ObjectDeleteView):
    model = Contribution


class ContractTypeListView(generic.ObjectListView):
    model = ContractType
    table_class = ContractTypeTable
    filterset_class = ContractTypeFilterSet


class ContractTypeDetailView(generic.ObjectDetailView):
    model = ContractType

    def get_extra_context(self, obj):
        """The type's default term set (``kyoso/rules/data/sakura/term_sets.json``), each term marked
        confirmed or unconfirmed."""
        from kyoso.rules.sakura import SakuraError, term_set

        from .sakura import TERM_LABELS, term_shown

        try:
            terms = term_set(obj.code)
        except SakuraError:
            return {"default_terms": None}
        return {"default_terms": [(TERM_LABELS[key], term_shown(key, value), terms.confirmed[key])
                                  for key, value in terms.terms.items()],
                "term_sources": terms.sources}



class ContractTypeEditView(generic.ObjectEditView):
    model = ContractType
    form_class = ContractTypeForm
