from django.urls import path

from kyoso.core.urls import object_urls

from . import calendar_views, forecast_views, views

app_name = "docket"
urlpatterns = [
    path("docket/", views.DocketHomeView.as_view(), name="home"),
    *object_urls("docket/deadlines", "deadline", {
        "list": views.DeadlineListView, "detail": views.DeadlineDetailView,
        "edit": views.DeadlineEditView, "delete": views.DeadlineDeleteView,
    }),
    path("docket/deadlines/<int:pk>/complete/", views.complete, name="deadline_complete"),
    path("docket/deadlines/<int:pk>/reopen/", views.reopen, name="deadline_reopen"),
    path("docket/calendar/", calendar_views.CalendarView.as_view(), name="calendar"),
    path("docket/calendar/regenerate/", calendar_views.regenerate, name="calendar_regenerate"),
    path("docket/calendar/<str:token>.ics", calendar_views.feed, name="feed"),
    path("docket/forecast/", forecast_views.ForecastView.as_view(), name="forecast"),
]
