"""Celery tasks: thin calls into the case modules. Tasks take ids, never objects."""

from celery import shared_task

from . import notifications


@shared_task
def send_due_notifications() -> int:
    return notifications.send_due()
