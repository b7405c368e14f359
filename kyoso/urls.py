"""Top-level URLs: the web UI per domain app, the REST API under /api/ (its root lists the endpoints), auth and i18n."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from kyoso.accounts.forms import SignInForm
from kyoso.core import export_views, pages, saved_filters, search_views
from kyoso.core.routers import ApiRootView

#: The API of each app, lowest layer first: its ``router`` names the routes after the models.
API_URLCONFS = (
    "kyoso.parties.api.urls",
    "kyoso.consortia.api.urls",
    "kyoso.agreements.api.urls",
    "kyoso.ip.api.urls",
    "kyoso.licensing.api.urls",
    "kyoso.budget.api.urls",
    "kyoso.portfolio.api.urls",
    "kyoso.docket.api.urls",
    "kyoso.programmes.api.urls",
    "kyoso.transfer.api.urls",
    "kyoso.documents.api.urls",
)

api_patterns = [path("", include(urlconf)) for urlconf in API_URLCONFS]

urlpatterns = [
    path("", pages.DashboardView.as_view(), name="dashboard"),
    path("login/", auth_views.LoginView.as_view(template_name="core/login.html", authentication_form=SignInForm), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", pages.set_language, name="set_language"),
    path("events/", pages.EventListView.as_view(), name="event_list"),
    path("exports/", export_views.PreparedExportListView.as_view(), name="prepared_export_list"),
    path("exports/<int:pk>/download/", export_views.PreparedExportDownloadView.as_view(), name="prepared_export_download"),
    path("sources/", pages.SourcesView.as_view(), name="sources"),
    path("charts/", pages.ChartsView.as_view(), name="charts"),
    path("search/", search_views.SearchView.as_view(), name="search"),
    path("autocomplete/<slug:kind>/", search_views.AutocompleteView.as_view(), name="autocomplete"),
    path("saved-filters/add/", saved_filters.add_view, name="saved_filter_add"),
    path("saved-filters/<int:pk>/delete/", saved_filters.delete_view, name="saved_filter_delete"),
    path("import/", include("kyoso.core.importing.urls")),
    path("", include("kyoso.inbox.urls")),
    path("", include("kyoso.accounts.urls")),
    path("", include("kyoso.parties.urls")),
    path("", include("kyoso.consortia.urls")),
    path("", include("kyoso.agreements.urls")),
    path("", include("kyoso.ip.urls")),
    path("", include("kyoso.licensing.urls")),
    path("", include("kyoso.budget.urls")),
    path("", include("kyoso.portfolio.urls")),
    path("", include("kyoso.docket.urls")),
    path("", include("kyoso.survey.urls")),
    path("", include("kyoso.programmes.urls")),
    path("", include("kyoso.transfer.urls")),
    path("", include("kyoso.documents.urls")),
    path("", include("kyoso.reports.urls")),
    path("api/", ApiRootView.as_view(urlconfs=API_URLCONFS), name="api-root"),
    path("api/", include(api_patterns)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", login_required(SpectacularSwaggerView.as_view(url_name="api-schema")), name="api-docs"),
    path("api/auth/", include("rest_framework.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "kyoso.core.errors.permission_denied"
handler404 = "kyoso.core.errors.page_not_found"
handler500 = "kyoso.core.errors.server_error"
