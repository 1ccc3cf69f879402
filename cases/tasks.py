"""Celery tasks: thin calls into the case modules. Tasks take ids, never objects."""

from celery import shared_task

from . import notifications, submissions


@shared_task
def send_due_notifications() -> int:
    return notifications.send_due()


@shared_task
def remove_expired_kept_files() -> int:
    return submissions.remove_expired()
