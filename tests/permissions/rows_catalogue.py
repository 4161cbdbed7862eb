"""Permission-matrix rows for the catalogue, article and search pages; tests/test_permissions.py
runs them.

Each row: (url name, method, path(world), body(world) or None, expected status per role).
Every signed-in role reads the catalogue, the articles and search (what they may see of
maps inside those pages is tested in tests/web/); only instructors add articles.
"""

from tests.conftest import ROLES


def expect(owner, editor, reviewer, outsider, instructor, anonymous):
    return dict(zip(ROLES, [owner, editor, reviewer, outsider, instructor, anonymous],
                    strict=True))


PAGE = expect(200, 200, 200, 200, 200, 302)


def _new_article(w):
    return {"title": "Pasted by the matrix", "text": "A paragraph of pasted text."}


ROWS: list = [
    ("authority-list-page", "get", lambda w: "/authorities/", None, PAGE),
    ("authority-list-page", "get", lambda w: "/authorities/?q=unclos&kind=statute", None, PAGE),
    ("authority-detail-page", "get", lambda w: "/authorities/unclos-92/", None, PAGE),
    ("article-list-page", "get", lambda w: "/articles/", None, PAGE),
    ("article-detail-page", "get", lambda w: f"/articles/{w['article'].pk}/", None, PAGE),
    ("article-create-page", "get", lambda w: "/articles/new/", None,
     expect(403, 403, 403, 403, 200, 302)),
    ("article-create-page", "post", lambda w: "/articles/new/", _new_article,
     expect(403, 403, 403, 403, 302, 302)),
    ("search", "get", lambda w: "/search/?q=strike", None, PAGE),
]
PAGES: set = {"authority-list-page", "authority-detail-page", "article-list-page",
              "article-detail-page", "article-create-page", "search"}
