"""WSGI entry point (gunicorn kyoso.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

from kyoso.core.checks import refuse_development_key
from kyoso.serving import settle

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kyoso.settings")
application = get_wsgi_application()
refuse_development_key()  # a served kyoso needs its own SECRET_KEY (unless DEBUG)
settle()  # after Django has loaded the apps; with gunicorn --preload the workers share the frozen heap
