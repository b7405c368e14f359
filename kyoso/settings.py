"""kyoso settings, read from the environment.

SQLite under ``var/`` by default (zero set-up); PostgreSQL when ``DATABASE_URL`` is set, e.g.
``postgresql://postgres@127.0.0.1:5432/kyoso``. Secrets may come from ``*_FILE`` variables.
"""

import os
import secrets
from decimal import Decimal
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

from kyoso.documents.storage import document_storage_settings

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("KYOSO_VAR_DIR", PROJECT_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)

env = environ.Env()


def _secret(name: str, default: str | None = None) -> str | None:
    """Read ``NAME`` or the file named by ``NAME_FILE`` (Docker/systemd secrets)."""
    if path := os.environ.get(f"{name}_FILE"):
        return Path(path).read_text().strip()
    return os.environ.get(name, default)


def _dev_secret_key() -> str:
    """A key for development and tests, kept in var/ (readable by its owner only, never committed).

    A served kyoso (``kyoso.wsgi``, gunicorn) refuses to start on it unless ``DEBUG`` is on, and
    ``kyoso check --deploy`` names it: production sets ``SECRET_KEY`` (or ``SECRET_KEY_FILE``).
    """
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    key_file.chmod(0o600)  # files written by earlier versions were world-readable
    return key_file.read_text().strip()


SECRET_KEY = _secret("SECRET_KEY")
#: True when no SECRET_KEY was given and the development key in var/ is used instead.
KYOSO_DEVELOPMENT_SECRET_KEY = not SECRET_KEY
SECRET_KEY = SECRET_KEY or _dev_secret_key()
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# --- HTTPS: on when SITE_URL is https (each setting can still be overridden) --------------------
HTTPS = SITE_URL.startswith("https://")
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=HTTPS)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=HTTPS)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=HTTPS)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=HTTPS)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
if env.bool("BEHIND_HTTPS_PROXY", default=False):
    # The proxy (nginx, a load balancer) ends TLS and says so in this header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_tables2",
    "simple_history",
    # kyoso, lowest layer first
    "kyoso.core",
    "kyoso.parties",
    "kyoso.consortia",
    "kyoso.accounts",  # a user's profile names the consortia a CPO runs
    "kyoso.inbox",  # notifications and "My work": every app above may notify
    "kyoso.agreements",
    "kyoso.ip",
    "kyoso.docket",
    "kyoso.licensing",
    "kyoso.budget",
    "kyoso.portfolio",
    "kyoso.programmes",  # public funding programmes: above the four top apps (reads docket, budget, agreements)
    "kyoso.survey",  # the MEXT survey: reads agreements, filings and licences
    "kyoso.transfer",  # technology transfer: above licensing (a won deal creates the licence) and the docket
    "kyoso.documents",  # files kept beside the records of the apps above (their scope is the record's)
    "kyoso.reports",  # printable reports (PDF): a consortium's annual IP report, a company's rights statement
    "kyoso.demo",  # the demo builder and its commands, above everything
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kyoso.accounts.middleware.UserLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kyoso.accounts.middleware.NoRoleHomeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "kyoso.urls"
WSGI_APPLICATION = "kyoso.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "kyoso.core.context_processors.navigation",
                "kyoso.inbox.context_processors.unread",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'kyoso.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at BEGIN so
    # two writers queue on busy_timeout instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
elif DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):
    # No JIT compilation: the planner's cost of a query that tests each row with a subquery (a
    # company's deadline list) runs into the millions, which starts LLVM compiling for ≈ 300 ms a
    # query that then runs in 10–100 ms. PostgreSQL's documentation suggests turning JIT off for
    # short interactive queries; kyoso's reports are no long analytic scans either.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = " ".join(filter(None, [options.get("options", ""), "-c jit=off"]))
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# One connection per thread, kept between requests (PostgreSQL: a new connection costs a few ms of
# authentication per request) and checked before reuse, so a restarted database costs one error-free
# reconnect instead of a 500. ``CONN_MAX_AGE=0`` closes each one after its request, as Django's default.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in throttling (kyoso.accounts.lockout): this many failures lock a user name (or, for API
# tokens, an address) for this many minutes.
AUTHENTICATION_BACKENDS = ["kyoso.accounts.lockout.LockoutBackend"]
KYOSO_SIGNIN_FAILURE_LIMIT = env.int("KYOSO_SIGNIN_FAILURE_LIMIT", default=5)
KYOSO_SIGNIN_LOCKOUT_MINUTES = env.int("KYOSO_SIGNIN_LOCKOUT_MINUTES", default=15)
# Invitations (kyoso.accounts.invitations): a link to set one's password works once, for this many days.
KYOSO_INVITATION_DAYS = env.int("KYOSO_INVITATION_DAYS", default=7)
# Imports (kyoso.core.importing): every upload path (web, royalty reports, ``kyoso import``) refuses a
# file over these limits, naming them. The row limit is what one import's memory allows: a row
# validated and built takes 3–5 KB (measured on agreements and inventions), so 20,000 rows stay
# near 100 MB of worker memory. Cells longer than the cell limit are refused, not truncated.
KYOSO_IMPORT_MAX_BYTES = env.int("KYOSO_IMPORT_MAX_BYTES", default=10 * 1024 * 1024)
KYOSO_IMPORT_MAX_ROWS = env.int("KYOSO_IMPORT_MAX_ROWS", default=20_000)
KYOSO_IMPORT_MAX_CELL_CHARS = env.int("KYOSO_IMPORT_MAX_CELL_CHARS", default=10_000)
# SQLite's page cache (MB) of the connection writing a bulk import, for that write only (the
# default is 2 MB): its inserts touch every index of the tables it fills, and re-reading evicted
# pages held the write lock longer (10,000 inventions with filings after 10,000 agreements: about
# 0.1 s of 1.9 s on the demo; more on a national-scale database).
KYOSO_IMPORT_SQLITE_CACHE_MB = env.int("KYOSO_IMPORT_SQLITE_CACHE_MB", default=64)
# Exports (kyoso.core.export, kyoso.core.prepared_exports): lists stream as CSV/XLSX; above this many
# rows (about 20 s of writing at national scale) the export is prepared in the background and
# offered under "My exports", where files are kept this many days. An export left running this
# many minutes (its worker restarted) is taken over by ``kyoso exports run``.
KYOSO_EXPORT_BACKGROUND_ROWS = env.int("KYOSO_EXPORT_BACKGROUND_ROWS", default=50_000)
KYOSO_EXPORT_KEEP_DAYS = env.int("KYOSO_EXPORT_KEEP_DAYS", default=7)
KYOSO_EXPORT_STALE_MINUTES = env.int("KYOSO_EXPORT_STALE_MINUTES", default=30)
KYOSO_EXPORT_THREADS = env.bool("KYOSO_EXPORT_THREADS", default=True)
# Uploads above 2.5 MB go to a temporary file, not memory; form fields (not files) stay small.
FILE_UPLOAD_MAX_MEMORY_SIZE = env.int("FILE_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
FORMAT_MODULE_PATH = ["kyoso.formats"]
LANGUAGES = [("en", _("English")), ("ja", _("Japanese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = VAR_DIR / "media"
# Documents (kyoso.documents): kept in var/media/documents (KYOSO_DOCUMENT_ROOT; inside the media
# folder, so ``kyoso backup`` archives them), never served, or in an S3-compatible bucket with KYOSO_DOCUMENT_STORAGE=s3 (see kyoso/documents/storage.py
# and docs/documents.md). Each file is at most this size; the types allowed are in kyoso/documents/checks.py.
STORAGES["documents"] = document_storage_settings(env, MEDIA_ROOT / "documents")
KYOSO_DOCUMENT_MAX_BYTES = env.int("KYOSO_DOCUMENT_MAX_BYTES", default=20 * 1024 * 1024)

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="kyoso@localhost")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "kyoso.accounts.lockout.LockoutTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["kyoso.core.permissions.ScopedPermission"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    # Every list: counts capped at 10,000 (null beyond) and pages read keys first, as the web lists.
    "DEFAULT_PAGINATION_CLASS": "kyoso.core.views.CappedCountPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "kyoso API",
    "DESCRIPTION": "Consortia, agreements, contributions and the pooled IP of joint research. "
    "Every endpoint returns only what the caller's role may see.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema describes every endpoint and field: for signed-in users only.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Same field name, different meaning in different apps: give each choice set its own name.
    "ENUM_NAME_OVERRIDES": {
        "FundingSourceEnum": "kyoso.agreements.choices.FundingSource",
        "LedgerSourceEnum": "kyoso.budget.choices.Source",
        "LicensingDecisionEnum": "kyoso.licensing.choices.Decision",
        "ReviewDecisionEnum": "kyoso.portfolio.choices.Decision",
        "DocumentKindEnum": "kyoso.documents.choices.DocumentKind",
    },
}

DJANGO_TABLES2_TEMPLATE = "django_tables2/table.html"
DJANGO_TABLES2_PAGE_RANGE = 8

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

# --- docket -----------------------------------------------------------------------------------
# Computed deadlines further back than this are not created (they were handled before kyoso).
DOCKET_BACKFILL_DAYS = env.int("DOCKET_BACKFILL_DAYS", default=60)
# Default reminder lead times in days; each user may set their own on the calendar page.
DOCKET_REMINDER_LEAD_DAYS = tuple(env.list("DOCKET_REMINDER_LEAD_DAYS", cast=int, default=[90, 30, 7]))
# Planning exchange rates for foreign fees in the forecast (an assumption, editable on the page).
DOCKET_EXCHANGE_RATES = {
    "USD": Decimal(env.str("DOCKET_RATE_USD", default="150")),
    "EUR": Decimal(env.str("DOCKET_RATE_EUR", default="160")),
}
