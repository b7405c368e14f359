from kyoso.core.urls import object_urls

from . import views

app_name = "parties"
urlpatterns = [
    *object_urls("organisations", "organisation", {
        "list": views.OrganisationListView, "detail": views.OrganisationDetailView,
        "edit": views.OrganisationEditView, "delete": views.OrganisationDeleteView,
    }),
    *object_urls("people", "person", {
        "list": views.PersonListView, "detail": views.PersonDetailView,
        "edit": views.PersonEditView, "delete": views.PersonDeleteView,
    }),
    *object_urls("affiliations", "affiliation", {"edit": views.AffiliationEditView, "delete": views.AffiliationDeleteView}),
]
