from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("organisations", views.OrganisationViewSet)
router.register("people", views.PersonViewSet)
router.register("affiliations", views.AffiliationViewSet)
urlpatterns = router.urls
