"""WSGI entry point (gunicorn kyoso.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kyoso.settings")
application = get_wsgi_application()
