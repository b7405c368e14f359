from django.urls import path

from kyoso.core.urls import object_urls

from . import views

app_name = "ip"
urlpatterns = [
    *object_urls("inventions", "invention", {
        "list": views.InventionListView, "detail": views.InventionDetailView,
        "edit": views.InventionEditView, "delete": views.InventionDeleteView,
    }),
    path("inventions/<int:pk>/owners-from-agreement/", views.ApplyAgreementOwnersView.as_view(), name="invention_agreement_owners"),
    path("inventions/<int:pk>/propose/<slug:kind>/", views.ProposeChangeView.as_view(), name="invention_propose"),
    *object_urls("filings", "filing", {
        "list": views.FilingListView, "detail": views.FilingDetailView,
        "edit": views.FilingEditView, "delete": views.FilingDeleteView,
    }),
    *object_urls("families", "family", {"edit": views.FamilyEditView}),
    *object_urls("change-proposals", "changeproposal", {
        "list": views.ChangeProposalListView, "detail": views.ChangeProposalDetailView,
    }),
    path("change-proposals/<int:pk>/decide/", views.DecideProposalView.as_view(), name="changeproposal_decide"),
]
