from kyoso.core.urls import object_urls

from . import views

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
]
