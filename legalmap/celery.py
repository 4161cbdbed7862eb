import logging
import os
import threading

from celery import Celery
from celery.signals import worker_ready, worker_shutdown

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "legalmap.settings")

app = Celery("legalmap")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger(__name__)
_heartbeat_stop = threading.Event()


def redis_client():
    """A Redis client with short timeouts for the heartbeat and /healthz; None without
    REDIS_URL (eager Celery, no worker to watch)."""
    import redis
    from django.conf import settings

    if not settings.REDIS_URL:
        return None
    return redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1,
                                socket_timeout=1)


def _beat_forever(interval: float, key: str) -> None:
    """Say "a worker is up" every ``interval`` seconds with a time-to-live of three beats.

    A key the worker writes, rather than ``inspect ping`` from /healthz: reading a key is
    one round trip, while a ping is a broadcast that waits its whole timeout for replies
    and would make every health check slow exactly when a worker is missing.
    """
    client = redis_client()
    while client is not None:
        try:
            client.set(key, "1", ex=int(interval * 3))
        except Exception as error:  # Redis down: /healthz reports that on its own
            logger.warning("worker heartbeat not written: %s: %s", type(error).__name__, error)
        if _heartbeat_stop.wait(interval):
            return


@worker_ready.connect
def on_worker_ready(**kwargs):
    """Sweep once (jobs left by a worker that died, messages lost while Redis was down),
    then start the heartbeat that /healthz reads."""
    from django.conf import settings

    from legalmap.exports.services import export_sweep

    try:
        export_sweep()
    except Exception:  # a worker that cannot sweep can still work; beat sweeps again
        logger.exception("export sweep at worker start failed")
    _heartbeat_stop.clear()
    threading.Thread(target=_beat_forever, name="legalmap-heartbeat", daemon=True,
                     args=(settings.WORKER_HEARTBEAT_SECONDS,
                           settings.WORKER_HEARTBEAT_KEY)).start()


@worker_shutdown.connect
def on_worker_shutdown(**kwargs):
    _heartbeat_stop.set()
