from kyoso.core.routers import ModelRouter

from . import views

router = ModelRouter()
router.register("share-class-schemes", views.ShareClassSchemeViewSet)
router.register("share-classes", views.ShareClassViewSet)
router.register("company-class-assignments", views.AssignmentViewSet)
router.register("licensing-policies", views.LicensingPolicyViewSet)
router.register("licence-requests", views.LicenceRequestViewSet)
router.register("licences", views.LicenceViewSet)
router.register("royalty-terms", views.RoyaltyTermViewSet)
router.register("royalty-reports", views.RoyaltyReportViewSet)
router.register("invoices", views.InvoiceViewSet)
router.register("distribution-runs", views.DistributionRunViewSet)
router.register("statement-lines", views.StatementLineViewSet)
# The routes of kyoso 0.1, still answering (not in the schema).
for old, new in (
    ("share-schemes", "share-class-schemes"), ("share-classes", "share-classes"),
    ("company-classes", "company-class-assignments"), ("policies", "licensing-policies"),
    ("requests", "licence-requests"), ("licences", "licences"), ("royalty-terms", "royalty-terms"),
    ("royalty-reports", "royalty-reports"), ("invoices", "invoices"), ("distribution-runs", "distribution-runs"),
    ("statement-lines", "statement-lines"),
):
    router.alias(f"licensing/{old}", new)
urlpatterns = router.urls
