"""Permission-matrix rows for the article reader (legalmap/maps/reader.py).

The page is for people (anonymous → login page); its writes are JSON endpoints that
answer like the rest of the API (anonymous → 401), run with the API client and If-Match.
"""

from tests.conftest import ROLES
from tests.factories import ArticleFactory


def expect(owner, editor, reviewer, outsider, instructor, anonymous):
    return dict(zip(ROLES, [owner, editor, reviewer, outsider, instructor, anonymous],
                    strict=True))


def write(ok):
    return expect(ok, ok, 403, 404, ok, 401)


def reader(w, article=None):
    return f"/maps/{w['map'].pk}/articles/{(article or w['article']).pk}/"


def new_passage(w):
    text = w["article"].text
    return {"start": 0, "end": 10, "quote": text[0:10], "stance": "fact",
            "authorities": [{"slug": "unclos-92", "relation": "relies_on"}]}


ROWS = [
    ("map-article", "get", reader, None, expect(200, 200, 200, 404, 200, 302)),
    # An article that exists but is not one of the map's: the same 404 as no article.
    ("map-article", "get", lambda w: reader(w, ArticleFactory()), None,
     expect(404, 404, 404, 404, 404, 302)),
    ("map-article-passages", "post", lambda w: reader(w) + "passages/", new_passage,
     write(201)),
    ("map-article-passage", "patch", lambda w: reader(w) + f"passages/{w['passage'].pk}/",
     lambda w: {"stance": "fact", "speaker": "Someone"}, write(200)),
    ("map-article-passage", "delete", lambda w: reader(w) + f"passages/{w['passage'].pk}/",
     None, write(200)),
]
PAGES = {"map-article"}
