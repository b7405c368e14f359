"""Forms for consortia and their parts."""

from kyoso.core.forms import ScopedModelForm

from .models import Consortium, Membership, ResearchArea, ResearchTopic


class ConsortiumForm(ScopedModelForm):
    class Meta:
        model = Consortium
        fields = ["slug", "name", "name_ja", "programme_type", "lead_institution", "first_fiscal_year", "last_fiscal_year", "description"]


class MembershipForm(ScopedModelForm):
    class Meta:
        model = Membership
        fields = ["consortium", "organisation", "role", "joined", "left"]


class ResearchAreaForm(ScopedModelForm):
    class Meta:
        model = ResearchArea
        fields = ["consortium", "name", "name_ja"]


class ResearchTopicForm(ScopedModelForm):
    class Meta:
        model = ResearchTopic
        fields = ["consortium", "area", "code", "title", "title_ja", "participants"]
