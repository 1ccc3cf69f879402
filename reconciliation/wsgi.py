"""WSGI entry point (gunicorn reconciliation.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reconciliation.settings")
application = get_wsgi_application()
