from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("consortia", views.ConsortiumViewSet)
router.register("memberships", views.MembershipViewSet)
router.register("research-areas", views.ResearchAreaViewSet)
router.register("research-topics", views.ResearchTopicViewSet)
urlpatterns = router.urls
