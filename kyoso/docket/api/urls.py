from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("deadlines", views.DeadlineViewSet)
urlpatterns = [*router.urls, path("filings/<int:pk>/fees/", views.filing_fees, name="filing-fees")]
