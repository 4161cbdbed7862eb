"""Export jobs (issue 7): POST → 202 + Location; GET → status and progress; download → the
file, 409 while it runs, 410 with the reason when it failed; a redelivery is a no-op; a job
abandoned by a dead worker is taken over once its claim is stale."""

from datetime import timedelta

import pytest
from django.utils import timezone

from legalmap.exports import services
from legalmap.exports.models import Export
from legalmap.exports.tasks import render_export


def _url(export, suffix=""):
    return f"/api/maps/{export.map_id}/exports/{export.pk}/{suffix}"


def _queued(world, format="csv", **fields):
    return Export.objects.create(map=world["map"], requested_by=world["owner"], format=format,
                                 **fields)


def test_it_accepts_a_request_with_202_and_the_job_url(world, api,
                                                       django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = api.post(f"/api/maps/{world['map'].pk}/exports/", {"format": "aif"},
                            format="json")

    export = Export.objects.get()
    url = f"http://testserver{_url(export)}"
    assert response.status_code == 202
    assert response["Location"] == url
    assert response.json() == {
        "id": export.pk, "url": url, "format": "aif", "paper": "a4", "status": "queued",
        "progress": 0, "requested_by": "alice",
        "created_at": export.created_at.isoformat().replace("+00:00", "Z"),
        "finished_at": None, "filename": f"boat-strikes-{export.map_id}.aif.json",
        "download_url": None, "error": None}
    assert len(queued) == 1  # the task is queued only when the transaction commits


def test_it_rejects_an_unknown_format(world, api):
    response = api.post(f"/api/maps/{world['map'].pk}/exports/", {"format": "docx"},
                        format="json")

    assert response.status_code == 400
    assert response.json() == {"format": ['"docx" is not a valid choice.']}
    assert Export.objects.count() == 0


def test_the_job_runs_on_commit_and_offers_the_file(world, api, eager,
                                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(f"/api/maps/{world['map'].pk}/exports/", {"format": "csv"},
                            format="json")
    export = Export.objects.get(pk=response.json()["id"])

    job = api.get(_url(export)).json()
    download = api.get(_url(export, "download/"))

    assert (job["status"], job["progress"], job["error"]) == ("done", 100, None)
    assert job["download_url"] == f"http://testserver{_url(export, 'download/')}"
    assert download.status_code == 200
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    assert download["Content-Disposition"] == \
        f'attachment; filename="boat-strikes-{export.map_id}.csv"'
    body = b"".join(download.streaming_content).decode("utf-8-sig")
    assert body.splitlines()[0] == "link,source,relation,target,rationale,verdicts"


def test_download_while_running_is_409_with_progress(world, api):
    export = _queued(world, status="running", progress=40, attempts=1,
                     started_at=timezone.now())

    response = api.get(_url(export, "download/"))

    assert response.status_code == 409
    assert response["Retry-After"] == "2"
    assert (response.json()["detail"], response.json()["status"], response.json()["progress"]) \
        == ("The export is not ready yet.", "running", 40)


def test_a_failed_job_says_why_and_its_download_is_gone(world, api):
    export = _queued(world, status="failed", error="The diagram could not be drawn: dot crashed.")

    job = api.get(_url(export)).json()
    download = api.get(_url(export, "download/"))

    assert (job["status"], job["error"]) == (
        "failed", "The diagram could not be drawn: dot crashed.")
    assert download.status_code == 410
    assert download.json() == {"detail": "The diagram could not be drawn: dot crashed.",
                               "status": "failed"}


def test_a_render_error_fails_the_job_with_a_reason(world, monkeypatch):
    from legalmap.maps import diagram

    def broken(*args, **kwargs):
        raise diagram.DiagramError("dot exited with status 1")

    monkeypatch.setattr(diagram, "render_svg", broken)
    export = _queued(world, format="svg")

    assert render_export(export.pk) == "failed"

    export.refresh_from_db()
    assert (export.status, export.error, export.file.name) == (
        "failed", "The diagram could not be drawn: dot exited with status 1", "")


def test_a_redelivered_message_is_a_no_op(world):
    export = _queued(world)

    first, second = render_export(export.pk), render_export(export.pk)

    export.refresh_from_db()
    assert (first, second) == ("done", "skipped: the job is already done or failed")
    assert (export.status, export.attempts) == ("done", 1)


def test_a_job_running_elsewhere_is_not_claimed_twice(world):
    export = _queued(world, status="running", attempts=1, started_at=timezone.now())

    assert services.export_claim(export_id=export.pk) is False

    export.refresh_from_db()
    assert (export.status, export.attempts) == ("running", 1)


def test_a_delivery_meeting_a_live_claim_asks_again_when_it_would_be_stale(world):
    """A pool process killed mid-job has its message given back at once; the claim it left
    looks alive, so the task retries once the claim is stale instead of dropping the job."""
    export = _queued(world, status="running", attempts=1, started_at=timezone.now())

    with pytest.raises(services.ClaimHeld) as held:
        services.export_run(export_id=export.pk)

    expected = services.reclaim_after().total_seconds() + 1
    assert expected - 5 < held.value.retry_in <= expected


def test_a_job_abandoned_by_a_dead_worker_is_claimed_again(world):
    stale = timezone.now() - services.reclaim_after() - timedelta(seconds=1)
    export = _queued(world, status="running", attempts=1, started_at=stale, progress=40)

    assert render_export(export.pk) == "done"

    export.refresh_from_db()
    assert (export.status, export.attempts, export.progress) == ("done", 2, 100)


def test_reclaim_waits_for_the_task_time_limit():
    from legalmap.exports.tasks import render_export as task

    assert services.reclaim_after() > timedelta(seconds=task.time_limit)


def test_a_job_abandoned_too_often_fails_instead_of_looping(world):
    stale = timezone.now() - services.reclaim_after() - timedelta(seconds=1)
    export = _queued(world, status="running", attempts=services.MAX_ATTEMPTS, started_at=stale)

    assert services.export_claim(export_id=export.pk) is False

    export.refresh_from_db()
    assert (export.status, export.error) == (
        "failed", "The export was interrupted 3 times (the worker stopped); "
                  "please request it again.")


def test_outsiders_cannot_see_a_maps_exports(world, client_for):
    export = _queued(world)

    assert client_for(world["outsider"]).get(_url(export)).status_code == 404
    assert client_for(world["outsider"]).post(
        f"/api/maps/{world['map'].pk}/exports/", {"format": "csv"}, format="json"
    ).status_code == 404


def test_a_reviewer_may_export(world, client_for):
    response = client_for(world["reviewer"]).post(
        f"/api/maps/{world['map'].pk}/exports/", {"format": "argdown"}, format="json")

    assert response.status_code == 202


def test_the_list_shows_recent_jobs_of_the_map(world, api):
    older, newer = _queued(world), _queued(world, format="svg")

    response = api.get(f"/api/maps/{world['map'].pk}/exports/")

    assert [job["id"] for job in response.json()] == [newer.pk, older.pk]
