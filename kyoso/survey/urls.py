from django.urls import path

from . import views

app_name = "survey"
urlpatterns = [
    path("survey/", views.SurveyView.as_view(), name="report"),
    path("survey/records/", views.SurveyRecordsView.as_view(), name="records"),
    path("survey/context/", views.SurveyContextView.as_view(), name="context"),
]
