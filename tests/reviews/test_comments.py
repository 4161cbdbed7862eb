"""Threads on links and nodes: who may comment, replies, edit/delete own, resolve/reopen."""

import pytest

from legalmap.maps import services as map_services
from legalmap.reviews.models import MAX_COMMENT_CHARS, Comment
from tests.conftest import if_match
from tests.reviews.conftest import comments_url


def _post(client_for, w, user, **data):
    return client_for(user).post(comments_url(w), data, format="json")


def test_a_reviewer_comments_on_a_link_in_markdown(world, client_for):
    response = _post(client_for, world, world["reviewer"], link=world["support"].pk,
                     body="Needs **an authority**.")

    assert response.status_code == 201
    body = response.json()
    assert body == {
        "id": body["id"], "link": world["support"].pk, "node": None,
        "target_label": "“strike” supports The strike was unlawful.", "parent": None,
        "author": "charlie", "body": "Needs **an authority**.",
        "body_html": "<p>Needs <strong>an authority</strong>.</p>\n", "edited": False,
        "deleted": False, "resolved_at": None, "edited_at": None, "deleted_at": None,
        "created_at": body["created_at"],
    }


def test_a_comment_on_a_node_keeps_the_nodes_label(world, client_for):
    response = _post(client_for, world, world["editor"], node=world["claim"].pk, body="Hm.")

    assert response.status_code == 201
    assert (response.json()["node"], response.json()["target_label"]) == (
        world["claim"].pk, "The strike was unlawful.")


def test_a_viewer_may_read_but_not_comment(world, client_for, viewer, thread):
    assert client_for(viewer).get(comments_url(world)).status_code == 200

    response = _post(client_for, world, viewer, link=world["support"].pk, body="Me too.")

    assert response.status_code == 403
    assert response.json() == {
        "detail": "Viewers may read this map's review but not comment on it."}


def test_an_outsider_gets_404(world, client_for):
    response = _post(client_for, world, world["outsider"], link=world["support"].pk, body="Hi")

    assert response.status_code == 404
    assert response.json() == {"detail": "No such map."}


def test_a_body_over_the_limit_is_a_400_naming_body_and_the_limit(world, client_for):
    response = _post(client_for, world, world["reviewer"], link=world["support"].pk,
                     body="x" * (MAX_COMMENT_CHARS + 1))

    assert response.status_code == 400
    assert response.json() == {
        "body": [f"Ensure this field has no more than {MAX_COMMENT_CHARS} characters."]}


def test_a_comment_needs_a_target(world, client_for):
    response = _post(client_for, world, world["reviewer"], body="About what?")

    assert response.status_code == 400
    assert response.json() == {"link": ["Say which link (or node) this comment is about."]}


def test_a_comment_is_about_a_link_or_a_node_not_both(world, client_for):
    response = _post(client_for, world, world["reviewer"], link=world["support"].pk,
                     node=world["claim"].pk, body="Both?")

    assert response.status_code == 400
    assert response.json() == {"node": ["A comment is about a link or a node, not both."]}


def test_a_link_of_another_map_reads_like_no_link(world, client_for):
    from tests.factories import LinkFactory

    elsewhere = LinkFactory()

    response = _post(client_for, world, world["reviewer"], link=elsewhere.pk, body="Hi")

    assert response.status_code == 400
    assert response.json() == {"link": ["Must be a link of this map."]}


def test_unknown_fields_are_refused(world, client_for):
    response = _post(client_for, world, world["reviewer"], link=world["support"].pk,
                     body="Hi", author="alice")

    assert response.status_code == 400
    assert response.json() == {"author": ["Unknown field."]}


# --- threads -------------------------------------------------------------------------------


def test_a_reply_inherits_its_parents_target(world, client_for, thread):
    response = _post(client_for, world, world["owner"], parent=thread.pk,
                     body="[AUMF](https://www.congress.gov/) §2(a).")

    assert response.status_code == 201
    body = response.json()
    assert (body["parent"], body["link"], body["target_label"]) == (
        thread.pk, world["support"].pk, thread.target_label)


def test_a_reply_about_another_target_is_refused(world, client_for, thread):
    response = _post(client_for, world, world["owner"], parent=thread.pk,
                     link=world["contest"].pk, body="Wrong place.")

    assert response.status_code == 400
    assert response.json() == {"parent": [
        "A reply must be about the same link or node as the comment it answers."]}


def test_a_reply_to_a_comment_of_another_map_is_refused(world, client_for):
    from legalmap.reviews import services
    from tests.factories import LinkFactory

    other_link = LinkFactory()
    other = services.comment_create(argument_map=other_link.map, actor=other_link.map.owner,
                                    link=other_link, body="Elsewhere.")

    response = _post(client_for, world, world["owner"], parent=other.pk, body="Hi")

    assert response.status_code == 400
    assert response.json() == {"parent": ["Must be a comment on this map."]}


# --- edit and delete your own -------------------------------------------------------------


def test_the_author_edits_their_comment_and_it_shows_as_edited(world, client_for, thread):
    response = client_for(world["reviewer"]).patch(
        comments_url(world, thread.pk), {"body": "Which *statute*?"}, format="json")

    assert response.status_code == 200
    body = response.json()
    assert (body["body"], body["body_html"], body["edited"]) == (
        "Which *statute*?", "<p>Which <em>statute</em>?</p>\n", True)
    assert body["edited_at"] is not None


def test_nobody_else_edits_a_comment_not_even_the_owner(world, client_for, thread):
    response = client_for(world["owner"]).patch(
        comments_url(world, thread.pk), {"body": "Nicer words."}, format="json")

    assert response.status_code == 403
    assert response.json() == {"detail": "Only its author may edit a comment."}


def test_an_edit_may_only_change_the_body(world, client_for, thread):
    response = client_for(world["reviewer"]).patch(
        comments_url(world, thread.pk), {"body": "x", "link": world["contest"].pk},
        format="json")

    assert response.status_code == 400
    assert response.json() == {"link": ["Unknown field."]}


def test_deleting_your_comment_leaves_a_deleted_marker_in_the_thread(
        world, client_for, thread):
    reply = Comment.objects.create(map=world["map"], link=world["support"], parent=thread,
                                   author=world["owner"], body="Fixed.")
    charlie = client_for(world["reviewer"])

    response = charlie.delete(comments_url(world, thread.pk))

    assert response.status_code == 204
    listed = charlie.get(comments_url(world)).json()["results"]
    assert [(c["id"], c["deleted"], c["body"], c["body_html"]) for c in listed] == [
        (thread.pk, True, "", ""), (reply.pk, False, "Fixed.", "<p>Fixed.</p>\n")]


def test_nobody_else_deletes_a_comment(world, client_for, thread):
    response = client_for(world["instructor"]).delete(comments_url(world, thread.pk))

    assert response.status_code == 403
    assert response.json() == {"detail": "Only its author may delete a comment."}


def test_a_deleted_comment_cannot_be_edited(world, client_for, thread):
    charlie = client_for(world["reviewer"])
    charlie.delete(comments_url(world, thread.pk))

    response = charlie.patch(comments_url(world, thread.pk), {"body": "Back!"}, format="json")

    assert response.status_code == 400
    assert response.json() == {"body": ["This comment was deleted; it cannot be edited."]}


def test_nobody_replies_to_a_deleted_comment(world, client_for, thread):
    client_for(world["reviewer"]).delete(comments_url(world, thread.pk))

    response = _post(client_for, world, world["owner"], parent=thread.pk, body="Hello?")

    assert response.status_code == 400
    assert response.json() == {"parent": ["That comment was deleted; reply to its thread."]}


# --- resolve / reopen ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["owner", "reviewer", "instructor"])
def test_owner_reviewer_and_instructor_resolve_and_reopen_a_thread(
        world, client_for, thread, role):
    client = client_for(world[role])

    resolved = client.post(comments_url(world, thread.pk, "resolve"))
    reopened = client.post(comments_url(world, thread.pk, "reopen"))

    assert (resolved.status_code, reopened.status_code) == (200, 200)
    assert resolved.json()["resolved_at"] is not None
    assert reopened.json()["resolved_at"] is None


def test_an_editor_may_not_resolve_a_thread(world, client_for, thread):
    response = client_for(world["editor"]).post(comments_url(world, thread.pk, "resolve"))

    assert response.status_code == 403
    assert response.json() == {
        "detail": "Only the map's owner, a reviewer or an instructor may resolve a thread."}


def test_only_a_threads_first_comment_is_resolved(world, client_for, thread):
    reply = _post(client_for, world, world["owner"], parent=thread.pk, body="Done.").json()

    response = client_for(world["owner"]).post(comments_url(world, reply["id"], "resolve"))

    assert response.status_code == 400
    assert response.json() == {"parent": [
        f"Only a thread's first comment can be resolved; this one replies to comment "
        f"{thread.pk}."]}


def test_changes_to_comments_are_recorded_as_events(world, client_for, thread):
    charlie = client_for(world["reviewer"])
    charlie.patch(comments_url(world, thread.pk), {"body": "v2"}, format="json")
    charlie.post(comments_url(world, thread.pk, "resolve"))
    charlie.delete(comments_url(world, thread.pk))

    events = world["map"].events.filter(target_type="comment").order_by("id")

    assert [(e.verb, (e.before or {}).get("body"), (e.after or {}).get("body")) for e in events] \
        == [("comment.created", None, "Which authority says so?"),
            ("comment.updated", "Which authority says so?", "v2"),
            ("comment.resolved", None, None),
            ("comment.deleted", "v2", None)]


# --- nothing a reviewer wrote is lost -------------------------------------------------------


def test_a_comment_on_a_deleted_link_stays_readable(world, client_for, thread):
    map_services.link_delete(link=world["support"], actor=world["owner"],
                             expected_version=None)

    response = client_for(world["reviewer"]).get(comments_url(world))

    assert response.status_code == 200
    [comment] = response.json()["results"]
    assert (comment["link"], comment["target_label"], comment["body"]) == (
        None, "“strike” supports The strike was unlawful.", "Which authority says so?")


def test_a_reply_in_a_thread_on_a_deleted_link_keeps_the_label(world, client_for, thread):
    map_services.link_delete(link=world["support"], actor=world["owner"],
                             expected_version=None)

    response = _post(client_for, world, world["owner"], parent=thread.pk, body="Removed it.")

    assert response.status_code == 201
    assert (response.json()["link"], response.json()["target_label"]) == (
        None, "“strike” supports The strike was unlawful.")


# --- membership ----------------------------------------------------------------------------


def test_a_removed_reviewer_loses_access_at_once(world, client_for, thread):
    charlie = client_for(world["reviewer"])
    assert charlie.get(comments_url(world)).status_code == 200
    membership = world["map"].memberships.get(user=world["reviewer"])

    removed = client_for(world["owner"]).delete(
        f"/api/maps/{world['map'].pk}/members/{membership.pk}/", **if_match(world["map"]))

    assert removed.status_code == 204
    assert charlie.get(comments_url(world)).status_code == 404
    assert charlie.get(comments_url(world, thread.pk)).status_code == 404
    assert _post(client_for, world, world["reviewer"], link=world["support"].pk,
                 body="Still here?").status_code == 404
    assert charlie.patch(comments_url(world, thread.pk), {"body": "x"},
                         format="json").status_code == 404
