"""The permission matrix (STYLE.md habit 2): every endpoint and page × every role.

A new URL without a row here fails ``test_every_url_has_a_row``.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import ROLES, if_match
from tests.permissions import (
    rows_analysis,
    rows_catalogue,
    rows_exports,
    rows_reader,
    rows_review,
)


def expect(owner, editor, reviewer, outsider, instructor, anonymous):
    return dict(zip(ROLES, [owner, editor, reviewer, outsider, instructor, anonymous],
                    strict=True))


READ_MAP = expect(200, 200, 200, 404, 200, 401)
CATALOGUE = expect(200, 200, 200, 200, 200, 401)
STAFF_CREATE = expect(403, 403, 403, 403, 201, 401)
STAFF_UPDATE = expect(403, 403, 403, 403, 200, 401)
PAGE = expect(200, 200, 200, 200, 200, 302)


def page_write(ok):
    """HTML forms: success redirects; anonymous is sent to the login page."""
    return expect(ok, ok, 403, 404, ok, 302)


READ_PAGE = expect(200, 200, 200, 404, 200, 302)


def form(w, **fields):
    w["map"].refresh_from_db()
    return {"version": w["map"].version, **fields}


def write_map(ok):
    return expect(ok, ok, 403, 404, ok, 401)


def manage_map(ok):
    return expect(ok, 403, 403, 404, ok, 401)


def m(w):
    return w["map"].pk


# (url name, method, path, body, expected status per role)
ROWS = [
    ("authority-list", "get", lambda w: "/api/authorities/", None, CATALOGUE),
    ("authority-list", "post", lambda w: "/api/authorities/", lambda w: {
        "slug": "new-one", "name": "New", "short_name": "N", "kind": "statute",
        "jurisdiction": "us", "citation": "1 U.S.C. § 1", "summary": "S."}, STAFF_CREATE),
    ("authority-detail", "get", lambda w: "/api/authorities/unclos-92/", None, CATALOGUE),
    ("authority-detail", "patch", lambda w: "/api/authorities/unclos-92/",
     lambda w: {"summary": "Changed."}, STAFF_UPDATE),
    ("article-list", "get", lambda w: "/api/articles/", None, CATALOGUE),
    ("article-list", "post", lambda w: "/api/articles/",
     lambda w: {"title": "Pasted", "text": "Some text."}, STAFF_CREATE),
    ("article-detail", "get", lambda w: f"/api/articles/{w['article'].pk}/", None, CATALOGUE),
    ("article-detail", "patch", lambda w: f"/api/articles/{w['article'].pk}/",
     lambda w: {"publisher": "Other"}, STAFF_UPDATE),
    ("map-list", "get", lambda w: "/api/maps/", None, CATALOGUE),
    ("map-list", "post", lambda w: "/api/maps/", lambda w: {"title": "Mine"},
     expect(201, 201, 201, 201, 201, 401)),
    ("map-detail", "get", lambda w: f"/api/maps/{m(w)}/", None, READ_MAP),
    ("map-detail", "patch", lambda w: f"/api/maps/{m(w)}/", lambda w: {"title": "T2"},
     write_map(200)),
    ("map-detail", "delete", lambda w: f"/api/maps/{m(w)}/", None, manage_map(204)),
    ("membership-list", "get", lambda w: f"/api/maps/{m(w)}/members/", None, READ_MAP),
    ("membership-list", "post", lambda w: f"/api/maps/{m(w)}/members/",
     lambda w: {"user": "dave", "role": "viewer"}, manage_map(201)),
    ("membership-detail", "get",
     lambda w: f"/api/maps/{m(w)}/members/{w['map'].memberships.get(role='editor').pk}/",
     None, READ_MAP),
    ("membership-detail", "patch",
     lambda w: f"/api/maps/{m(w)}/members/{w['map'].memberships.get(role='editor').pk}/",
     lambda w: {"role": "viewer"}, manage_map(200)),
    ("membership-detail", "delete",
     lambda w: f"/api/maps/{m(w)}/members/{w['map'].memberships.get(role='reviewer').pk}/",
     None, manage_map(204)),
    ("node-list", "get", lambda w: f"/api/maps/{m(w)}/nodes/", None, READ_MAP),
    ("node-list", "post", lambda w: f"/api/maps/{m(w)}/nodes/",
     lambda w: {"kind": "claim", "text": "New claim."}, write_map(201)),
    ("node-detail", "get", lambda w: f"/api/maps/{m(w)}/nodes/{w['claim'].pk}/", None,
     READ_MAP),
    ("node-detail", "patch", lambda w: f"/api/maps/{m(w)}/nodes/{w['claim'].pk}/",
     lambda w: {"text": "Edited."}, write_map(200)),
    ("node-detail", "delete", lambda w: f"/api/maps/{m(w)}/nodes/{w['claim'].pk}/", None,
     write_map(204)),
    ("link-list", "get", lambda w: f"/api/maps/{m(w)}/links/", None, READ_MAP),
    ("link-list", "post", lambda w: f"/api/maps/{m(w)}/links/",
     lambda w: {"source": w["claim"].pk, "target": w["authority_node"].pk,
                "relation": "relies_on"}, write_map(201)),
    ("link-detail", "get", lambda w: f"/api/maps/{m(w)}/links/{w['support'].pk}/", None,
     READ_MAP),
    ("link-detail", "patch", lambda w: f"/api/maps/{m(w)}/links/{w['support'].pk}/",
     lambda w: {"rationale": "Because."}, write_map(200)),
    ("link-detail", "delete", lambda w: f"/api/maps/{m(w)}/links/{w['support'].pk}/", None,
     write_map(204)),
    ("map-evaluation", "get", lambda w: f"/api/maps/{m(w)}/evaluation/", None, READ_MAP),
    ("map-diagram", "get", lambda w: f"/api/maps/{m(w)}/diagram/", None, READ_MAP),
    ("authority-matrix", "get", lambda w: f"/api/authority-matrix/?map={m(w)}", None, READ_MAP),
    ("authority-matrix", "get", lambda w: "/api/authority-matrix/", None, CATALOGUE),
    ("map-page", "get", lambda w: f"/maps/{m(w)}/", None, READ_PAGE),
    ("map-create-page", "post", lambda w: "/maps/new/", lambda w: {"title": "New map"},
     expect(302, 302, 302, 302, 302, 302)),
    ("map-diagram-svg", "get", lambda w: f"/maps/{m(w)}/diagram.svg", None, READ_PAGE),
    ("authority-matrix-page", "get", lambda w: f"/matrix/?map={m(w)}", None, READ_PAGE),
    ("authority-matrix-page", "get", lambda w: "/matrix/", None, PAGE),
    ("map-claim-create", "post", lambda w: f"/maps/{m(w)}/claims/",
     lambda w: form(w, **{"claim-text": "A new claim."}), page_write(302)),
    ("map-authority-add", "post", lambda w: f"/maps/{m(w)}/authorities/",
     lambda w: form(w, authority="unclos-92"), page_write(302)),
    ("map-link-create", "post", lambda w: f"/maps/{m(w)}/links/",
     lambda w: form(w, **{"link-source": w["claim"].pk, "link-relation": "relies_on",
                          "link-target": w["authority_node"].pk}), page_write(302)),
    ("map-link-edit", "post", lambda w: f"/maps/{m(w)}/links/{w['support'].pk}/edit",
     lambda w: form(w, **{"edit-relation": "attacks", "edit-rationale": "No."}),
     page_write(302)),
    ("map-link-delete", "post", lambda w: f"/maps/{m(w)}/links/{w['support'].pk}/delete",
     lambda w: form(w), page_write(302)),
    ("map-node-edit", "post", lambda w: f"/maps/{m(w)}/nodes/{w['claim'].pk}/edit",
     lambda w: form(w, **{"edit-text": "Edited claim."}), page_write(302)),
    ("map-node-delete", "post", lambda w: f"/maps/{m(w)}/nodes/{w['claim'].pk}/delete",
     lambda w: form(w), page_write(302)),
    ("api-root", "get", lambda w: "/api/", None, CATALOGUE),
    ("api-schema", "get", lambda w: "/api/schema/", None, PAGE),
    ("api-docs", "get", lambda w: "/api/docs/", None, PAGE),
    ("api-redoc", "get", lambda w: "/api/redoc/", None, PAGE),
    ("api-token", "post", lambda w: "/api/auth/token/",
     lambda w: {"username": "alice", "password": "wrong"}, expect(400, 400, 400, 400, 400, 400)),
    ("dashboard", "get", lambda w: "/", None, PAGE),
    ("healthz", "get", lambda w: "/healthz", None, expect(200, 200, 200, 200, 200, 200)),
    ("login", "get", lambda w: "/accounts/login/", None, expect(200, 200, 200, 200, 200, 200)),
    ("logout", "post", lambda w: "/accounts/logout/", None,
     expect(302, 302, 302, 302, 302, 302)),
    ("admin:index", "get", lambda w: "/admin/", None, expect(302, 302, 302, 302, 200, 302)),
]

# Rows for the pages of later issues live beside their tests, one module each.
ROWS += (rows_catalogue.ROWS + rows_reader.ROWS + rows_review.ROWS + rows_analysis.ROWS
         + rows_exports.ROWS)

PAGES = (rows_catalogue.PAGES | rows_reader.PAGES | rows_review.PAGES
         | rows_analysis.PAGES | rows_exports.PAGES) | {
         "dashboard", "map-create-page", "healthz", "login", "logout", "map-page",
         "map-diagram-svg", "authority-matrix-page", "map-claim-create", "map-authority-add",
         "map-link-create",
         "map-link-edit", "map-link-delete", "map-node-edit", "map-node-delete"}

CASES = [
    pytest.param(name, method, path, body, role, expected[role],
                 id=f"{method}-{name}-{role}")
    for name, method, path, body, expected in ROWS
    for role in ROLES
]


@pytest.mark.parametrize(("name", "method", "path", "body", "role", "status"), CASES)
def test_permission_matrix(world, client, client_for, name, method, path, body, role, status):
    user = world[role]
    url = path(world)
    if name == "healthz":
        _a_worker_is_up()  # the matrix asks who may read it, on a healthy deployment
    if name in PAGES or name.startswith(("api-docs", "api-schema", "api-redoc", "admin")):
        # Pages: a browser session, not the API client.
        if user is not None:
            if user.is_staff:
                user.is_superuser = True
                user.save()
            client.force_login(user)
        response = getattr(client, method)(url, body(world) if body else None)
    else:
        api = client_for(user)
        headers = if_match(world["map"]) if method != "get" else {}
        data = body(world) if body else None
        response = getattr(api, method)(url, data, format="json", **headers)
    assert response.status_code == status, response.content[:300]


def _a_worker_is_up():
    """Write the heartbeat a running worker writes (legalmap/celery.py), where there is a
    Redis to hold it; without REDIS_URL /healthz has no worker to ask about."""
    from django.conf import settings

    from legalmap.celery import redis_client

    client = redis_client()
    if client is not None:
        client.set(settings.WORKER_HEARTBEAT_KEY, "1", ex=30)


def _url_names(resolver=None, namespace=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if pattern.namespace == "admin":
                yield "admin:index"
                continue
            yield from _url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace + pattern.name


def test_every_url_has_a_row():
    covered = {row[0] for row in ROWS}
    missing = set(_url_names()) - covered
    assert missing == set()
