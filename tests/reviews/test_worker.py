"""A real Celery worker on the local Redis delivers the notification email, and only
after the transaction that wrote the comment commits (issue 6)."""

import os
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.db import transaction

from legalmap.celery import app
from legalmap.reviews import services
from legalmap.reviews.models import Notification

WORKER_CONF = ("broker_url", "task_always_eager", "result_backend")


@pytest.fixture
def real_worker(settings):
    """A worker thread (solo pool) consuming from REDIS_URL; Celery's eager mode off."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    saved = {key: app.conf[key] for key in WORKER_CONF}
    app.conf.update(broker_url=os.environ["REDIS_URL"], task_always_eager=False,
                    result_backend=None)
    # Other tests of this run queue tasks on the same broker (article analysis after
    # load_seeds, say); this worker is here for one message, not for their leftovers.
    app.control.purge()
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20):
            yield
    finally:
        app.conf.update(saved)


def _wait_for_mail(seconds=15.0):
    deadline = time.monotonic() + seconds
    while not mail.outbox and time.monotonic() < deadline:
        time.sleep(0.05)
    return list(mail.outbox)


@pytest.mark.needs_services
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_mails_the_owner_only_after_the_comment_commits(world, real_worker):
    mail.outbox.clear()

    with transaction.atomic():
        services.comment_create(argument_map=world["map"], actor=world["reviewer"],
                                link=world["support"], body="Which authority says so?")
        time.sleep(1.0)  # a worker that got the task now would have sent it by now
        assert mail.outbox == []

    delivered = _wait_for_mail()

    assert [(m.to, m.subject) for m in delivered] == [
        (["alice@example.org"], "charlie commented on “Boat strikes”")]
    assert Notification.objects.get().emailed_at is not None
