"""Filters for agreements and contributions."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kyoso.consortia.models import Consortium
from kyoso.parties.models import Organisation

from .models import Agreement, AgreementParty, ContractType, Contribution


class AgreementFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    party = django_filters.ModelChoiceFilter(
        label=_("Party"), field_name="parties__organisation", queryset=Organisation.objects.all(), distinct=True
    )

    class Meta:
        model = Agreement
        fields = ["q", "kind", "research_class", "research_type", "status", "consortium", "contract_type", "party"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(number__icontains=value) | Q(title__icontains=value) | Q(title_ja__icontains=value))


class ContributionFilterSet(django_filters.FilterSet):
    consortium = django_filters.ModelChoiceFilter(
        label=_("Consortium"), field_name="agreement__consortium", queryset=Consortium.objects.all()
    )

    class Meta:
        model = Contribution
        fields = ["agreement", "consortium", "contributor", "fiscal_year", "kind", "source"]


class AgreementPartyFilterSet(django_filters.FilterSet):
    class Meta:
        model = AgreementParty
        fields = ["agreement", "organisation", "role"]


class ContractTypeFilterSet(django_filters.FilterSet):
    class Meta:
        model = ContractType
        fields = ["confirmed"]
