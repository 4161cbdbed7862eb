"""Verdicts per link per reviewer: only reviewers and instructors; the latest counts."""

import pytest

from legalmap.maps import services as map_services
from legalmap.reviews.models import Verdict


def url(w, suffix=""):
    return f"/api/maps/{w['map'].pk}/verdicts/{suffix}"


def _give(client_for, w, role, value, reason="", link="support"):
    return client_for(w[role]).post(url(w), {"link": w[link].pk, "value": value,
                                             "reason": reason}, format="json")


@pytest.mark.parametrize("role", ["owner", "editor"])
def test_students_never_judge_their_own_map(world, client_for, role):
    response = _give(client_for, world, role, "sound")

    assert response.status_code == 403
    assert response.json() == {"detail": "Students never give verdicts on their own map."}


def test_a_viewer_gives_no_verdict(world, client_for, viewer):
    response = client_for(viewer).post(url(world), {"link": world["support"].pk,
                                                    "value": "sound"}, format="json")

    assert response.status_code == 403
    assert response.json() == {
        "detail": "Only a reviewer of this map or an instructor may give a verdict."}


def test_a_reviewer_gives_a_verdict_with_a_reason(world, client_for):
    response = _give(client_for, world, "reviewer", "needs_authority", "Cite the AUMF.")

    assert response.status_code == 201
    body = response.json()
    assert body == {"id": body["id"], "link": world["support"].pk,
                    "target_label": "“strike” supports The strike was unlawful.",
                    "reviewer": "charlie", "value": "needs_authority",
                    "reason": "Cite the AUMF.", "created_at": body["created_at"]}


def test_an_unknown_value_is_a_400_naming_value(world, client_for):
    response = _give(client_for, world, "reviewer", "brilliant")

    assert response.status_code == 400
    assert response.json() == {"value": ['"brilliant" is not a valid choice.']}


def test_a_verdict_needs_a_link(world, client_for):
    response = client_for(world["reviewer"]).post(url(world), {"value": "sound"},
                                                  format="json")

    assert response.status_code == 400
    assert response.json() == {"link": ["This field is required."]}


def test_the_latest_verdict_counts_and_earlier_ones_stay_in_the_history(world, client_for):
    _give(client_for, world, "reviewer", "needs_authority")
    _give(client_for, world, "reviewer", "sound", "Now cited.")
    _give(client_for, world, "instructor", "unsound")
    charlie = client_for(world["reviewer"])

    latest = charlie.get(url(world)).json()
    history = charlie.get(url(world, "history/")).json()

    assert [(v["reviewer"], v["value"]) for v in latest["results"]] == [
        ("charlie", "sound"), ("ida", "unsound")]
    assert [(v["reviewer"], v["value"]) for v in history["results"]] == [
        ("charlie", "needs_authority"), ("charlie", "sound"), ("ida", "unsound")]


def test_verdicts_are_filtered_by_link(world, client_for):
    _give(client_for, world, "reviewer", "sound")
    _give(client_for, world, "reviewer", "unsound", link="contest")

    response = client_for(world["owner"]).get(url(world), {"link": world["contest"].pk})

    assert [(v["link"], v["value"]) for v in response.json()["results"]] == [
        (world["contest"].pk, "unsound")]


def test_a_verdict_on_a_deleted_link_stays_in_the_history(world, client_for):
    _give(client_for, world, "reviewer", "unsound", "Circular.")
    map_services.link_delete(link=world["support"], actor=world["owner"],
                             expected_version=None)
    charlie = client_for(world["reviewer"])

    latest = charlie.get(url(world)).json()
    history = charlie.get(url(world, "history/")).json()

    assert latest["results"] == []
    assert [(v["link"], v["target_label"], v["value"], v["reason"])
            for v in history["results"]] == [
        (None, "“strike” supports The strike was unlawful.", "unsound", "Circular.")]


def test_giving_a_verdict_records_an_event(world, client_for):
    _give(client_for, world, "reviewer", "needs_evidence")

    event = world["map"].events.get(verb="verdict.given")

    assert (event.actor, event.target_id, event.after["value"]) == (
        world["reviewer"], Verdict.objects.get().pk, "needs_evidence")
