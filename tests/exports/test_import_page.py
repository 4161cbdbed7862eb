"""The import page: a file becomes a map of one's own; a bad one is refused naming the line,
with nothing written and the form as it was."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from legalmap.maps.models import ArgumentMap, Link

ARGDOWN = """===
title: Strikes
===

[Lawful]: The strikes were lawful.
  + [Conflict]: The US is in an armed conflict with the cartels.
  - [No conflict]: Cartels are not organised armed groups.
"""


@pytest.fixture
def signed_in(client, cast):
    client.force_login(cast["owner"])
    return client


def post(client, name, content, **fields):
    return client.post("/maps/import/", {"file": SimpleUploadedFile(name, content), **fields})


def test_the_dashboard_links_to_the_import_page(signed_in):
    page = signed_in.get("/").content.decode()
    assert 'href="/maps/import/"' in page
    assert "Import a map" in signed_in.get("/maps/import/").content.decode()


def test_an_argdown_file_becomes_a_map_of_ones_own(signed_in, cast):
    response = post(signed_in, "strikes.argdown", ARGDOWN.encode(), title="My import")
    argument_map = ArgumentMap.objects.get(title="My import")
    assert response.status_code == 302
    assert response["Location"] == f"/maps/{argument_map.pk}/"
    assert argument_map.owner == cast["owner"]
    assert sorted(Link.objects.filter(map=argument_map).values_list("relation", flat=True)) \
        == ["attacks", "supports"]
    page = signed_in.get(response["Location"]).content.decode()
    assert "Imported “My import”: 3 nodes, 2 links." in page


def test_a_malformed_file_is_refused_naming_the_line_and_nothing_is_written(signed_in):
    before = ArgumentMap.objects.count()
    bad = ARGDOWN + "      ~> [Odd]: What relation is this?\n"
    response = post(signed_in, "bad.argdown", bad.encode(), title="Kept title")
    page = response.content.decode()
    assert response.status_code == 400
    assert "line 8" in page
    assert 'value="Kept title"' in page
    assert ArgumentMap.objects.count() == before


@pytest.mark.parametrize(("fields", "message"), [
    ({}, "Choose a file to import."),
    ({"format": "docx"}, "is not a format we import"),
])
def test_no_file_or_an_unknown_format_is_a_clear_400(signed_in, fields, message):
    if "format" in fields:
        response = post(signed_in, "x.argdown", ARGDOWN.encode(), **fields)
    else:
        response = signed_in.post("/maps/import/", fields)
    assert response.status_code == 400
    assert message in response.content.decode()
