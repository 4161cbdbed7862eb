"""Settings for the Celery worker that tests/exports/test_real_worker.py starts.

The project's settings, plus: a short reclaim delay (a dead attempt's claim goes stale in
seconds, not minutes) and a slow render, so that the test can kill the worker mid-job.
"""

import os
import time

from celery.signals import worker_process_init

from legalmap.settings import *  # noqa: F403

EXPORTS_RECLAIM_AFTER = int(os.environ.get("EXPORTS_RECLAIM_AFTER", "3"))
# Sweep for messages of dead workers every second (kombu's default is every ~100 s).
CELERY_BROKER_TRANSPORT_OPTIONS = CELERY_BROKER_TRANSPORT_OPTIONS | {  # noqa: F405
    "unacked_restore_interval": 1, "unacked_restore_throttle": 1}
RENDER_DELAY = float(os.environ.get("EXPORTS_TEST_RENDER_DELAY", "0"))


@worker_process_init.connect
def _slow_render(**kwargs):
    """In each pool process: render only after RENDER_DELAY seconds (the job is running)."""
    from legalmap.exports import formats

    render = formats.Renderer.render

    def slow(self, bundle):
        time.sleep(RENDER_DELAY)
        return render(self, bundle)

    formats.Renderer.render = slow
