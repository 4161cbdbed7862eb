"""Permission-matrix rows for the suggestion endpoints (legalmap/analysis/api.py).

Listing follows the article (any signed-in user) or, with ``?map=``, the map (outsiders get
the map's 404); accept and dismiss write to the map: editors only.
"""

from legalmap.analysis.models import Suggestion
from tests.conftest import ROLES


def expect(owner, editor, reviewer, outsider, instructor, anonymous):
    return dict(zip(ROLES, [owner, editor, reviewer, outsider, instructor, anonymous],
                    strict=True))


def suggestion(w) -> Suggestion:
    """One stored suggestion on the world's article, for the world's authority."""
    article = w["article"]
    row, _ = Suggestion.objects.get_or_create(
        article=article, authority=w["authority"], start=0, end=10,
        defaults={"text_sha256": article.sha256, "quote": article.text[:10],
                  "stance": "critique", "relation": "relies_on", "confidence": 0.8})
    return row


def base(w):
    return f"/api/articles/{w['article'].pk}/suggestions/"


ROWS = [
    ("article-suggestions", "get", base, None, expect(200, 200, 200, 200, 200, 401)),
    ("article-suggestions", "get", lambda w: base(w) + f"?map={w['map'].pk}", None,
     expect(200, 200, 200, 404, 200, 401)),
    ("article-suggestion-accept", "post",
     lambda w: base(w) + f"{suggestion(w).pk}/accept/", lambda w: {"map": w["map"].pk},
     expect(201, 201, 403, 404, 201, 401)),
    ("article-suggestion-dismiss", "post",
     lambda w: base(w) + f"{suggestion(w).pk}/dismiss/", lambda w: {"map": w["map"].pk},
     expect(200, 200, 403, 404, 200, 401)),
]
PAGES: set[str] = set()
