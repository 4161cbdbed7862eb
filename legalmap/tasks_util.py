"""Queue a Celery task after the transaction commits, and never let the queueing fail the
request (issue 16).

The row the caller wrote (an Export, a Notification, an Article) is the record of the
work; the broker message is only a nudge. If Redis is down when the transaction commits,
the message is lost but the row is not: the failure is logged, the request that already
committed answers normally, and a sweeper (exports/services.py ``export_sweep``) queues the
job again later. This replaces ``delay_on_commit`` and ``on_commit(partial(...),
robust=True)``: the latter's own error path logs ``func.__qualname__``, which a
``functools.partial`` lacks, so it raised instead of logging.
"""

import logging

import kombu.exceptions
import redis.exceptions
from django.db import transaction

logger = logging.getLogger(__name__)

# What a broker that is down or unreachable raises on publish: Celery wraps connection
# errors in kombu's OperationalError; a raw socket error or redis-py error may get through.
BROKER_ERRORS = (kombu.exceptions.OperationalError, redis.exceptions.RedisError, OSError)


def enqueue(task, *args) -> bool:
    """Send the task now; False (and a log line) if it could not be sent."""
    try:
        task.apply_async(args=args)
    except BROKER_ERRORS as error:
        logger.warning("could not queue %s%r: %s: %s", task.name, args,
                       type(error).__name__, error)
        return False
    except Exception:
        # Eager Celery (no broker configured) runs the task here: its failure must not
        # undo a write that already committed either.
        logger.exception("queueing %s%r failed", task.name, args)
        return False
    return True


def enqueue_on_commit(task, *args, using=None) -> None:
    """Send the task once the current transaction commits (at once outside one)."""

    def send_task():  # a named function, not a partial: see the module docstring
        enqueue(task, *args)

    transaction.on_commit(send_task, using=using)
