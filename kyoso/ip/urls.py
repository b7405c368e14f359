from kyoso.core.urls import object_urls

from . import views

app_name = "ip"
urlpatterns = [
    *object_urls("inventions", "invention", {
        "list": views.InventionListView, "detail": views.InventionDetailView,
        "edit": views.InventionEditView, "delete": views.InventionDeleteView,
    }),
    *object_urls("filings", "filing", {
        "list": views.FilingListView, "detail": views.FilingDetailView,
        "edit": views.FilingEditView, "delete": views.FilingDeleteView,
    }),
    *object_urls("families", "family", {"edit": views.FamilyEditView}),
]
