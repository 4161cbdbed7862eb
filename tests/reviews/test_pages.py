"""The review in HTML (issue 6): threads and verdicts in the map page's panel, the review
page with its round controls and filters, reviewers, the header count, notifications.

The cast: Alice owns the map, Bob edits it, Charlie reviews it, Dave is an outsider, Ida
is an instructor (tests/conftest.py).
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from legalmap.maps.models import Link, Membership
from legalmap.reviews import services
from legalmap.reviews.models import Comment, Notification, ReviewRound, Verdict
from tests.factories import ClaimFactory, LinkFactory, MapFactory, PassageFactory


def panel(client, w, link):
    return client.get(f"/maps/{w['map'].pk}/?selected=link-{link.pk}").content.decode()


def review_url(w, query=""):
    return f"/maps/{w['map'].pk}/review/{query}"


# --- the link panel --------------------------------------------------------------------


def test_the_link_panel_shows_the_thread_rendered_with_its_reply_indented(world, client,
                                                                         thread):
    services.comment_create(argument_map=world["map"], actor=world["owner"], parent=thread,
                            body="UNCLOS <script>alert(1)</script> art. **92**.")
    client.force_login(world["owner"])
    page = panel(client, world, world["support"])
    assert "<p>Which authority says so?</p>" in page
    assert "<strong>92</strong>" in page and "<script>alert" not in page
    assert 'class="comment depth-1"' in page
    assert "(1 open)" in page


def test_edited_and_deleted_comments_show_as_such(world, client, thread):
    reply = services.comment_create(argument_map=world["map"], actor=world["owner"],
                                    parent=thread, body="Gone soon.")
    services.comment_update(comment=thread, actor=world["reviewer"], body="Which statute?")
    services.comment_delete(comment=reply, actor=world["owner"])
    client.force_login(world["editor"])
    page = panel(client, world, world["support"])
    assert "Which statute?" in page and ">edited</em>" in page
    assert "This comment was deleted." in page and "Gone soon." not in page


def test_only_the_author_gets_edit_and_delete_controls(world, client, thread):
    client.force_login(world["owner"])
    assert "Delete comment" not in panel(client, world, world["support"])
    client.force_login(world["reviewer"])
    assert "Delete comment" in panel(client, world, world["support"])


def test_a_reviewer_gets_the_verdict_form_and_no_edit_controls(world, client):
    client.force_login(world["reviewer"])
    page = panel(client, world, world["support"])
    assert "Record verdict" in page and "Post comment" in page and "Resolve" not in page
    assert f'action="/maps/{world["map"].pk}/links/{world["support"].pk}/edit"' not in page


def test_the_owner_gets_no_verdict_form(world, client, thread):
    client.force_login(world["owner"])
    page = panel(client, world, world["support"])
    assert "Record verdict" not in page
    assert "Resolve thread" in page


def test_a_viewer_reads_the_thread_but_gets_no_forms(world, client, thread, viewer):
    client.force_login(viewer)
    page = panel(client, world, world["support"])
    assert "Which authority says so?" in page
    assert "Post comment" not in page and "Post reply" not in page and "Resolve" not in page


def test_the_panel_shows_each_reviewers_latest_verdict(world, client):
    for value in ("unsound", "needs_authority"):
        services.verdict_give(argument_map=world["map"], actor=world["reviewer"],
                              link=world["support"], value=value, reason="Cite it.")
    client.force_login(world["owner"])
    page = panel(client, world, world["support"])
    assert "Needs authority</span>" in page and ">Unsound</span>" not in page


def test_the_diagram_marks_a_link_with_an_open_thread_and_unmarks_it_when_resolved(
        world, client, thread):
    cache.clear()
    client.force_login(world["owner"])
    svg = client.get(f"/maps/{world['map'].pk}/diagram.svg").content.decode()
    assert "open-threads" in svg
    services.comment_resolve(comment=thread, actor=world["reviewer"])
    # Resolving bumps no map version: the cache key must still change.
    svg = client.get(f"/maps/{world['map'].pk}/diagram.svg").content.decode()
    assert "open-threads" not in svg


# --- comment and verdict forms ---------------------------------------------------------


def test_a_reviewer_comments_on_a_link_and_lands_back_on_it(world, client):
    client.force_login(world["reviewer"])
    response = client.post(f"/maps/{world['map'].pk}/comments/",
                           {"link": world["support"].pk, "body": "Why?"})
    assert response.url == f"/maps/{world['map'].pk}/?selected=link-{world['support'].pk}"
    comment = Comment.objects.get()
    assert (comment.author, comment.link, comment.body) == (world["reviewer"],
                                                            world["support"], "Why?")


def test_a_reply_notifies_the_comment_author(world, client, thread):
    client.force_login(world["owner"])
    client.post(f"/maps/{world['map'].pk}/comments/", {"parent": thread.pk, "body": "Art. 92."})
    assert Notification.objects.filter(recipient=world["reviewer"],
                                       verb="comment.replied").count() == 1


def test_an_empty_comment_is_refused_with_a_400_naming_the_field(world, client):
    client.force_login(world["reviewer"])
    response = client.post(f"/maps/{world['map'].pk}/comments/",
                           {"link": world["support"].pk, "body": ""})
    assert Comment.objects.count() == 0
    assert response.status_code == 400
    assert (f'<p class="error field-error" id="new-comment-link-{world["support"].pk}-error">'
            "This field cannot be blank.</p>") in response.content.decode()


def test_a_comment_on_a_link_deleted_meanwhile_is_refused_keeping_its_text(world, client):
    link_pk = world["support"].pk
    Link.objects.filter(pk=link_pk).delete()
    client.force_login(world["reviewer"])
    response = client.post(f"/maps/{world['map'].pk}/comments/",
                           {"link": link_pk, "body": "Why?"})
    assert Comment.objects.count() == 0
    assert response.status_code == 400
    page = response.content.decode()
    assert "That link is no longer on this map" in page
    assert 'id="refused-text" rows="5" readonly autofocus>\nWhy?</textarea>' in page


def test_a_comment_of_another_map_is_404(world, client, thread):
    other = MapFactory(owner=world["reviewer"])
    client.force_login(world["reviewer"])
    response = client.post(f"/maps/{other.pk}/comments/{thread.pk}/edit", {"body": "x"})
    assert response.status_code == 404


def test_a_student_cannot_give_a_verdict_on_their_own_map(world, client):
    client.force_login(world["owner"])
    response = client.post(f"/maps/{world['map'].pk}/links/{world['support'].pk}/verdict",
                           {"value": "sound"})
    assert response.status_code == 403
    assert Verdict.objects.count() == 0


def test_a_reviewer_gives_a_verdict_with_a_reason(world, client):
    client.force_login(world["reviewer"])
    client.post(f"/maps/{world['map'].pk}/links/{world['support'].pk}/verdict",
                {"value": "needs_authority", "reason": "Which statute?"})
    verdict = Verdict.objects.get()
    assert (verdict.value, verdict.reason, verdict.reviewer) == (
        "needs_authority", "Which statute?", world["reviewer"])


def test_an_unknown_verdict_value_is_refused_beside_the_menu(world, client):
    client.force_login(world["reviewer"])
    response = client.post(f"/maps/{world['map'].pk}/links/{world['support'].pk}/verdict",
                           {"value": "brilliant", "reason": "Kept."})
    assert Verdict.objects.count() == 0
    assert response.status_code == 400
    page = response.content.decode()
    assert (f'id="verdict-{world["support"].pk}-error">'
            "Value &#x27;brilliant&#x27; is not a valid choice.</p>") in page
    assert ">\nKept.</textarea>" in page


def test_resolve_then_reopen_a_thread(world, client, thread):
    client.force_login(world["owner"])
    client.post(f"/maps/{world['map'].pk}/comments/{thread.pk}/resolve")
    thread.refresh_from_db()
    assert thread.resolved_at is not None
    client.post(f"/maps/{world['map'].pk}/comments/{thread.pk}/reopen")
    thread.refresh_from_db()
    assert thread.resolved_at is None


# --- rounds ----------------------------------------------------------------------------


def test_the_owner_sees_submit_and_the_reviewer_does_not(world, client):
    client.force_login(world["owner"])
    assert "Submit for review" in client.get(review_url(world)).content.decode()
    client.force_login(world["reviewer"])
    page = client.get(review_url(world)).content.decode()
    assert "Submit for review" not in page and ">Approve</button>" not in page


def test_the_owner_submits_and_the_reviewer_then_sees_approve(world, client):
    client.force_login(world["owner"])
    world["map"].refresh_from_db()
    response = client.post(f"/maps/{world['map'].pk}/review/submit",
                           {"version": world["map"].version})
    assert response.url == review_url(world)
    world["map"].refresh_from_db()
    assert world["map"].status == "in_review"
    client.force_login(world["reviewer"])
    page = client.get(review_url(world)).content.decode()
    assert ">Approve</button>" in page and ">Request changes</button>" in page


def test_a_stale_submit_form_submits_nothing(world, client):
    client.force_login(world["owner"])
    world["map"].refresh_from_db()
    stale = world["map"].version - 1
    response = client.post(f"/maps/{world['map'].pk}/review/submit", {"version": stale},
                           follow=True)
    assert ReviewRound.objects.count() == 0
    assert "The map changed since this page was loaded" in response.content.decode()


def test_the_reviewer_requests_changes_with_a_note(world, client):
    services.map_submit(argument_map=world["map"], actor=world["owner"])
    world["map"].refresh_from_db()
    client.force_login(world["reviewer"])
    client.post(f"/maps/{world['map'].pk}/review/finish",
                {"version": world["map"].version, "round": 1,
                 "outcome": "changes_requested", "note": "Cite the AUMF."})
    review_round = ReviewRound.objects.get()
    assert (review_round.outcome, review_round.note) == ("changes_requested", "Cite the AUMF.")
    client.force_login(world["owner"])
    page = client.get(review_url(world)).content.decode()
    assert "Changes requested" in page and "Submit for review" in page


def test_the_owner_cannot_approve_their_own_map(world, client):
    services.map_submit(argument_map=world["map"], actor=world["owner"])
    client.force_login(world["owner"])
    response = client.post(f"/maps/{world['map'].pk}/review/finish", {"outcome": "approved"})
    assert response.status_code == 403


def test_the_reviewer_sees_what_changed_since_their_last_round(world, client):
    services.map_submit(argument_map=world["map"], actor=world["owner"])
    services.round_finish(argument_map=world["map"], actor=world["reviewer"],
                          outcome="changes_requested")
    client.force_login(world["owner"])
    world["map"].refresh_from_db()
    client.post(f"/maps/{world['map'].pk}/links/",
                {"version": world["map"].version, "link-source": world["claim"].pk,
                 "link-relation": "relies_on", "link-target": world["authority_node"].pk})
    client.force_login(world["reviewer"])
    page = client.get(review_url(world)).content.decode()
    changes = page[page.index("Changes since your last round"):page.index('id="links-h"')]
    assert "Links added" in changes
    assert "The strike was unlawful. relies on UNCLOS art. 92" in changes
    assert "relies_on" not in changes


# --- the link list and its filters ------------------------------------------------------


@pytest.fixture
def reviewed(world, thread):
    """The support link has an open thread and an unsound verdict; the contest link none."""
    services.verdict_give(argument_map=world["map"], actor=world["reviewer"],
                          link=world["support"], value="unsound")
    return world


@pytest.mark.parametrize(("which", "support", "contest"), [
    ("", True, True), ("open", True, False), ("unsound", True, False),
    ("noverdict", False, True)])
def test_the_review_page_filters_links(reviewed, client, which, support, contest):
    client.force_login(reviewed["owner"])
    page = client.get(review_url(reviewed, f"?filter={which}")).content.decode()
    assert (f'id="review-link-{reviewed["support"].pk}"' in page,
            f'id="review-link-{reviewed["contest"].pk}"' in page) == (support, contest)


def test_a_thread_on_a_deleted_link_stays_readable(world, client, thread):
    Link.objects.filter(pk=world["support"].pk).delete()
    client.force_login(world["owner"])
    page = client.get(review_url(world)).content.decode()
    assert "Threads on links or nodes since deleted" in page
    assert "Which authority says so?" in page


def test_the_link_list_and_a_deleted_links_thread_say_the_relation_in_words(world, client):
    violates = LinkFactory(source=world["claim"], target=world["authority_node"],
                           relation="violates")
    services.comment_create(argument_map=world["map"], actor=world["reviewer"], link=violates,
                            body="Which article of it?")
    client.force_login(world["owner"])
    page = client.get(review_url(world)).content.decode()
    assert "<em>says violates</em>" in page and "<em>disputes applicability</em>" in page

    Link.objects.filter(pk=violates.pk).delete()
    page = client.get(review_url(world)).content.decode()
    orphans = page[page.index("Threads on links or nodes since deleted"):]
    assert "About: The strike was unlawful. says violates UNCLOS art. 92" in orphans


def test_an_outsider_gets_404_for_the_review_page(world, client):
    client.force_login(world["outsider"])
    assert client.get(review_url(world)).status_code == 404


def _big_review(owner, reviewer, n):
    argument_map = MapFactory(owner=owner)
    Membership.objects.create(map=argument_map, user=reviewer, role="reviewer")
    for _ in range(n):
        link = LinkFactory(source=PassageFactory(map=argument_map),
                           target=ClaimFactory(map=argument_map))
        comment = services.comment_create(argument_map=argument_map, actor=reviewer,
                                          link=link, body="Why?")
        services.comment_create(argument_map=argument_map, actor=owner, parent=comment,
                                body="Because.")
        services.verdict_give(argument_map=argument_map, actor=reviewer, link=link,
                              value="sound")
    services.map_submit(argument_map=argument_map, actor=owner)
    return argument_map


def test_the_review_page_costs_the_same_queries_for_a_small_and_a_large_map(cast, client):
    small, large = (_big_review(cast["owner"], cast["reviewer"], n) for n in (2, 30))
    client.force_login(cast["reviewer"])
    counts = []
    for argument_map in (small, large):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/maps/{argument_map.pk}/review/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[0] <= 16


# --- reviewers -------------------------------------------------------------------------


def test_the_owner_adds_a_reviewer_by_email_and_removes_them(world, client):
    world["outsider"].email = "dave@example.org"
    world["outsider"].save()
    client.force_login(world["owner"])
    client.post(f"/maps/{world['map'].pk}/review/reviewers/", {"user": "DAVE@example.org"})
    membership = Membership.objects.get(map=world["map"], user=world["outsider"])
    assert membership.role == "reviewer"
    client.post(f"/maps/{world['map'].pk}/review/reviewers/{membership.pk}/remove")
    assert not Membership.objects.filter(pk=membership.pk).exists()
    client.force_login(world["outsider"])
    assert client.get(review_url(world)).status_code == 404


def test_adding_an_unknown_user_says_so(world, client):
    client.force_login(world["owner"])
    response = client.post(f"/maps/{world['map'].pk}/review/reviewers/", {"user": "nobody"},
                           follow=True)
    assert "No user with the username or email “nobody”." in response.content.decode()


def test_the_editor_gets_no_reviewer_controls(world, client):
    client.force_login(world["editor"])
    page = client.get(review_url(world)).content.decode()
    assert "Add reviewer" not in page and ">Remove</button>" not in page


# --- header, notifications, dashboard --------------------------------------------------


def test_the_header_counts_unread_notifications_and_the_page_marks_them_read(world, client,
                                                                           thread):
    client.force_login(world["owner"])
    assert 'aria-label="Notifications, 1 unread"' in client.get("/").content.decode()
    page = client.get("/notifications/").content.decode()
    assert "commented on" in page and "Boat strikes" in page
    client.post("/notifications/read")
    assert 'aria-label="Notifications, 0 unread"' in client.get("/").content.decode()


def test_the_dashboard_lists_only_maps_in_review_as_awaiting_review(world, client):
    client.force_login(world["reviewer"])
    page = client.get("/").content.decode()
    assert "Boat strikes" not in page[page.index("Awaiting my review"):]
    services.map_submit(argument_map=world["map"], actor=world["owner"])
    page = client.get("/").content.decode()
    assert "Boat strikes" in page[page.index("Awaiting my review"):]
