"""Issue 16: a number in a form field, a query string or If-Match is ASCII digits or a 400
naming the field (never a 500), and If-Match follows RFC 9110."""

import pytest
from django.urls import reverse

from legalmap.maps.models import ArgumentMap, Node
from legalmap.reviews.models import Notification
from tests.conftest import if_match

SUPERSCRIPT_TWO = "²"  # str.isdigit() says yes, int() says no: it used to be a 500.


def _html_400(response, field):
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == (
        f"Bad request: {field}: Must be a whole number in ASCII digits (0-9).")


@pytest.fixture
def alice(client, world):
    client.force_login(world["owner"])
    return client


@pytest.mark.parametrize("selected", ["node-²", "link-٣", "node-", "garbage"])
def test_the_map_page_refuses_a_selection_that_is_not_an_id(alice, world, selected):
    response = alice.get(reverse("map-page", args=[world["map"].pk]), {"selected": selected})

    assert response.status_code == 400
    assert response.content.decode() == (
        "Bad request: selected: Must be node-<id> or link-<id>, "
        "the id a whole number in ASCII digits (0-9).")


def test_the_map_page_still_opens_a_node_selected_by_its_id(alice, world):
    response = alice.get(reverse("map-page", args=[world["map"].pk]),
                         {"selected": f"node-{world['claim'].pk}"})

    assert response.status_code == 200


@pytest.mark.parametrize(("url", "data", "field"), [
    ("map-review-submit", {"version": SUPERSCRIPT_TWO}, "version"),
    ("map-review-finish", {"version": "1", "round": SUPERSCRIPT_TWO}, "round"),
    ("map-review-finish", {"version": SUPERSCRIPT_TWO, "round": "1"}, "version"),
    ("map-claim-create", {"version": SUPERSCRIPT_TWO, "claim-text": "The strike was a crime."},
     "version"),
    ("map-comment-create", {"link": SUPERSCRIPT_TWO, "body": "x"}, "link"),
    ("map-comment-create", {"parent": SUPERSCRIPT_TWO, "body": "x"}, "parent"),
], ids=["submit-version", "finish-round", "finish-version", "claim-version", "comment-link",
        "comment-parent"])
def test_a_form_with_a_non_ascii_number_is_a_400_naming_the_field(alice, world, url, data,
                                                                  field):
    response = alice.post(reverse(url, args=[world["map"].pk]), data)

    _html_400(response, field)
    assert not Node.objects.filter(text="The strike was a crime.").exists()


def test_notifications_read_refuses_a_non_ascii_id_and_marks_nothing(alice, world):
    Notification.objects.create(recipient=world["owner"], actor=world["editor"],
                                map=world["map"], verb="comment.created")

    response = alice.post(reverse("notifications-read"), {"id": SUPERSCRIPT_TWO})

    _html_400(response, "id")
    assert Notification.objects.filter(read_at__isnull=True).count() == 1


def test_the_matrix_page_refuses_a_map_that_is_not_an_id(alice, world):
    _html_400(alice.get(reverse("authority-matrix-page"), {"map": SUPERSCRIPT_TWO}), "map")


def test_the_api_names_a_non_ascii_query_parameter(world, api):
    response = api.get(f"/api/maps/{world['map'].pk}/rounds/changes/", {"since": "1²"})

    assert (response.status_code, response.json()) == (
        400, {"since": ["Must be a whole number in ASCII digits (0-9)."]})


# --- If-Match (RFC 9110 §13.1.1) --------------------------------------------------------


def test_if_match_star_is_refused_on_a_versioned_write(world, api):
    response = api.delete(f"/api/maps/{world['map'].pk}/", HTTP_IF_MATCH="*")

    assert (response.status_code, response.json()) == (428, {
        "detail": "If-Match: * is refused on versioned writes: send the map's ETag, "
                  "e.g. \"5\"."})
    assert ArgumentMap.objects.filter(pk=world["map"].pk).exists()


def test_if_match_star_is_refused_on_a_node_write_too(world, api):
    response = api.post(f"/api/maps/{world['map'].pk}/nodes/", {"kind": "claim", "text": "x"},
                        format="json", HTTP_IF_MATCH="*")

    assert response.status_code == 428
    assert not Node.objects.filter(text="x").exists()


def test_a_weak_etag_never_matches_if_match(world, api):
    response = api.patch(f"/api/maps/{world['map'].pk}/", {"title": "Renamed"},
                         format="json", HTTP_IF_MATCH='W/"1"')

    assert (response.status_code, response.json()) == (412, {
        "detail": "If-Match 'W/\"1\"' is not an ETag this server issued "
                  "(weak ETags never match If-Match)."})


def test_a_list_of_etags_matches_when_one_of_them_is_current(world, api):
    response = api.patch(f"/api/maps/{world['map'].pk}/", {"title": "Renamed"},
                         format="json", HTTP_IF_MATCH='"7", W/"1", "1"')

    assert (response.status_code, response["ETag"]) == (200, '"2"')


def test_a_list_of_stale_etags_is_412(world, api):
    response = api.patch(f"/api/maps/{world['map'].pk}/", {"title": "Renamed"},
                         format="json", HTTP_IF_MATCH='"7", "8"')

    assert response.status_code == 412
    world["map"].refresh_from_db()
    assert world["map"].title == "Boat strikes"


def test_the_reader_refuses_if_match_star_like_the_api(world, api):
    url = (f"/maps/{world['map'].pk}/articles/{world['article'].pk}/passages/"
           f"{world['passage'].pk}/")

    response = api.delete(url, HTTP_IF_MATCH="*")

    assert response.status_code == 428
    assert Node.objects.filter(pk=world["passage"].pk).exists()


def test_the_current_etag_still_writes(world, api):
    response = api.patch(f"/api/maps/{world['map'].pk}/", {"title": "Renamed"},
                         format="json", **if_match(world["map"]))

    assert response.status_code == 200
