"""Pages for consortia, memberships, research areas and topics."""

from kyoso.core import figures
from kyoso.core import views as generic

from .filtersets import ConsortiumFilterSet
from .forms import ConsortiumForm, MembershipForm, ResearchAreaForm, ResearchTopicForm
from .models import Consortium, Membership, ResearchArea, ResearchTopic
from .services import (
    delete_consortium,
    delete_membership,
    delete_research_area,
    delete_research_topic,
    save_consortium,
    save_membership,
    save_research_area,
    save_research_topic,
)
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
    save_service = staticmethod(save_consortium)


class ConsortiumDeleteView(generic.ObjectDeleteView):
    model = Consortium
    delete_service = staticmethod(delete_consortium)


class ConsortiumPartEditView(generic.ObjectEditView):
    """Areas, topics and memberships are edited from their consortium's page."""

    def initial_for_new(self):
        consortium = Consortium.objects.for_user(self.request.user, "change").filter(pk=self.request.GET.get("consortium")).first()
        return {"consortium": consortium} if consortium else {}

    def success_url(self, obj):
        return obj.consortium.get_absolute_url()


class ConsortiumPartDeleteView(generic.ObjectDeleteView):
    """Back to the consortium's page afterwards (the delete service writes the event there)."""

    def parent_of(self, obj):
        return obj.consortium


class MembershipEditView(ConsortiumPartEditView):
    model = Membership
    form_class = MembershipForm
    save_service = staticmethod(save_membership)


class MembershipDeleteView(ConsortiumPartDeleteView):
    model = Membership
    delete_service = staticmethod(delete_membership)


class ResearchAreaEditView(ConsortiumPartEditView):
    model = ResearchArea
    form_class = ResearchAreaForm
    save_service = staticmethod(save_research_area)


class ResearchAreaDeleteView(ConsortiumPartDeleteView):
    model = ResearchArea
    delete_service = staticmethod(delete_research_area)


class ResearchTopicEditView(ConsortiumPartEditView):
    model = ResearchTopic
    form_class = ResearchTopicForm
    save_service = staticmethod(save_research_topic)


class ResearchTopicDeleteView(ConsortiumPartDeleteView):
    model = ResearchTopic
    delete_service = staticmethod(delete_research_topic)
