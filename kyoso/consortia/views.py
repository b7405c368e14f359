"""Pages for consortia, memberships, research areas and topics."""

from kyoso.core import figures
from kyoso.core import views as generic

from .filtersets import ConsortiumFilterSet
from .forms import ConsortiumForm, MembershipForm, ResearchAreaForm, ResearchTopicForm
from .models import Consortium, Membership, ResearchArea, ResearchTopic
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
        # Money, licensing and the like are panels of the apps above (kyoso.core.panels); how many
        # of their records the user sees here comes from their registered counts (kyoso.core.figures).
        return {
            "memberships": obj.memberships.select_related("organisation"),
            "areas": obj.areas.all(),
            "topics": obj.topics.select_related("area").prefetch_related("participants"),
            "record_counts": figures.counts(obj, self.request.user),
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
    """Back to the consortium's page afterwards (the surface's parent, where the delete service writes the event)."""


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
