"""The thread and verdict forms with htmx and without (issue 6, "Review: reviewers comment
on links, in threads, give verdicts"): with htmx a form answers with the part it changed and
says what it did in HX-Trigger; a refused form answers 400 (403) with the form again, the
typed text in the box and the error beside its field; without JavaScript the same forms
redirect on success and draw the whole page again, at 400, when refused.

The cast: Alice owns the map, Bob edits it, Charlie reviews it, Dave is an outsider, Ida
is an instructor (tests/conftest.py); Vera is a viewer (tests/reviews/conftest.py).
"""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from legalmap.maps.models import Link, Membership
from legalmap.reviews import services
from legalmap.reviews.models import MAX_COMMENT_CHARS, Comment, Verdict
from tests.factories import ClaimFactory, LinkFactory, MapFactory, PassageFactory

HX = {"HTTP_HX_REQUEST": "true"}
TOO_LONG = "Cite *this*. " + "x" * MAX_COMMENT_CHARS
TOO_LONG_ERROR = (f"Ensure this value has at most {MAX_COMMENT_CHARS} characters "
                  f"(it has {len(TOO_LONG)}).")


def url(w, *parts):
    return "/".join([f"/maps/{w['map'].pk}", *map(str, parts)])


def comment(client, w, htmx=True, **data):
    return client.post(url(w, "comments/"), data, **(HX if htmx else {}))


def triggered(response) -> dict:
    return json.loads(response["HX-Trigger"])


@pytest.fixture
def charlie(world, client):
    client.force_login(world["reviewer"])
    return client


# --- htmx: what a form that succeeds answers --------------------------------------------


def test_a_new_thread_answers_with_the_thread_a_fresh_form_and_the_open_count(world,
                                                                           charlie):
    link = world["support"]
    response = comment(charlie, world, link=link.pk, body="Which *authority*?")
    new = Comment.objects.get()
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html  # a fragment, appended to the link's list of threads
    assert f'<article class="thread" id="thread-{new.pk}" tabindex="-1" autofocus>' in html
    assert "<p>Which <em>authority</em>?</p>" in html
    assert (f'<details class="edit new-thread" id="new-thread-link-{link.pk}" '
            'hx-swap-oob="true">') in html
    assert (f'<span class="count open-count" id="open-link-{link.pk}" hx-swap-oob="true">'
            "(1 open)</span>") in html
    assert triggered(response) == {
        "review-status": {"message": "Comment posted.", "error": False},
        "review-changed": {"link": link.pk, "open": 1}}


def test_a_comment_on_a_node_answers_without_a_diagram_change(world, charlie):
    response = comment(charlie, world, node=world["claim"].pk, body="Too broad.")
    assert f'id="open-node-{world["claim"].pk}" hx-swap-oob="true">(1 open)' in (
        response.content.decode())
    assert triggered(response) == {
        "review-status": {"message": "Comment posted.", "error": False}}


def test_a_reply_answers_with_the_whole_thread(world, client, thread):
    client.force_login(world["owner"])
    response = comment(client, world, parent=thread.pk, body="UNCLOS art. 92.")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Which authority says so?") < html.index("UNCLOS art. 92.")
    assert 'class="comment depth-1"' in html
    assert "new-thread-link" not in html  # the form to start a thread is left alone
    assert triggered(response)["review-status"] == {"message": "Reply posted.",
                                                    "error": False}


def test_an_edit_answers_with_the_thread_showing_the_new_words(world, charlie, thread):
    response = charlie.post(url(world, "comments", thread.pk, "edit"),
                            {"body": "Which statute?"}, **HX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<p>Which statute?</p>" in html and ">edited</em>" in html
    assert triggered(response)["review-status"]["message"] == "Comment saved."


def test_a_delete_answers_with_the_thread_showing_the_gap(world, charlie, thread):
    response = charlie.post(url(world, "comments", thread.pk, "delete"), **HX)
    assert response.status_code == 200
    assert "This comment was deleted." in response.content.decode()
    assert triggered(response)["review-status"]["message"] == "Comment deleted."


def test_resolving_answers_with_the_thread_and_unmarks_the_link(world, charlie, thread):
    response = charlie.post(url(world, "comments", thread.pk, "resolve"), **HX)
    html = response.content.decode()
    assert f'<article class="thread resolved" id="thread-{thread.pk}"' in html
    assert "Reopen thread" in html
    assert f'id="open-link-{world["support"].pk}" hx-swap-oob="true"></span>' in html
    assert triggered(response) == {
        "review-status": {"message": "Thread resolved.", "error": False},
        "review-changed": {"link": world["support"].pk, "open": 0}}


def test_a_verdict_answers_with_the_verdict_block(world, charlie):
    link = world["support"]
    response = charlie.post(url(world, "links", link.pk, "verdict"),
                            {"value": "needs_authority", "reason": "Which statute?"}, **HX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(
        f'<div class="verdict-block" id="verdicts-link-{link.pk}" tabindex="-1" autofocus>')
    assert "Needs authority</span>" in html and "— Which statute?" in html
    assert triggered(response) == {"review-status": {
        "message": "Verdict recorded: Needs authority.", "error": False}}


# --- htmx: what a refused form answers ----------------------------------------------------


def test_an_over_long_comment_is_a_400_with_the_form_again_and_the_text_kept(world,
                                                                            charlie):
    link = world["support"]
    response = comment(charlie, world, link=link.pk, body=TOO_LONG)
    html = response.content.decode()
    assert Comment.objects.count() == 0
    assert response.status_code == 400
    assert (response["HX-Retarget"], response["HX-Reswap"]) == (
        f"#new-thread-link-{link.pk}", "outerHTML")
    assert html.lstrip().startswith(
        f'<details class="edit new-thread" id="new-thread-link-{link.pk}" open>')
    assert (f'aria-invalid="true" aria-describedby="new-comment-link-{link.pk}-error" '
            f"autofocus>\nCite *this*. x") in html
    assert f"{TOO_LONG}</textarea>" in html
    assert (f'<p class="error field-error" id="new-comment-link-{link.pk}-error">'
            f"{TOO_LONG_ERROR}</p>") in html
    assert triggered(response) == {"review-status": {
        "message": f"Your comment was not posted: {TOO_LONG_ERROR}", "error": True}}


def test_an_empty_reply_is_a_400_with_the_reply_form_again(world, client, thread):
    client.force_login(world["owner"])
    response = comment(client, world, parent=thread.pk, body="")
    assert response.status_code == 400
    assert response["HX-Retarget"] == f"#reply-form-{thread.pk}"
    assert f'id="reply-body-{thread.pk}-error">This field cannot be blank.</p>' in (
        response.content.decode())


def test_a_reply_to_a_comment_deleted_meanwhile_keeps_the_text_and_aims_at_the_thread(
        world, client, thread):
    reply = services.comment_create(argument_map=world["map"], actor=world["reviewer"],
                                    parent=thread, body="And which article?")
    services.comment_delete(comment=reply, actor=world["reviewer"])
    client.force_login(world["owner"])
    response = comment(client, world, parent=reply.pk, body="Article 92.")
    html = response.content.decode()
    assert response.status_code == 400
    assert response["HX-Retarget"] == f"#reply-form-{thread.pk}"
    assert "That comment was deleted; reply to its thread." in html
    assert ">\nArticle 92.</textarea>" in html
    # Sent again, the reply answers the thread's latest live comment and is posted.
    assert f'name="parent" value="{thread.pk}"' in html


def test_a_comment_on_a_link_deleted_meanwhile_is_a_400_naming_the_link(world, charlie):
    link_pk = world["support"].pk
    Link.objects.filter(pk=link_pk).delete()
    response = comment(charlie, world, link=link_pk, body="Why?")
    html = response.content.decode()
    assert response.status_code == 400
    assert response["HX-Retarget"] == f"#new-thread-link-{link_pk}"
    assert ('<ul class="errorlist form-errors"><li>That link is no longer on this map; '
            "nothing was posted.</li></ul>") in html
    assert ">\nWhy?</textarea>" in html


def test_a_viewers_comment_is_a_403_with_the_text_kept(world, client, viewer):
    client.force_login(viewer)
    response = comment(client, world, link=world["support"].pk, body="Me too.")
    assert response.status_code == 403
    assert response["HX-Retarget"] == f"#new-thread-link-{world['support'].pk}"
    assert "Viewers may read this map&#x27;s review but not comment on it." in (
        response.content.decode())
    assert ">\nMe too.</textarea>" in response.content.decode()


def test_an_over_long_edit_is_a_400_keeping_the_new_words(world, charlie, thread):
    response = charlie.post(url(world, "comments", thread.pk, "edit"), {"body": TOO_LONG},
                            **HX)
    thread.refresh_from_db()
    assert thread.body == "Which authority says so?"
    assert response.status_code == 400
    assert response["HX-Retarget"] == f"#edit-form-{thread.pk}"
    assert f"{TOO_LONG}</textarea>" in response.content.decode()


def test_an_over_long_verdict_reason_is_a_400_keeping_value_and_reason(world, charlie):
    link = world["support"]
    response = charlie.post(url(world, "links", link.pk, "verdict"),
                            {"value": "unsound", "reason": TOO_LONG}, **HX)
    html = response.content.decode()
    assert Verdict.objects.count() == 0
    assert response.status_code == 400
    assert response["HX-Retarget"] == f"#verdict-form-{link.pk}"
    assert '<option value="unsound" selected>' in html
    assert f"{TOO_LONG}</textarea>" in html
    assert f'id="verdict-reason-{link.pk}-error">{TOO_LONG_ERROR}</p>' in html


def test_a_students_verdict_is_a_403_with_the_reason(world, client):
    client.force_login(world["owner"])
    response = client.post(url(world, "links", world["support"].pk, "verdict"),
                           {"value": "sound", "reason": "Mine is fine."}, **HX)
    assert response.status_code == 403
    assert "Students never give verdicts on their own map." in response.content.decode()
    assert ">\nMine is fine.</textarea>" in response.content.decode()


def test_resolving_a_reply_is_a_400_that_swaps_nothing(world, client, thread):
    reply = services.comment_create(argument_map=world["map"], actor=world["owner"],
                                    parent=thread, body="Done.")
    client.force_login(world["owner"])
    response = client.post(url(world, "comments", reply.pk, "resolve"), **HX)
    assert (response.status_code, response["HX-Reswap"], response.content) == (400, "none", b"")
    assert triggered(response) == {"review-status": {"message": (
        f"Only a thread's first comment can be resolved; this one replies to comment "
        f"{thread.pk}."), "error": True}}


def test_an_editor_resolving_is_a_403_that_swaps_nothing(world, client, thread):
    client.force_login(world["editor"])
    response = client.post(url(world, "comments", thread.pk, "resolve"), **HX)
    assert (response.status_code, response["HX-Reswap"]) == (403, "none")
    assert triggered(response)["review-status"]["error"] is True


def test_an_outsider_gets_a_plain_404(world, client):
    client.force_login(world["outsider"])
    response = comment(client, world, link=world["support"].pk, body="Hi")
    assert response.status_code == 404
    assert "HX-Trigger" not in response


def test_a_signed_out_htmx_post_is_a_401_that_swaps_nothing(world, client):
    response = comment(client, world, link=world["support"].pk, body="Still here?")
    assert (response.status_code, response["HX-Reswap"]) == (401, "none")
    assert Comment.objects.count() == 0


# The same forms through htmx, for the whole cast (the matrix in tests/permissions rows the
# plain POSTs): success is 200 with a fragment instead of 302; signed out is 401.
HTMX_ROWS = [
    ("new thread", lambda w, t: ("comments/", {"link": w["support"].pk, "body": "Why?"}),
     {"owner": 200, "editor": 200, "reviewer": 200, "outsider": 404, "instructor": 200,
      "anonymous": 401}),
    ("edit", lambda w, t: (f"comments/{t.pk}/edit", {"body": "Edited."}),
     {"owner": 403, "editor": 403, "reviewer": 200, "outsider": 404, "instructor": 403,
      "anonymous": 401}),
    ("resolve", lambda w, t: (f"comments/{t.pk}/resolve", {}),
     {"owner": 200, "editor": 403, "reviewer": 200, "outsider": 404, "instructor": 200,
      "anonymous": 401}),
    ("verdict", lambda w, t: (f"links/{w['support'].pk}/verdict", {"value": "sound"}),
     {"owner": 403, "editor": 403, "reviewer": 200, "outsider": 404, "instructor": 200,
      "anonymous": 401}),
]


@pytest.mark.parametrize(("role", "form", "where", "expected"), [
    pytest.param(role, form, where, expected[role], id=f"{form}-{role}")
    for form, where, expected in HTMX_ROWS for role in expected])
def test_htmx_forms_answer_each_role(world, client, thread, role, form, where, expected):
    if world[role] is not None:
        client.force_login(world[role])
    path, data = where(world, thread)
    assert client.post(url(world, path), data, **HX).status_code == expected


# --- without JavaScript ---------------------------------------------------------------


def test_without_htmx_a_comment_still_redirects_to_its_link_with_a_message(world, charlie):
    response = comment(charlie, world, htmx=False, link=world["support"].pk, body="Why?")
    assert response.status_code == 302
    assert response.url == url(world, f"?selected=link-{world['support'].pk}")
    page = charlie.get(response.url).content.decode()
    assert "Comment posted." in page and "<p>Why?</p>" in page


def test_without_htmx_a_refused_comment_is_the_map_page_at_400_with_the_text(world,
                                                                            charlie):
    link = world["support"]
    response = comment(charlie, world, htmx=False, link=link.pk, body=TOO_LONG)
    page = response.content.decode()
    assert response.status_code == 400
    assert "<html" in page and 'id="panel"' in page
    assert "{#" not in page and "{%" not in page  # no template comment leaks as text
    assert f'<details class="edit new-thread" id="new-thread-link-{link.pk}" open>' in page
    assert f"{TOO_LONG}</textarea>" in page
    assert (f"Your comment was not posted: {TOO_LONG_ERROR} What you wrote is kept below."
            in page)
    assert 'id="refused-text"' not in page  # the form itself holds it


def test_without_htmx_a_refused_reply_on_the_review_page_comes_back_there(world, client,
                                                                        thread):
    client.force_login(world["owner"])
    review = url(world, "review/?filter=open")
    response = comment(client, world, htmx=False, parent=thread.pk, body="", next=review)
    page = response.content.decode()
    assert response.status_code == 400
    assert "<h1>Review: Boat strikes</h1>" in page
    assert f'<details class="edit" id="reply-form-{thread.pk}" open>' in page
    # Its forms still come back to the review page, not to the URL this answered.
    assert f'<input type="hidden" name="next" value="{review}">' in page.replace("&amp;", "&")


def test_without_htmx_a_refused_verdict_of_a_student_is_a_403(world, client):
    client.force_login(world["owner"])
    response = client.post(url(world, "links", world["support"].pk, "verdict"),
                           {"value": "sound", "reason": "Mine is fine."})
    page = response.content.decode()
    assert response.status_code == 403
    # The owner has no verdict form: the reason comes back as text to copy.
    assert 'id="refused-text" rows="5" readonly autofocus>\nMine is fine.</textarea>' in page


def test_without_htmx_resolving_a_reply_is_a_400_page_with_the_reason(world, client,
                                                                    thread):
    reply = services.comment_create(argument_map=world["map"], actor=world["owner"],
                                    parent=thread, body="Done.")
    client.force_login(world["owner"])
    response = client.post(url(world, "comments", reply.pk, "resolve"))
    assert response.status_code == 400
    assert "Only a thread&#x27;s first comment can be resolved" in response.content.decode()


def test_the_panels_links_work_from_a_page_drawn_at_a_form_url(world, charlie):
    response = comment(charlie, world, htmx=False, link=world["support"].pk, body="")
    page = response.content.decode()
    assert 'href="?selected=' not in page  # relative to /comments/: a GET on a POST URL
    assert f'href="/maps/{world["map"].pk}/?selected=node-' in page


# --- cost ------------------------------------------------------------------------------


def _map_with_threads(owner, reviewer, n):
    argument_map = MapFactory(owner=owner)
    Membership.objects.create(map=argument_map, user=reviewer, role="reviewer")
    links = [LinkFactory(source=PassageFactory(map=argument_map),
                         target=ClaimFactory(map=argument_map)) for _ in range(n)]
    for link in links:
        services.comment_create(argument_map=argument_map, actor=reviewer, link=link,
                                body="Why *this*?")
    return argument_map, links[0]


# What the POST did before htmx (session, user, the map and its members, the link or parent,
# the service's checks, the insert, its event, the notification) and one query more for the
# answer, the map's comments: the same for 2 threads or 40, so no N+1. (Without htmx the
# same POST redirects, and the browser then loads the whole map page.)
@pytest.mark.parametrize("reply", [False, True], ids=["new-thread", "reply"])
def test_an_htmx_comment_costs_the_same_queries_on_a_small_and_a_large_map(cast, client,
                                                                         reply):
    client.force_login(cast["reviewer"])
    counts = []
    for argument_map, link in (_map_with_threads(cast["owner"], cast["reviewer"], n)
                               for n in (2, 40)):
        root = Comment.objects.filter(link=link).first()
        data = {"parent": root.pk} if reply else {"link": link.pk}
        with CaptureQueriesContext(connection) as queries:
            response = client.post(f"/maps/{argument_map.pk}/comments/",
                                   {**data, "body": "And?"}, **HX)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
