from kyoso.core.routers import ModelRouter

from . import views

router = ModelRouter()
router.register("review-rounds", views.ReviewRoundViewSet)
router.register("review-items", views.ReviewItemViewSet)
router.register("member-votes", views.MemberVoteViewSet)
# The routes of kyoso 0.1, still answering (not in the schema).
router.alias("portfolio/rounds", "review-rounds")
router.alias("portfolio/rights", "review-items")
router.alias("portfolio/votes", "member-votes")
urlpatterns = router.urls
