"""Permission-matrix rows for the review API (comments, verdicts, rounds, notifications);
tests/test_permissions.py runs them.

Each row: (url name, method, path(world), body(world) or None, expected status per role).
Readers of a map read its review; members except viewers comment; only authors edit or
delete a comment; the owner, reviewers and instructors resolve threads; only reviewers and
instructors give verdicts and finish rounds; students (owner, editors) submit. Paths that
need a comment, a round or a notification create it through the services first.
"""

from legalmap.reviews import services
from tests.conftest import ROLES


def expect(owner, editor, reviewer, outsider, instructor, anonymous):
    return dict(zip(ROLES, [owner, editor, reviewer, outsider, instructor, anonymous],
                    strict=True))


READ = expect(200, 200, 200, 404, 200, 401)
SIGNED_IN = expect(200, 200, 200, 200, 200, 401)


def m(w):
    return w["map"].pk


def _charlie_comment(w, resolved=False):
    """A thread Charlie (the reviewer) started on the support link."""
    comment = services.comment_create(argument_map=w["map"], actor=w["reviewer"],
                                      link=w["support"], body="Which authority says so?")
    if resolved:
        services.comment_resolve(comment=comment, actor=w["reviewer"])
    return comment


def _comment_url(w, suffix="", **kwargs):
    return f"/api/maps/{m(w)}/comments/{_charlie_comment(w, **kwargs).pk}/{suffix}"


def _submitted(w):
    """Round 1, submitted by Alice: the map is in review."""
    return services.map_submit(argument_map=w["map"], actor=w["owner"])


def _alice_notification(w):
    _charlie_comment(w)  # tells Alice, the owner
    return w["owner"].notifications.get()


ROWS: list = [
    ("review-comment-list", "get", lambda w: f"/api/maps/{m(w)}/comments/", None, READ),
    ("review-comment-list", "post", lambda w: f"/api/maps/{m(w)}/comments/",
     lambda w: {"link": w["support"].pk, "body": "Why *this* passage?"},
     expect(201, 201, 201, 404, 201, 401)),
    ("review-comment-detail", "get", lambda w: _comment_url(w), None, READ),
    ("review-comment-detail", "patch", lambda w: _comment_url(w), lambda w: {"body": "Edited."},
     expect(403, 403, 200, 404, 403, 401)),
    ("review-comment-detail", "delete", lambda w: _comment_url(w), None,
     expect(403, 403, 204, 404, 403, 401)),
    ("review-comment-resolve", "post", lambda w: _comment_url(w, "resolve/"), None,
     expect(200, 403, 200, 404, 200, 401)),
    ("review-comment-reopen", "post", lambda w: _comment_url(w, "reopen/", resolved=True), None,
     expect(200, 403, 200, 404, 200, 401)),
    ("review-verdict-list", "get", lambda w: f"/api/maps/{m(w)}/verdicts/", None, READ),
    ("review-verdict-list", "post", lambda w: f"/api/maps/{m(w)}/verdicts/",
     lambda w: {"link": w["support"].pk, "value": "needs_authority"},
     expect(403, 403, 201, 404, 201, 401)),
    ("review-verdict-history", "get", lambda w: f"/api/maps/{m(w)}/verdicts/history/", None,
     READ),
    ("review-round-list", "get", lambda w: f"/api/maps/{m(w)}/rounds/", None, READ),
    ("review-round-list", "post", lambda w: f"/api/maps/{m(w)}/rounds/", lambda w: {},
     expect(201, 201, 403, 404, 201, 401)),
    ("review-round-detail", "get",
     lambda w: f"/api/maps/{m(w)}/rounds/{_submitted(w).number}/", None, READ),
    ("review-round-finish", "post",
     lambda w: f"/api/maps/{m(w)}/rounds/{_submitted(w).number}/finish/",
     lambda w: {"outcome": "changes_requested", "note": "Cite the AUMF."},
     expect(403, 403, 200, 404, 200, 401)),
    ("review-round-changes", "get", lambda w: f"/api/maps/{m(w)}/rounds/changes/", None, READ),
    ("notification-list", "get", lambda w: "/api/notifications/", None, SIGNED_IN),
    ("notification-read", "post",
     lambda w: f"/api/notifications/{_alice_notification(w).pk}/read/", None,
     expect(200, 404, 404, 404, 404, 401)),
    ("notification-read-all", "post", lambda w: "/api/notifications/read-all/", None, SIGNED_IN),
    ("notification-unread-count", "get", lambda w: "/api/notifications/unread-count/", None,
     SIGNED_IN),
]

# The HTML pages and forms of reviews (legalmap/reviews/views.py): anonymous visitors go to
# the login page (302); a form that succeeds redirects (302).
READ_PAGE = expect(200, 200, 200, 404, 200, 302)
PAGE = expect(200, 200, 200, 200, 200, 302)


def _page_comment(w, action, **kwargs):
    return f"/maps/{m(w)}/comments/{_charlie_comment(w, **kwargs).pk}/{action}"


def _reviewer_membership(w):
    return w["map"].memberships.get(role="reviewer").pk


ROWS += [
    ("map-review-page", "get", lambda w: f"/maps/{m(w)}/review/", None, READ_PAGE),
    ("map-review-page", "get", lambda w: f"/maps/{m(w)}/review/?filter=open", None, READ_PAGE),
    ("map-review-submit", "post", lambda w: f"/maps/{m(w)}/review/submit", lambda w: {},
     expect(302, 302, 403, 404, 302, 302)),
    ("map-review-finish", "post",
     lambda w: _submitted(w) and f"/maps/{m(w)}/review/finish",
     lambda w: {"outcome": "changes_requested", "note": "Cite the AUMF."},
     expect(403, 403, 302, 404, 302, 302)),
    ("map-reviewer-add", "post", lambda w: f"/maps/{m(w)}/review/reviewers/",
     lambda w: {"user": "dave"}, expect(302, 403, 403, 404, 302, 302)),
    ("map-reviewer-remove", "post",
     lambda w: f"/maps/{m(w)}/review/reviewers/{_reviewer_membership(w)}/remove", None,
     expect(302, 403, 403, 404, 302, 302)),
    ("map-comment-create", "post", lambda w: f"/maps/{m(w)}/comments/",
     lambda w: {"link": w["support"].pk, "body": "Why *this* passage?"},
     expect(302, 302, 302, 404, 302, 302)),
    ("map-comment-edit", "post", lambda w: _page_comment(w, "edit"),
     lambda w: {"body": "Edited."}, expect(403, 403, 302, 404, 403, 302)),
    ("map-comment-delete", "post", lambda w: _page_comment(w, "delete"), None,
     expect(403, 403, 302, 404, 403, 302)),
    ("map-comment-resolve", "post", lambda w: _page_comment(w, "resolve"), None,
     expect(302, 403, 302, 404, 302, 302)),
    ("map-comment-reopen", "post", lambda w: _page_comment(w, "reopen", resolved=True), None,
     expect(302, 403, 302, 404, 302, 302)),
    ("map-verdict-give", "post", lambda w: f"/maps/{m(w)}/links/{w['support'].pk}/verdict",
     lambda w: {"value": "needs_authority", "reason": "Which statute?"},
     expect(403, 403, 302, 404, 302, 302)),
    ("notifications-page", "get", lambda w: "/notifications/", None, PAGE),
    ("notifications-read", "post", lambda w: "/notifications/read", None,
     expect(302, 302, 302, 302, 302, 302)),
    # Someone else's notification: the same 404 as none at all.
    ("notifications-read", "post", lambda w: "/notifications/read",
     lambda w: {"id": _alice_notification(w).pk}, expect(302, 404, 404, 404, 404, 302)),
]

PAGES: set = {"map-review-page", "map-review-submit", "map-review-finish", "map-reviewer-add",
              "map-reviewer-remove", "map-comment-create", "map-comment-edit",
              "map-comment-delete", "map-comment-resolve", "map-comment-reopen",
              "map-verdict-give", "notifications-page", "notifications-read"}
