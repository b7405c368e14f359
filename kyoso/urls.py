"""Top-level URLs: the web UI per domain app, the REST API under /api/, auth and i18n."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from kyoso.accounts.forms import SignInForm
from kyoso.core import pages

api_patterns = [
    path("", include("kyoso.parties.api.urls")),
    path("", include("kyoso.consortia.api.urls")),
    path("", include("kyoso.agreements.api.urls")),
    path("", include("kyoso.ip.api.urls")),
    path("", include("kyoso.licensing.api.urls")),
    path("", include("kyoso.budget.api.urls")),
    path("", include("kyoso.portfolio.api.urls")),
    path("", include("kyoso.docket.api.urls")),
]

urlpatterns = [
    path("", pages.DashboardView.as_view(), name="dashboard"),
    path("login/", auth_views.LoginView.as_view(template_name="core/login.html", authentication_form=SignInForm), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", pages.set_language, name="set_language"),
    path("events/", pages.EventListView.as_view(), name="event_list"),
    path("import/", include("kyoso.core.importing.urls")),
    path("", include("kyoso.parties.urls")),
    path("", include("kyoso.consortia.urls")),
    path("", include("kyoso.agreements.urls")),
    path("", include("kyoso.ip.urls")),
    path("", include("kyoso.licensing.urls")),
    path("", include("kyoso.budget.urls")),
    path("", include("kyoso.portfolio.urls")),
    path("", include("kyoso.docket.urls")),
    path("api/", include(api_patterns)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", login_required(SpectacularSwaggerView.as_view(url_name="api-schema")), name="api-docs"),
    path("api/auth/", include("rest_framework.urls")),
    path("admin/", admin.site.urls),
]
