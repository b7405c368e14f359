from django.urls import path

from kyoso.core.urls import object_urls

from . import views

app_name = "programmes"
urlpatterns = [
    path("programmes/", views.CatalogueView.as_view(), name="catalogue"),
    path("programmes/navigator/", views.NavigatorView.as_view(), name="navigator"),
    *object_urls("programmes/applications", "application", {
        "list": views.ApplicationListView, "detail": views.ApplicationDetailView, "edit": views.ApplicationEditView}),
    path("programmes/applications/<int:pk>/decide/", views.decide, name="application_decide"),
    *object_urls("programmes/awards", "award", {
        "list": views.AwardListView, "detail": views.AwardDetailView, "edit": views.AwardEditView}),
    *object_urls("programmes/duties", "duty", {
        "list": views.DutyListView, "detail": views.DutyDetailView, "edit": views.DutyEditView}),
    path("programmes/duties/<int:pk>/complete/", views.complete, name="duty_complete"),
]
