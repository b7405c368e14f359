from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("reports/consortium/<slug:slug>/", views.ConsortiumReportView.as_view(), name="consortium"),
    path("reports/company/<int:pk>/", views.CompanyStatementView.as_view(), name="company"),
]
