"""A real Celery worker (prefork, on Redis) killed mid-job: the export still finishes
(issue 7). Two deaths: the pool process alone (Celery gives the message back at once,
thanks to reject_on_worker_lost) and the whole worker (Redis gives the unacknowledged
message back after the visibility timeout, here a few seconds)."""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from legalmap.exports.models import Export
from legalmap.exports.tasks import render_export

ROOT = Path(__file__).resolve().parents[2]
CELERY = Path(sys.executable).with_name("celery")

pytestmark = [pytest.mark.needs_services, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("a worker process shares the test database only on PostgreSQL")


@pytest.fixture
def queue():
    # A queue of our own: no other worker on this Redis takes our messages.
    return f"exports-test-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def workers(queue, tmp_path, settings):
    started = []
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media

    def start(render_delay: float):
        db = connection.settings_dict
        env = os.environ | {
            "DJANGO_SETTINGS_MODULE": "tests.exports.worker_settings",
            "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:"
                            f"{db['PORT'] or 5432}/{db['NAME']}",
            "REDIS_URL": os.environ["REDIS_URL"],
            "CELERY_VISIBILITY_TIMEOUT": "4",
            "EXPORTS_RECLAIM_AFTER": "3",
            "EXPORTS_TEST_RENDER_DELAY": str(render_delay),
            "MEDIA_ROOT": str(media),
        }
        log = open(tmp_path / f"worker{len(started)}.log", "w")
        process = subprocess.Popen(
            [str(CELERY), "-A", "legalmap", "worker", "--pool=prefork", "-c", "1", "-Q", queue,
             "--without-gossip", "--without-mingle", "-l", "info"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True)  # its own process group: the pool child dies with it
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)


def _wait_for(export, predicate, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        export.refresh_from_db()
        if predicate(export):
            return export
        time.sleep(0.2)
    raise AssertionError(f"gave up waiting: export is {export.status} "
                         f"(attempts {export.attempts}, progress {export.progress})")


def _pool_child(worker) -> int:
    children = Path(f"/proc/{worker.pid}/task/{worker.pid}/children").read_text().split()
    return int(children[0])


def _queued_export(world, queue):
    export = Export.objects.create(map=world["map"], requested_by=world["owner"], format="csv")
    render_export.apply_async((export.pk,), queue=queue)
    return export


def test_a_killed_worker_is_replaced_and_the_export_finishes(world, queue, workers):
    first = workers(render_delay=30)
    export = _queued_export(world, queue)
    _wait_for(export, lambda e: e.status == "running", 60)

    os.killpg(first.pid, signal.SIGKILL)  # the whole worker, mid-render
    first.wait(10)
    workers(render_delay=0)

    export = _wait_for(export, lambda e: e.status in ("done", "failed"), 90)
    assert (export.status, export.attempts, export.progress) == ("done", 2, 100)
    assert Path(settings.MEDIA_ROOT, export.file.name).read_bytes().startswith(
        "\ufefflink,source".encode())


def test_a_killed_pool_process_leaves_the_job_retried_not_stuck(world, queue, workers):
    worker = workers(render_delay=8)
    export = _queued_export(world, queue)
    _wait_for(export, lambda e: e.status == "running", 60)

    os.kill(_pool_child(worker), signal.SIGKILL)  # the parent lives on and forks a new child

    # The new child renders slowly too (8 s): the job is claimed again and finishes.
    export = _wait_for(export, lambda e: e.status in ("done", "failed"), 90)
    assert (export.status, export.attempts) == ("done", 2)
