"""Notifications: a row in the writer's transaction, an email by Celery after commit, to
the people concerned and never to the one who acted. Celery runs eagerly here; the real
worker is in test_worker.py."""

import pytest
from django.core import mail
from django.db import transaction

from legalmap.celery import app
from legalmap.maps import services as map_services
from legalmap.reviews import selectors, services
from legalmap.reviews.models import Notification
from legalmap.reviews.tasks import send_notification_email


@pytest.fixture(autouse=True)
def eager_celery():
    """Eager whatever REDIS_URL says, so these tests never need a worker."""
    saved = {k: app.conf[k] for k in ("task_always_eager", "task_eager_propagates")}
    app.conf.update(task_always_eager=True, task_eager_propagates=True)
    yield
    app.conf.update(saved)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the block, then its on-commit callbacks, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _notified(w):
    return sorted((n.recipient.username, n.verb) for n in Notification.objects.all())


def _mailed():
    return sorted((m.to[0], m.subject) for m in mail.outbox)


def _comment(w, who, **kwargs):
    kwargs.setdefault("link", None if "parent" in kwargs else w["support"])
    return services.comment_create(argument_map=w["map"], actor=w[who],
                                   body=kwargs.pop("body", "Which authority?"), **kwargs)


def test_a_comment_on_your_map_is_mailed_to_you(world, committed):
    with committed():
        _comment(world, "reviewer", body="Cite **the AUMF**.")

    assert _notified(world) == [("alice", "comment.created")]
    assert _mailed() == [("alice@example.org", "charlie commented on “Boat strikes”")]
    assert mail.outbox[0].body == (
        "Hello alice,\n\ncharlie commented on your map “Boat strikes”, on “strike” supports "
        "The strike was unlawful.:\n\nCite **the AUMF**.\n\nRead the thread: "
        f"/maps/{world['map'].pk}/\n\n— legalmap\n")


@pytest.mark.parametrize(("relation", "words"), [
    ("relies_on", "relies on"), ("violates", "says violates"),
    ("disputes", "disputes applicability"), ("complies", "says complies")])
def test_a_comment_on_an_authority_link_names_the_relation_in_words(world, committed,
                                                                     relation, words):
    link = map_services.link_create(argument_map=world["map"], actor=world["owner"],
                                    expected_version=None, source=world["claim"],
                                    target=world["authority_node"], relation=relation)
    with committed():
        comment = _comment(world, "reviewer", link=link, body="Which article?")

    label = f"The strike was unlawful. {words} UNCLOS art. 92"
    assert comment.target_label == label
    assert f"commented on your map “Boat strikes”, on {label}:" in mail.outbox[0].body
    verdict = services.verdict_give(argument_map=world["map"], actor=world["reviewer"],
                                    link=link, value="unsound")
    assert verdict.target_label == label


def test_your_own_comment_notifies_nobody(world, committed):
    with committed():
        _comment(world, "owner")

    assert (_notified(world), _mailed()) == ([], [])


def test_a_reply_to_your_comment_is_mailed_to_you_not_to_the_replier(world, committed):
    thread = _comment(world, "reviewer")
    mail.outbox.clear()

    with committed():
        _comment(world, "owner", parent=thread, body="Linked it to the AUMF.")

    assert _notified(world) == [("alice", "comment.created"), ("charlie", "comment.replied")]
    assert _mailed() == [
        ("charlie@example.org", "alice replied to your comment on “Boat strikes”")]


def test_an_editors_reply_reaches_the_author_and_the_owner(world, committed):
    thread = _comment(world, "reviewer")

    with committed():
        _comment(world, "editor", parent=thread)

    assert _mailed() == [
        ("alice@example.org", "bob commented on “Boat strikes”"),
        ("charlie@example.org", "bob replied to your comment on “Boat strikes”")]


def test_a_submitted_map_is_mailed_to_its_reviewers(world, committed):
    with committed():
        services.map_submit(argument_map=world["map"], actor=world["owner"])

    assert _notified(world) == [("charlie", "map.submitted")]
    assert _mailed() == [
        ("charlie@example.org", "“Boat strikes” was submitted for review (round 1)")]
    assert "You are one of its reviewers." in mail.outbox[0].body


def test_a_finished_round_is_mailed_to_the_owner_and_editors(world, committed):
    services.map_submit(argument_map=world["map"], actor=world["owner"])

    with committed():
        services.round_finish(argument_map=world["map"], actor=world["reviewer"],
                              outcome="changes_requested", note="Cite the AUMF.")

    assert _mailed() == [
        ("alice@example.org", "Review of “Boat strikes” finished: changes requested"),
        ("bob@example.org", "Review of “Boat strikes” finished: changes requested")]
    assert "Cite the AUMF." in mail.outbox[0].body


def test_the_mail_waits_for_the_commit(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        _comment(world, "reviewer")
        assert (_notified(world), mail.outbox) == ([("alice", "comment.created")], [])

    assert mail.outbox == []
    for callback in callbacks:  # the commit
        callback()
    assert _mailed() == [("alice@example.org", "charlie commented on “Boat strikes”")]


def test_a_rolled_back_comment_mails_nobody(world, committed):
    with committed() as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            _comment(world, "reviewer")
            raise RuntimeError("the request failed after the comment was written")

    assert (callbacks, _notified(world), mail.outbox) == ([], [], [])


def test_a_redelivered_task_sends_nothing_twice(world):
    _comment(world, "reviewer")
    notification = Notification.objects.get()

    first = send_notification_email.delay(notification.pk).get()
    second = send_notification_email.delay(notification.pk).get()

    assert (first, second) == ("sent", "already sent, or no such notification")
    assert len(mail.outbox) == 1


def test_a_reviewer_removed_before_the_mail_leaves_gets_none(
        world, django_capture_on_commit_callbacks):
    thread = _comment(world, "reviewer")
    with django_capture_on_commit_callbacks() as callbacks:
        _comment(world, "owner", parent=thread)
    membership = world["map"].memberships.get(user=world["reviewer"])
    map_services.membership_delete(membership=membership, actor=world["owner"],
                                   expected_version=None)

    for callback in callbacks:
        callback()

    assert mail.outbox == []


def test_a_notification_to_someone_without_an_address_is_not_mailed(world, committed):
    world["owner"].email = ""
    world["owner"].save()

    with committed():
        _comment(world, "reviewer")

    assert (_notified(world), mail.outbox) == ([("alice", "comment.created")], [])


# --- unread count and the API ---------------------------------------------------------------


def test_unread_count_counts_what_you_have_not_read(world):
    thread = _comment(world, "reviewer")
    _comment(world, "editor", parent=thread)

    assert (selectors.unread_count(world["owner"]), selectors.unread_count(world["reviewer"]),
            selectors.unread_count(world["editor"])) == (2, 1, 0)


def test_you_list_your_notifications_and_mark_one_read(world, client_for):
    comment = _comment(world, "reviewer")
    alice = client_for(world["owner"])
    notification = Notification.objects.get()

    listed = alice.get("/api/notifications/").json()
    read = alice.post(f"/api/notifications/{notification.pk}/read/")
    count = alice.get("/api/notifications/unread-count/")

    assert listed == {"count": 1, "next": None, "previous": None, "results": [{
        "id": notification.pk, "verb": "comment.created", "actor": "charlie",
        "map": world["map"].pk, "map_title": "Boat strikes", "comment": comment.pk,
        "round": None, "unread": True, "created_at": listed["results"][0]["created_at"],
        "read_at": None}]}
    assert (read.status_code, read.json()["unread"]) == (200, False)
    assert count.json() == {"unread": 0}


def test_you_mark_all_read_and_filter_unread(world, client_for):
    services.map_submit(argument_map=world["map"], actor=world["owner"])
    _comment(world, "owner")
    charlie = client_for(world["reviewer"])
    assert charlie.get("/api/notifications/", {"unread": "true"}).json()["count"] == 1

    response = charlie.post("/api/notifications/read-all/")

    assert response.json() == {"marked": 1}
    assert charlie.get("/api/notifications/", {"unread": "true"}).json()["count"] == 0
    assert charlie.get("/api/notifications/").json()["count"] == 1


def test_someone_elses_notification_is_404(world, client_for):
    _comment(world, "reviewer")

    response = client_for(world["reviewer"]).post(
        f"/api/notifications/{Notification.objects.get().pk}/read/")

    assert response.status_code == 404
