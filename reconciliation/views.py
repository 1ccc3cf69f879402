"""Site-wide pages: the home page and the health check."""

import logging
import os
from datetime import datetime

import kombu
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.db import connection
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

from .tasks import HEARTBEAT_KEY

logger = logging.getLogger(__name__)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html")


@require_GET
@cache_control(public=True, max_age=7 * 24 * 3600)
def favicon(request: HttpRequest) -> FileResponse:
    """The site icon at the address browsers and feed readers ask for without reading the page's <link rel=icon>."""
    path = finders.find("favicon.ico")
    if not path:
        raise Http404
    return FileResponse(open(path, "rb"), content_type="image/vnd.microsoft.icon")  # noqa: SIM115 (FileResponse closes it)


# Each check must answer quickly even when a server is down or hangs: a load balancer
# calls /healthz every few seconds and a slow answer counts as a failure anyway. The broker
# gets Redis's own bound (settings.REDIS_TIMEOUT_SECONDS) for connecting and for its answer,
# so the whole check, heartbeat read included, answers within two seconds.


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception as exc:
        logger.warning("health check: the database did not answer (%s)", type(exc).__name__)
        return False


def _broker_ok() -> bool:
    """True when the broker of settings.CELERY_BROKER_URL accepts a connection within the timeout."""
    url = settings.CELERY_BROKER_URL
    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS or {}
    try:
        if url.startswith("filesystem://"):
            # The embedded broker is a folder: healthy when producers can write to it. Making
            # it is what the first producer would do anyway (kombu does not create it).
            folder = options["data_folder_out"]
            os.makedirs(folder, exist_ok=True)
            return os.access(folder, os.W_OK)
        timeout = settings.REDIS_TIMEOUT_SECONDS
        connection_options = {**options, "socket_connect_timeout": timeout, "socket_timeout": timeout}
        with kombu.Connection(url, connect_timeout=timeout, transport_options=connection_options) as conn:
            # No retries: one refused or timed-out attempt is the answer.
            conn.ensure_connection(max_retries=0, timeout=timeout)
        return True
    except Exception as exc:
        logger.warning("health check: the broker did not answer (%s)", type(exc).__name__)
        return False


def _heartbeat_age_seconds() -> int | None:
    """Seconds since a worker last ran the beat's heartbeat task, or None if unknown."""
    try:
        last = cache.get(HEARTBEAT_KEY)
    except Exception:
        return None
    if not last:
        return None
    try:
        return max(0, int((timezone.now() - datetime.fromisoformat(last)).total_seconds()))
    except (TypeError, ValueError):
        return None


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database and the broker answer, 503 otherwise.

    The worker heartbeat's age is information for the operator, not part of the verdict:
    a restarting worker must not take the web containers out of a load balancer.
    """
    checks = {"database": _database_ok(), "broker": _broker_ok()}
    healthy = all(checks.values())
    body: dict[str, object] = {
        "status": "ok" if healthy else "error",
        **{name: "ok" if ok else "error" for name, ok in checks.items()},
        "worker_heartbeat_age_seconds": _heartbeat_age_seconds(),
    }
    return JsonResponse(body, status=200 if healthy else 503)
