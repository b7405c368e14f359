from kyoso.core.routers import ModelRouter

from . import views

router = ModelRouter()
router.register("consortia", views.ConsortiumViewSet)
router.register("memberships", views.MembershipViewSet)
router.register("research-areas", views.ResearchAreaViewSet)
router.register("research-topics", views.ResearchTopicViewSet)
urlpatterns = router.urls
