"""Celery tasks of the dashboard: thin calls into oversight.summary."""

from celery import shared_task

from . import summary


@shared_task
def refresh_dashboard() -> float:
    """Rebuild the dashboard's summary tables; return the seconds it took."""
    return summary.refresh().seconds
