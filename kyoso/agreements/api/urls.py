from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("contract-types", views.ContractTypeViewSet)
router.register("agreements", views.AgreementViewSet)
router.register("agreement-parties", views.AgreementPartyViewSet)
router.register("contributions", views.ContributionViewSet)
urlpatterns = router.urls
