from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("licensing/share-schemes", views.ShareClassSchemeViewSet)
router.register("licensing/share-classes", views.ShareClassViewSet)
router.register("licensing/company-classes", views.AssignmentViewSet)
router.register("licensing/policies", views.LicensingPolicyViewSet)
router.register("licensing/requests", views.LicenceRequestViewSet)
router.register("licensing/licences", views.LicenceViewSet)
router.register("licensing/royalty-terms", views.RoyaltyTermViewSet)
router.register("licensing/royalty-reports", views.RoyaltyReportViewSet)
router.register("licensing/invoices", views.InvoiceViewSet)
router.register("licensing/distribution-runs", views.DistributionRunViewSet)
router.register("licensing/statement-lines", views.StatementLineViewSet)
urlpatterns = router.urls
