from django.urls import path

from kyoso.core.routers import ModelRouter

from . import views

router = ModelRouter()
router.register("deadlines", views.DeadlineViewSet)
urlpatterns = [*router.urls, path("filings/<int:pk>/fees/", views.filing_fees, name="filing-fees")]
