"""The review marks on the diagram are the same wherever it is drawn (issue 6): the map
page, ``/maps/<pk>/diagram.svg`` and the API's ``/api/maps/<pk>/diagram/`` all mark links
with open threads and name each reviewer's latest verdict, and a new comment or verdict
shows at once although neither bumps the map's version (the cache key holds the marks).
"""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from legalmap.maps.models import Membership
from legalmap.reviews import services
from tests.factories import ClaimFactory, LinkFactory, MapFactory, PassageFactory


@pytest.fixture(autouse=True)
def fresh_cache():
    # Ids repeat between tests on SQLite: a drawing cached by another test must not answer.
    cache.clear()


def edge_class(svg: str, link) -> str:
    return re.search(rf'<g id="link-{link.pk}" class="([^"]*)"', svg).group(1)


@pytest.fixture
def reviewed(world, thread):
    services.verdict_give(argument_map=world["map"], actor=world["reviewer"],
                          link=world["support"], value="needs_authority")
    return world


def test_the_api_diagram_marks_threads_and_verdicts_like_the_map_page(reviewed, client,
                                                                      client_for):
    w = reviewed
    api_svg = client_for(w["owner"]).get(f"/api/maps/{w['map'].pk}/diagram/").content.decode()
    client.force_login(w["owner"])
    svg = client.get(f"/maps/{w['map'].pk}/diagram.svg").content.decode()
    page = client.get(f"/maps/{w['map'].pk}/").content.decode()

    assert edge_class(api_svg, w["support"]) == (
        "edge link supports status-in open-threads verdict-needs_authority")
    assert "verdict: needs authority" in api_svg and "● 1 open" in api_svg
    assert api_svg == svg and svg in page  # one drawing, from one cache key


def test_a_new_verdict_shows_on_the_api_diagram_without_a_new_map_version(world,
                                                                          client_for):
    api = client_for(world["owner"])
    before = api.get(f"/api/maps/{world['map'].pk}/diagram/")
    services.verdict_give(argument_map=world["map"], actor=world["reviewer"],
                          link=world["contest"], value="unsound")
    after = api.get(f"/api/maps/{world['map'].pk}/diagram/")

    assert before["ETag"] == after["ETag"]
    assert "verdict-unsound" not in before.content.decode()
    assert edge_class(after.content.decode(), world["contest"]) == (
        "edge link disputes verdict-unsound")


def test_a_comment_posted_with_htmx_marks_the_link_on_the_next_drawing(world, client):
    client.force_login(world["reviewer"])
    client.post(f"/maps/{world['map'].pk}/comments/",
                {"link": world["support"].pk, "body": "Why?"}, HTTP_HX_REQUEST="true")
    svg = client.get(f"/maps/{world['map'].pk}/diagram.svg").content.decode()
    assert "open-threads" in edge_class(svg, world["support"])


def _reviewed_map(owner, reviewer, n):
    argument_map = MapFactory(owner=owner)
    Membership.objects.create(map=argument_map, user=reviewer, role="reviewer")
    for _ in range(n):
        link = LinkFactory(source=PassageFactory(map=argument_map),
                           target=ClaimFactory(map=argument_map))
        services.comment_create(argument_map=argument_map, actor=reviewer, link=link,
                                body="Why?")
        services.verdict_give(argument_map=argument_map, actor=reviewer, link=link,
                              value="sound")
    return argument_map


# The map, its memberships, its nodes, its links; then the review marks: the open-thread
# counts (one aggregate) and the latest verdicts with their reviewers. The same for 2
# reviewed links or 30, so no N+1 (the drawing itself comes from the cache).
API_DIAGRAM_QUERIES = 6


def test_the_api_diagram_costs_the_same_queries_for_a_small_and_a_large_map(cast,
                                                                           client_for):
    api = client_for(cast["owner"])
    counts = []
    for argument_map in (_reviewed_map(cast["owner"], cast["reviewer"], n) for n in (2, 30)):
        api.get(f"/api/maps/{argument_map.pk}/diagram/")  # warm the diagram cache
        with CaptureQueriesContext(connection) as queries:
            assert api.get(f"/api/maps/{argument_map.pk}/diagram/").status_code == 200
        counts.append(len(queries))
    assert counts == [API_DIAGRAM_QUERIES, API_DIAGRAM_QUERIES]
