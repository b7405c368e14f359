from django.urls import path

from kyoso.core.urls import object_urls

from .views import classes, distribution, home, licences, policies

app_name = "licensing"
urlpatterns = [
    path("licensing/", home.HomeView.as_view(), name="home"),
    path("licensing/my-rights/", classes.MyRightsView.as_view(), name="my_rights"),
    *object_urls("licensing/share-schemes", "shareclassscheme", {
        "list": classes.SchemeListView, "detail": classes.SchemeDetailView, "edit": classes.SchemeEditView}),
    path("licensing/share-schemes/<int:pk>/recompute/", classes.SchemeRecomputeView.as_view(), name="shareclassscheme_recompute"),
    *object_urls("licensing/share-classes", "shareclass", {"edit": classes.ShareClassEditView, "delete": classes.ShareClassDeleteView}),
    *object_urls("licensing/company-classes", "companyclassassignment", {
        "list": classes.AssignmentListView, "detail": classes.AssignmentDetailView}),
    *object_urls("licensing/policies", "licensingpolicy", {
        "list": policies.PolicyListView, "detail": policies.PolicyDetailView, "edit": policies.PolicyEditView}),
    *object_urls("licensing/requests", "licencerequest", {
        "list": policies.RequestListView, "detail": policies.RequestDetailView, "edit": policies.RequestEditView}),
    path("licensing/requests/<int:pk>/committee/", policies.CommitteeView.as_view(), name="licencerequest_committee"),
    path("licensing/requests/<int:pk>/issue/", policies.IssueLicenceView.as_view(), name="licencerequest_issue"),
    *object_urls("licensing/licences", "licence", {
        "list": licences.LicenceListView, "detail": licences.LicenceDetailView, "edit": licences.LicenceEditView}),
    *object_urls("licensing/licensed-assets", "licensedasset", {
        "edit": licences.LicensedAssetEditView, "delete": licences.LicensedAssetDeleteView}),
    *object_urls("licensing/royalty-terms", "royaltyterm", {
        "edit": licences.RoyaltyTermEditView, "delete": licences.RoyaltyTermDeleteView}),
    path("licensing/royalty-reports/import/", licences.ReportImportView.as_view(), name="royaltyreport_import"),
    *object_urls("licensing/royalty-reports", "royaltyreport", {
        "list": licences.ReportListView, "detail": licences.ReportDetailView, "edit": licences.ReportEditView}),
    *object_urls("licensing/invoices", "invoice", {
        "list": licences.InvoiceListView, "detail": licences.InvoiceDetailView, "edit": licences.InvoiceEditView}),
    *object_urls("licensing/compensation-policies", "compensationpolicy", {
        "list": distribution.CompensationPolicyListView, "detail": distribution.CompensationPolicyDetailView,
        "edit": distribution.CompensationPolicyEditView}),
    *object_urls("licensing/distribution-rules", "distributionrule", {
        "list": distribution.RuleListView, "detail": distribution.RuleDetailView, "edit": distribution.RuleEditView}),
    path("licensing/distribution-rules/<int:pk>/run/", distribution.RunView.as_view(), name="distributionrule_run"),
    *object_urls("licensing/patent-costs", "patentcost", {
        "list": distribution.PatentCostListView, "edit": distribution.PatentCostEditView}),
    *object_urls("licensing/distribution-runs", "distributionrun", {
        "list": distribution.RunListView, "detail": distribution.RunDetailView}),
    path("licensing/statements/", distribution.StatementView.as_view(), name="statement"),
]
