"""Site-wide periodic tasks."""

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

HEARTBEAT_KEY = "celery:heartbeat"


@shared_task
def record_heartbeat() -> str:
    """Store the time a worker last ran a beat task, so /healthz can show the pipeline works."""
    now = timezone.now().isoformat()
    cache.set(HEARTBEAT_KEY, now, timeout=None)
    return now
