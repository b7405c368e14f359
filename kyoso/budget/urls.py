from django.urls import path

from kyoso.core.urls import object_urls

from . import views

app_name = "budget"
urlpatterns = [
    path("budget/", views.FundView.as_view(), name="home"),
    path("budget/<slug:slug>/sync/", views.SyncAccrualsView.as_view(), name="sync"),
    path("budget/cost-totals/", views.CostTotalsView.as_view(), name="cost_totals"),
    *object_urls("budget/ledger", "ledgerentry", {"list": views.LedgerEntryListView, "detail": views.LedgerEntryDetailView}),
    path("budget/ledger/add/", views.AccrualAddView.as_view(), name="ledgerentry_add"),
    path("budget/ledger/<int:pk>/reverse/", views.ReverseEntryView.as_view(), name="ledgerentry_reverse"),
    *object_urls("budget/costs", "cost", {"list": views.CostListView, "detail": views.CostDetailView,
                                          "edit": views.CostEditView}),
    *object_urls("budget/projects", "grant", {"list": views.GrantListView, "detail": views.GrantDetailView,
                                              "edit": views.GrantEditView}),
]
