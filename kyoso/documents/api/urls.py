from kyoso.core.routers import ModelRouter

from .views import DocumentViewSet

router = ModelRouter()
router.register("documents", DocumentViewSet)
urlpatterns = router.urls
