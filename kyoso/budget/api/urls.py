from kyoso.core.routers import ModelRouter

from . import views

router = ModelRouter()
router.register("grants", views.GrantViewSet)
router.register("costs", views.CostViewSet)
router.register("ledger-entries", views.LedgerEntryViewSet)
# The routes of kyoso 0.1, still answering (not in the schema).
router.alias("budget/projects", "grants")
router.alias("budget/costs", "costs")
router.alias("budget/ledger", "ledger-entries")
urlpatterns = router.urls
