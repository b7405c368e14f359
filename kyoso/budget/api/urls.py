from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("budget/projects", views.GrantViewSet)
router.register("budget/costs", views.CostViewSet)
router.register("budget/ledger", views.LedgerEntryViewSet)
urlpatterns = router.urls
