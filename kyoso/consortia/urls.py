from kyoso.core.urls import object_urls

from . import views

app_name = "consortia"
urlpatterns = [
    *object_urls("consortia", "consortium", {
        "list": views.ConsortiumListView, "detail": views.ConsortiumDetailView,
        "edit": views.ConsortiumEditView, "delete": views.ConsortiumDeleteView,
    }),
    *object_urls("memberships", "membership", {"edit": views.MembershipEditView, "delete": views.MembershipDeleteView}),
    *object_urls("areas", "researcharea", {"edit": views.ResearchAreaEditView, "delete": views.ResearchAreaDeleteView}),
    *object_urls("topics", "researchtopic", {"edit": views.ResearchTopicEditView, "delete": views.ResearchTopicDeleteView}),
]
