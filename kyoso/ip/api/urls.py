from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("inventions", views.InventionViewSet)
router.register("families", views.FamilyViewSet)
router.register("filings", views.FilingViewSet)
router.register("change-proposals", views.ChangeProposalViewSet)
urlpatterns = router.urls
