from django.urls import path

from kyoso.core.urls import object_urls

from . import views

app_name = "portfolio"
urlpatterns = [
    path("portfolio/", views.HomeView.as_view(), name="home"),
    path("portfolio/rounds/open/", views.OpenRoundView.as_view(), name="reviewround_open"),
    *object_urls("portfolio/rounds", "reviewround", {"list": views.ReviewRoundListView, "detail": views.ReviewRoundDetailView}),
    path("portfolio/rounds/<int:pk>/rescore/", views.RescoreView.as_view(), name="reviewround_rescore"),
    *object_urls("portfolio/rights", "reviewitem", {"list": views.ReviewItemListView, "detail": views.ReviewItemDetailView}),
    path("portfolio/rights/<int:pk>/vote/", views.VoteView.as_view(), name="reviewitem_vote"),
    path("portfolio/rights/<int:pk>/decide/", views.DecideView.as_view(), name="reviewitem_decide"),
    path("portfolio/rights/<int:pk>/abandon/", views.AbandonView.as_view(), name="reviewitem_abandon"),
    path("portfolio/rights/<int:pk>/reopen/", views.ReopenView.as_view(), name="reviewitem_reopen"),
    path("portfolio/map/", views.MapView.as_view(), name="map"),
    path("portfolio/map/filings/", views.MapFilingListView.as_view(), name="map_filings"),
    path("portfolio/inventions/<int:pk>/foreign-filing/", views.ForeignFilingView.as_view(), name="foreign_filing"),
    *object_urls("portfolio/area-weights", "areaweight", {"list": views.AreaWeightListView, "edit": views.AreaWeightEditView}),
]
