"""URLs of the import pages, mounted at ``/import/``."""

from django.urls import path

from . import views

app_name = "importing"
urlpatterns = [
    path("", views.ImportStartView.as_view(), name="start"),
    path("confirm/", views.ImportConfirmView.as_view(), name="confirm"),
    path("<slug:kind>/template.<str:file_format>", views.ImportTemplateView.as_view(), name="template"),
]
