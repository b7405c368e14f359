from kyoso.core.routers import ModelRouter

from . import views

router = ModelRouter()
router.register("inventions", views.InventionViewSet)
router.register("families", views.FamilyViewSet)
router.register("filings", views.FilingViewSet)
router.register("change-proposals", views.ChangeProposalViewSet)
urlpatterns = router.urls
