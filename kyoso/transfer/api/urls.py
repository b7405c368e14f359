from kyoso.core.routers import ModelRouter

from . import views

router = ModelRouter()
router.register("technologies", views.TechnologyViewSet)
router.register("deals", views.DealViewSet)
router.register("deal-agreements", views.DealAgreementViewSet)
urlpatterns = router.urls
