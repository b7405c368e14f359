from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("documents/attach/<slug:record_type_name>/<int:pk>/", views.DocumentAttachView.as_view(), name="document_attach"),
    path("documents/<int:pk>/download/", views.DocumentDownloadView.as_view(), name="document_download"),
    path("documents/<int:pk>/delete/", views.DocumentDeleteView.as_view(), name="document_delete"),
]
