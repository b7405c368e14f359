from kyoso.core.routers import ModelRouter

from . import views

router = ModelRouter()
router.register("applications", views.ApplicationViewSet)
router.register("awards", views.AwardViewSet)
router.register("duties", views.DutyViewSet)
urlpatterns = router.urls
