"""Notifications: a row per recipient in the writer's transaction, an email after commit.

The row is the unread count's source of truth and is written with the event that caused
it, so the two never disagree. The email is a Celery task queued on commit with the
row's id only: the worker must never see a notification the database then rolls back.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from legalmap.tasks_util import enqueue_on_commit

from .models import Notification

SUBJECTS = {
    "comment.created": "{actor} commented on “{map}”",
    "comment.replied": "{actor} replied to your comment on “{map}”",
    "map.submitted": "“{map}” was submitted for review (round {round})",
    "round.finished": "Review of “{map}” finished: {outcome}",
}


def notify(recipients: dict, *, actor, argument_map, comment=None,
           review_round=None) -> list[Notification]:
    """One notification per recipient (user → verb), never to the actor themselves."""
    rows = [
        Notification(recipient=user, actor=actor, verb=verb, map=argument_map,
                     comment=comment, round=review_round)
        for user, verb in recipients.items()
        if user.pk != actor.pk and user.is_active
    ]
    rows = Notification.objects.bulk_create(rows)
    from .tasks import send_notification_email

    for row in rows:
        # The mail is a courtesy; if the broker is down (or, with eager Celery, SMTP is)
        # the comment already committed and the request must not turn into a 500.
        enqueue_on_commit(send_notification_email, row.pk)
    return rows


def _site_url(path: str) -> str:
    return getattr(settings, "SITE_URL", "").rstrip("/") + path


def render_email(notification: Notification) -> tuple[str, str]:
    """(subject, plain-text body) for a notification."""
    argument_map = notification.map
    review_round = notification.round
    actor = notification.actor.username if notification.actor else "Someone"
    subject = SUBJECTS[notification.verb].format(
        actor=actor, map=argument_map.title,
        round=review_round.number if review_round else "",
        outcome=review_round.get_outcome_display().lower() if review_round else "")
    context = {
        "notification": notification, "recipient": notification.recipient, "actor": actor,
        "map": argument_map, "comment": notification.comment, "round": review_round,
        "map_url": _site_url(reverse("map-page", args=[argument_map.pk])),
    }
    template = f"reviews/email/{notification.verb.replace('.', '_')}.txt"
    return subject, render_to_string(template, context)


def deliver(notification_id: int) -> str:
    """Send one notification's email, at most once; returns what happened (for logs)."""
    # Claim first, by a conditional UPDATE: a redelivered task finds it claimed and stops.
    claimed = Notification.objects.filter(
        pk=notification_id, emailed_at__isnull=True).update(emailed_at=timezone.now())
    if not claimed:
        return "already sent, or no such notification"
    notification = Notification.objects.select_related(
        "recipient", "actor", "map", "comment", "round").get(pk=notification_id)
    recipient = notification.recipient
    if not recipient.email:
        return "recipient has no email address"
    from legalmap.maps.selectors import map_role

    if map_role(recipient, notification.map) is None:
        return "recipient can no longer read the map"  # e.g. a reviewer removed meanwhile
    subject, body = render_email(notification)
    try:
        send_mail(subject, body, None, [recipient.email])
    except Exception:
        # Give the claim back so the retry (autoretry on SMTP errors) can send.
        Notification.objects.filter(pk=notification_id).update(emailed_at=None)
        raise
    return "sent"
