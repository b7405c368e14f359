from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("inventions", views.InventionViewSet)
router.register("families", views.FamilyViewSet)
router.register("filings", views.FilingViewSet)
urlpatterns = router.urls
