from kyoso.core.routers import ModelRouter

from . import views

router = ModelRouter()
router.register("organisations", views.OrganisationViewSet)
router.register("people", views.PersonViewSet)
router.register("affiliations", views.AffiliationViewSet)
urlpatterns = router.urls
