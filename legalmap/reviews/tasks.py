"""Celery tasks of reviews: take ids, re-fetch, call a service (STYLE.md habit 6)."""

import smtplib

from celery import shared_task

from . import notifications


@shared_task(
    # Only what a retry can cure: the mail server refusing or the network failing.
    autoretry_for=(smtplib.SMTPException, ConnectionError, TimeoutError),
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=6,
    soft_time_limit=45,
    time_limit=60,
    acks_late=True,
)
def send_notification_email(notification_id: int) -> str:
    return notifications.deliver(notification_id)
