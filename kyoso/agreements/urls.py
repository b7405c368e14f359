from django.urls import path

from kyoso.core.urls import object_urls

from . import sakura_views, views

app_name = "agreements"
urlpatterns = [
    *object_urls("agreements", "agreement", {
        "list": views.AgreementListView, "detail": views.AgreementDetailView,
        "edit": views.AgreementEditView, "delete": views.AgreementDeleteView,
    }),
    *object_urls("parties", "agreementparty", {"edit": views.AgreementPartyEditView, "delete": views.AgreementPartyDeleteView}),
    *object_urls("contributions", "contribution", {
        "list": views.ContributionListView, "detail": views.ContributionDetailView,
        "edit": views.ContributionEditView, "delete": views.ContributionDeleteView,
    }),
    *object_urls("contract-types", "contracttype", {
        "list": views.ContractTypeListView, "detail": views.ContractTypeDetailView, "edit": views.ContractTypeEditView,
    }),
    path("agreements/sakura/", sakura_views.wizard, name="sakura_wizard"),
    path("agreements/<int:pk>/terms/", sakura_views.terms_edit, name="terms_edit"),
    path("agreements/<int:pk>/terms/start/", sakura_views.start_terms, name="terms_start"),
    path("agreements/<int:pk>/researchers/", sakura_views.researcher_add, name="researcher_add"),
    path("researchers/<int:pk>/remove/", sakura_views.researcher_remove, name="researcher_remove"),
    path("agreements/<int:pk>/status/", sakura_views.change_status, name="status_change"),
    path("agreements/<int:pk>/drafts/", sakura_views.generate_draft, name="draft_generate"),
    path("agreements/<int:pk>/publications/", sakura_views.publication_request, name="publication_request"),
    path("drafts/<int:pk>/download/", sakura_views.download_draft, name="draft_download"),
    path("publications/<int:pk>/answer/", sakura_views.answer_publication, name="publication_answer"),
]
