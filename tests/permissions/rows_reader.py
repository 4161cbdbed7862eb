"""Permission-matrix rows for these pages; tests/test_permissions.py runs them.

Each row: (url name, method, path(world), body(world) or None, expected status per role);
see tests/test_permissions.py for `expect` and the shared expectations. Add the url
names of HTML pages (browser session, not the API client) to PAGES.
"""

ROWS: list = []
PAGES: set = set()
