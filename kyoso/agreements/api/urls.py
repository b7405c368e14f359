from kyoso.core.routers import ModelRouter

from . import views

router = ModelRouter()
router.register("contract-types", views.ContractTypeViewSet)
router.register("agreements", views.AgreementViewSet)
router.register("agreement-parties", views.AgreementPartyViewSet)
router.register("contributions", views.ContributionViewSet)
urlpatterns = router.urls
