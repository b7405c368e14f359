from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("portfolio/rounds", views.ReviewRoundViewSet)
router.register("portfolio/rights", views.ReviewItemViewSet)
router.register("portfolio/votes", views.MemberVoteViewSet)
urlpatterns = router.urls
