"""Pages for consortia, memberships, research areas and topics."""

from kyoso.core import views as generic
from kyoso.core.roles import Role, actor_of

from .filtersets import ConsortiumFilterSet
from .forms import ConsortiumForm, MembershipForm, ResearchAreaForm, ResearchTopicForm
from .models import Consortium, Membership, ResearchArea, ResearchTopic
from .selectors import funding_by_year
from .tables import ConsortiumTable


class ConsortiumListView(generic.ObjectListView):
    model = Consortium
    table_class = ConsortiumTable
    filterset_class = ConsortiumFilterSet
    related = ("lead_institution",)


class ConsortiumDetailView(generic.ObjectDetailView):
    model = Consortium
    related = ("lead_institution",)

    def get_extra_context(self, obj):
        from kyoso.agreements.models import Agreement
        from kyoso.ip.models import Invention

        user = self.request.user
        return {
            "memberships": obj.memberships.select_related("organisation"),
            "areas": obj.areas.all(),
            "topics": obj.topics.select_related("area").prefetch_related("participants"),
            "funding": funding_by_year(obj, user),
            # Only those who see every member's money see the consortium-wide ratio.
            "show_matching": actor_of(user).role != Role.COMPANY,
            "agreement_count": Agreement.objects.for_user(user).filter(consortium=obj).count(),
            "invention_count": Invention.objects.for_user(user).filter(consortium=obj).count(),
        }


class ConsortiumEditView(generic.ObjectEditView):
    model = Consortium
    form_class = ConsortiumForm


class ConsortiumDeleteView(generic.ObjectDeleteView):
    model = Consortium


class ConsortiumPartEditView(generic.ObjectEditView):
    """Areas, topics and memberships are edited from their consortium's page."""

    def initial_for_new(self):
        consortium = Consortium.objects.for_user(self.request.user, "change").filter(pk=self.request.GET.get("consortium")).first()
        return {"consortium": consortium} if consortium else {}

    def success_url(self, obj):
        return obj.consortium.get_absolute_url()


class ConsortiumPartDeleteView(generic.ObjectDeleteView):
    """Deletes an area, topic or membership; its event stays on the consortium (the surface's parent)."""


class MembershipEditView(ConsortiumPartEditView):
    model = Membership
    form_class = MembershipForm


class MembershipDeleteView(ConsortiumPartDeleteView):
    model = Membership


class ResearchAreaEditView(ConsortiumPartEditView):
    model = ResearchArea
    form_class = ResearchAreaForm


class ResearchAreaDeleteView(ConsortiumPartDeleteView):
    model = ResearchArea


class ResearchTopicEditView(ConsortiumPartEditView):
    model = ResearchTopic
    form_class = ResearchTopicForm


class ResearchTopicDeleteView(ConsortiumPartDeleteView):
    model = ResearchTopic
