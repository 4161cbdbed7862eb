"""Permission-matrix rows for the export API; tests/test_permissions.py runs them.

Each row: (url name, method, path(world), body(world) or None, expected status per role).
Anyone who can read the map may export it and read its jobs; outsiders get 404. The
download row uses a failed job (410 with its reason) so that no file is written. Anyone
signed in may import an AIF or Argdown file as a new map of their own (API or page).
"""

from django.core.files.uploadedfile import SimpleUploadedFile

from legalmap.exports.models import Export
from tests.conftest import ROLES


def expect(owner, editor, reviewer, outsider, instructor, anonymous):
    return dict(zip(ROLES, [owner, editor, reviewer, outsider, instructor, anonymous],
                    strict=True))


READ = expect(200, 200, 200, 404, 200, 401)
AIF = {"nodes": [{"nodeID": "1", "text": "A claim.", "type": "I"}], "edges": []}


def m(w):
    return w["map"].pk


def _job(w, **fields):
    export = Export.objects.create(map=w["map"], requested_by=w["owner"], format="csv",
                                   **fields)
    return f"/api/maps/{m(w)}/exports/{export.pk}/"


ROWS = [
    ("export-list", "get", lambda w: f"/api/maps/{m(w)}/exports/", None, READ),
    ("export-list", "post", lambda w: f"/api/maps/{m(w)}/exports/",
     lambda w: {"format": "csv"}, expect(202, 202, 202, 404, 202, 401)),
    ("export-detail", "get", lambda w: _job(w), None, READ),
    ("export-download", "get",
     lambda w: _job(w, status="failed", error="The diagram could not be drawn.") + "download/",
     None, expect(410, 410, 410, 404, 410, 401)),
    ("map-import", "post", lambda w: "/api/maps/import/", lambda w: AIF,
     expect(201, 201, 201, 201, 201, 401)),
    # The map page's Export menu: a form post, and the row htmx polls.
    ("map-export-create", "post", lambda w: f"/maps/{m(w)}/exports/",
     lambda w: {"format": "csv", "paper": "a4"}, expect(302, 302, 302, 404, 302, 302)),
    ("map-export-row", "get", lambda w: _job(w).replace("/api/maps", "/maps").rstrip("/")
     + "/row", None, expect(200, 200, 200, 404, 200, 302)),
    # The import page: its form, and a file that becomes a map (then the map page).
    ("map-import-page", "get", lambda w: "/maps/import/", None,
     expect(200, 200, 200, 200, 200, 302)),
    ("map-import-page", "post", lambda w: "/maps/import/",
     lambda w: {"file": SimpleUploadedFile("m.argdown", b"[A]: A claim.\n  + [B]: Why.\n")},
     expect(302, 302, 302, 302, 302, 302)),
]

PAGES: set[str] = {"map-export-create", "map-export-row", "map-import-page"}
