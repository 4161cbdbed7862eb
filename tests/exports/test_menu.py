"""The Export menu of the map page: ask for a file, watch its row, download it."""

from legalmap.exports.models import Export


def test_a_reader_asks_for_a_csv_and_the_row_offers_the_download(
        world, client, eager, django_capture_on_commit_callbacks):
    client.force_login(world["reviewer"])
    # The job is queued after the commit; Celery runs it eagerly here.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/maps/{world['map'].pk}/exports/", {"format": "csv", "paper": "a4"})
    export = Export.objects.get(map=world["map"])
    page = client.get(f"/maps/{world['map'].pk}/").content.decode()
    assert "CSV of links export started." in page
    assert export.status == "done"
    assert f'href="/api/maps/{world["map"].pk}/exports/{export.pk}/download/"' in page


def test_a_running_export_row_polls_itself(world, client):
    export = Export.objects.create(map=world["map"], requested_by=world["owner"],
                                   format="pdf", status="running", progress=40)
    client.force_login(world["owner"])
    row = client.get(f"/maps/{world['map'].pk}/exports/{export.pk}/row").content.decode()
    assert 'hx-trigger="every 1s"' in row and "Running… 40%" in row


def test_a_failed_export_row_says_why_and_stops_polling(world, client):
    export = Export.objects.create(map=world["map"], requested_by=world["owner"],
                                   format="pdf", status="failed",
                                   error="The diagram could not be drawn in time.")
    client.force_login(world["owner"])
    row = client.get(f"/maps/{world['map'].pk}/exports/{export.pk}/row").content.decode()
    assert "Failed: The diagram could not be drawn in time." in row
    assert "hx-trigger" not in row


def test_an_unknown_format_starts_nothing(world, client):
    client.force_login(world["owner"])
    response = client.post(f"/maps/{world['map'].pk}/exports/", {"format": "docx"},
                           follow=True)
    assert "Pick one of the export formats" in response.content.decode()
    assert not Export.objects.exists()
