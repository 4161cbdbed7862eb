"""Issue 16: the sweeper queues again the jobs that went quiet (a message lost with Redis,
a worker killed as a whole) and fails a job after MAX_ATTEMPTS interrupted attempts."""

from datetime import timedelta

import pytest
from django.utils import timezone

from legalmap.exports import services
from legalmap.exports.models import Export


@pytest.fixture
def quiet_since(world):
    def make(**fields):
        export = Export.objects.create(map=world["map"], requested_by=world["owner"],
                                       format="csv", **fields)
        Export.objects.filter(pk=export.pk).update(
            heartbeat_at=timezone.now() - services.stale_after() - timedelta(seconds=1))
        return export
    return make


def test_it_reruns_a_queued_job_whose_message_was_lost(quiet_since, eager):
    export = quiet_since()

    swept = services.export_sweep()

    export.refresh_from_db()
    assert swept == {"requeued": [export.pk], "sent": [export.pk], "failed": []}
    assert (export.status, export.attempts, export.progress) == ("done", 1, 100)


def test_it_reruns_a_running_job_whose_worker_died(quiet_since, eager):
    export = quiet_since(status="running", attempts=1, progress=40,
                         started_at=timezone.now())

    services.export_sweep()

    export.refresh_from_db()
    assert (export.status, export.attempts) == ("done", 2)


def test_it_fails_a_job_interrupted_max_attempts_times(quiet_since, eager):
    export = quiet_since(status="running", attempts=services.MAX_ATTEMPTS,
                         started_at=timezone.now())

    swept = services.export_sweep()

    export.refresh_from_db()
    assert swept == {"requeued": [], "sent": [], "failed": [export.pk]}
    assert export.status == "failed"
    assert export.error.startswith("failed: the export was interrupted 3 times")


def test_it_leaves_a_job_with_a_fresh_heartbeat_alone(world, eager):
    export = Export.objects.create(map=world["map"], requested_by=world["owner"],
                                   format="csv", status="running", attempts=1,
                                   started_at=timezone.now())

    assert services.export_sweep() == {"requeued": [], "sent": [], "failed": []}
    export.refresh_from_db()
    assert export.status == "running"


def test_a_swept_job_is_not_queued_again_until_it_goes_quiet_again(quiet_since):
    export = quiet_since()  # not eager-run here: no `eager`, the broker is the memory one

    first = services.export_sweep()
    second = services.export_sweep()

    assert first["requeued"] == [export.pk]
    assert second["requeued"] == []


def test_the_export_and_sweep_tasks_survive_a_lost_worker(settings):
    from legalmap.exports.tasks import render_export, sweep_exports

    assert (render_export.acks_late, render_export.reject_on_worker_lost) == (True, True)
    assert settings.CELERY_BEAT_SCHEDULE["sweep-exports"]["task"] == sweep_exports.name
