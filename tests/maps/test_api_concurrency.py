"""ETags on maps: every write names the version it was based on; a stale one changes nothing.

Also the event rows each write leaves behind, which the review history is built from.
"""

import threading

import pytest
from django.conf import settings
from django.db import connection

from legalmap.maps.models import Event, Link, Node
from tests.conftest import if_match
from tests.factories import LinkFactory

STALE = {"detail": "The map changed since you loaded it (stale If-Match). "
                   "Reload it and apply your change again."}
MISSING = {"detail": "This write needs an If-Match header with the map's current ETag."}


def map_url(world):
    return f"/api/maps/{world['map'].pk}/"


def nodes_url(world, node=None):
    return f"{map_url(world)}nodes/" + (f"{node.pk}/" if node else "")


def links_url(world):
    return f"{map_url(world)}links/"


# --- ETags -----------------------------------------------------------------------------


def test_map_detail_carries_its_version_as_etag(world, api):
    response = api.get(map_url(world))

    assert response.status_code == 200
    assert (response["ETag"], response.json()["version"]) == ('"1"', 1)


def test_it_answers_not_modified_when_the_etag_is_current(world, api):
    response = api.get(map_url(world), HTTP_IF_NONE_MATCH='"1"')

    assert (response.status_code, response.content, response["ETag"]) == (304, b"", '"1"')


def test_it_sends_the_map_again_once_it_has_changed(world, api):
    api.post(nodes_url(world), {"kind": "claim", "text": "New."}, format="json",
             HTTP_IF_MATCH='"1"')

    response = api.get(map_url(world), HTTP_IF_NONE_MATCH='"1"')

    assert (response.status_code, response["ETag"]) == (200, '"2"')


def test_a_stale_etag_loses_to_the_write_that_came_first(world, client_for):
    # given Alice and Bob have both loaded the map
    alice, bob = client_for(world["owner"]), client_for(world["editor"])
    etag = alice.get(map_url(world))["ETag"]
    assert bob.get(map_url(world))["ETag"] == etag

    first = alice.post(nodes_url(world), {"kind": "claim", "text": "Alice's claim."},
                       format="json", HTTP_IF_MATCH=etag)
    second = bob.post(nodes_url(world), {"kind": "claim", "text": "Bob's claim."},
                      format="json", HTTP_IF_MATCH=etag)

    assert (first.status_code, first["ETag"]) == (201, '"2"')
    assert (second.status_code, second.json()) == (412, STALE)
    assert list(Node.objects.filter(text__endswith="'s claim.")
                .values_list("text", "created_by__username")) == [("Alice's claim.", "alice")]


def test_a_stale_edit_does_not_overwrite_the_edit_that_came_first(world, client_for):
    # given Alice and Bob both loaded the map at version 1 and both edit the same claim
    url = nodes_url(world, world["claim"])

    first = client_for(world["owner"]).patch(
        url, {"text": "The strike was lawful."}, format="json", HTTP_IF_MATCH='"1"')
    second = client_for(world["editor"]).patch(
        url, {"text": "The strike was a crime."}, format="json", HTTP_IF_MATCH='"1"')

    assert (first.status_code, first["ETag"]) == (200, '"2"')
    assert (second.status_code, second.json()) == (412, STALE)
    world["claim"].refresh_from_db()
    world["map"].refresh_from_db()
    assert (world["claim"].text, world["map"].version) == ("The strike was lawful.", 2)


@pytest.mark.parametrize("method, url, body", [
    ("post", nodes_url, lambda world: {"kind": "claim", "text": "No ETag."}),
    ("post", links_url, lambda world: {"source": world["claim"].pk,
                                       "target": world["passage"].pk, "relation": "attacks"}),
    ("patch", map_url, lambda world: {"title": "Renamed"}),
    ("delete", lambda world: nodes_url(world, world["claim"]), lambda world: None),
], ids=["node-create", "link-create", "map-update", "node-delete"])
def test_a_write_without_if_match_is_refused(world, api, method, url, body):
    counts = (Node.objects.count(), Link.objects.count(), Event.objects.count())

    response = getattr(api, method)(url(world), body(world), format="json")

    assert (response.status_code, response.json()) == (428, MISSING)
    world["map"].refresh_from_db()
    assert (Node.objects.count(), Link.objects.count(), Event.objects.count()) == counts
    assert (world["map"].version, world["map"].title) == (1, "Boat strikes")


@pytest.mark.parametrize("header", ['"abc"', '"²"'])
def test_it_refuses_an_if_match_it_did_not_issue(world, api, header):
    # "²" passes str.isdigit() but not int(): it used to be a 500.
    response = api.post(nodes_url(world), {"kind": "claim", "text": "x"}, format="json",
                        HTTP_IF_MATCH=header)

    assert response.status_code == 412
    assert response.json() == {
        "detail": f"If-Match {header!r} is not an ETag this server issued."}
    assert not Node.objects.filter(text="x").exists()


# --- deleting a node -------------------------------------------------------------------


def test_deleting_a_node_deletes_its_links_and_records_each(world, api):
    passage, support, contest = world["passage"], world["support"], world["contest"]

    response = api.delete(nodes_url(world, passage), **if_match(world["map"]))

    assert (response.status_code, response["ETag"]) == (204, '"2"')
    assert not Link.objects.filter(pk__in=[support.pk, contest.pk]).exists()
    assert list(Event.objects.order_by("id").values_list(
        "verb", "target_id", "actor__username", "map_version")) == [
        ("link.deleted", support.pk, "alice", 2),
        ("link.deleted", contest.pk, "alice", 2),
        ("node.deleted", passage.pk, "alice", 2),
    ]


def test_deleting_a_node_also_deletes_and_records_undercuts_of_its_links(world, api):
    # given the authority undercuts "passage supports claim"
    undercut = LinkFactory(source=world["authority_node"], target=None,
                           target_link=world["support"], relation="undercuts")

    api.delete(nodes_url(world, world["passage"]), **if_match(world["map"]))

    assert not Link.objects.filter(pk=undercut.pk).exists()
    deleted = Event.objects.get(verb="link.deleted", target_id=undercut.pk)
    assert deleted.before == {"source": world["authority_node"].pk, "target": None,
                              "target_link": world["support"].pk, "relation": "undercuts",
                              "rationale": ""}


# --- events: the history a reviewer reads ----------------------------------------------


def test_creating_a_node_records_who_created_what(world, client_for):
    bob = world["editor"]

    response = client_for(bob).post(
        nodes_url(world), {"kind": "claim", "text": "Congress never authorised it."},
        format="json", **if_match(world["map"]))

    event = Event.objects.get()
    assert (event.actor, event.verb, event.target_type, event.target_id) == (
        bob, "node.created", "node", response.json()["id"])
    assert (event.before, event.after, event.map_version) == (
        None, {"kind": "claim", "text": "Congress never authorised it."}, 2)


def test_editing_a_claim_records_its_text_before_and_after(world, api):
    api.patch(nodes_url(world, world["claim"]), {"text": "The strike was lawful."},
              format="json", **if_match(world["map"]))

    event = Event.objects.get()
    assert (event.actor.username, event.verb, event.target_id) == (
        "alice", "node.updated", world["claim"].pk)
    assert (event.before, event.after) == (
        {"kind": "claim", "text": "The strike was unlawful."},
        {"kind": "claim", "text": "The strike was lawful."})


def test_a_refused_write_records_no_event(world, client_for):
    client_for(world["editor"]).post(nodes_url(world), {"kind": "claim", "text": "Late."},
                                     format="json", HTTP_IF_MATCH='"0"')

    assert not Event.objects.exists()


# --- a real race -----------------------------------------------------------------------


@pytest.mark.needs_services
@pytest.mark.skipif(not settings.IS_POSTGRES, reason=(
    "SQLite's shared in-memory test database answers a second writer with "
    "'table is locked' instead of making it wait"))
@pytest.mark.django_db(transaction=True)
def test_of_two_simultaneous_writes_with_the_same_etag_exactly_one_wins(world, client_for):
    # given Alice and Bob, each on their own connection, holding the same ETag
    etag = if_match(world["map"])["HTTP_IF_MATCH"]
    nodes_before = Node.objects.count()
    barrier = threading.Barrier(2)
    outcomes = []

    def write(user):
        client = client_for(user)
        try:
            barrier.wait(timeout=10)
            response = client.post(nodes_url(world), {"kind": "claim", "text": user.username},
                                   format="json", HTTP_IF_MATCH=etag)
            outcomes.append(response.status_code)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            outcomes.append(repr(exc))
        finally:
            connection.close()

    # when both post at once
    threads = [threading.Thread(target=write, args=(world[role],))
               for role in ("owner", "editor")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    # then the conditional UPDATE let exactly one through
    assert sorted(outcomes, key=str) == [201, 412]
    assert Node.objects.count() == nodes_before + 1
    world["map"].refresh_from_db()
    assert world["map"].version == 2
