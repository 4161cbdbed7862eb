"""Query counts pinned on every list and detail endpoint (STYLE.md habit 10).

Each test runs the same request over a small and a large data set and expects the same
pinned number, so an N+1 shows up as a failure of the large case. Rows are bulk-created:
the factories would spend seconds on 200 nodes and 400 links. Authentication is forced
(no token look-up), so the numbers count only what the endpoint itself does.
"""

import itertools

import pytest
from django.contrib.auth import get_user_model

from legalmap.articles.models import Article, text_sha256
from legalmap.authorities.models import Authority
from legalmap.maps.models import ArgumentMap, Link, Membership, Node
from tests.factories import ARTICLE_TEXT

User = get_user_model()

STANCES = ["justification", "critique", "claim", "fact"]
NODE_RELATIONS = ["supports", "attacks", "relies_on", "disputes"]


def make_articles(n, prefix="qc"):
    return Article.objects.bulk_create(
        Article(slug=f"{prefix}-article-{i}", title=f"Article {i}", publisher="Test Wire",
                text=ARTICLE_TEXT, sha256=text_sha256(ARTICLE_TEXT),
                published=None if i % 3 == 0 else f"2025-09-{1 + i % 28:02d}")
        for i in range(n)
    )


def make_authorities(n):
    return Authority.objects.bulk_create(
        Authority(slug=f"qc-authority-{i}", name=f"Authority {i}", short_name=f"A{i}",
                  kind="statute" if i % 2 else "treaty",
                  jurisdiction="us" if i % 2 else "international",
                  citation=f"{i} U.S.C. § {i}", summary="A test authority.",
                  aliases=[f"authority {i}"])
        for i in range(n)
    )


def make_users(n, prefix="member"):
    return User.objects.bulk_create(
        User(username=f"{prefix}{i}", email=f"{prefix}{i}@example.org", password="!")
        for i in range(n)
    )


def fill_map(argument_map, *, nodes, links, articles, authorities, authors):
    """``nodes`` nodes (a third each passages, claims, authority nodes) and ``links`` links
    (a few of them undercuts) in ``argument_map``; every row valid under the constraints."""
    argument_map.articles.set(articles)
    authors = itertools.cycle(authors)
    rows = []
    for i in range(nodes):
        kind = ("passage", "claim", "authority")[i % 3]
        if kind == "passage":
            start = i % 40
            rows.append(Node(map=argument_map, kind=kind, article=articles[i % len(articles)],
                             start=start, end=start + 6, quote=ARTICLE_TEXT[start:start + 6],
                             stance=STANCES[i % 4], created_by=next(authors)))
        elif kind == "claim":
            rows.append(Node(map=argument_map, kind=kind, text=f"Claim {i}.",
                             created_by=next(authors)))
        else:  # one node per authority per map
            rows.append(Node(map=argument_map, kind=kind, authority=authorities[i // 3],
                             created_by=next(authors)))
    rows = Node.objects.bulk_create(rows)

    # (i, i+1), (i, i+2), ...: distinct pairs, never a self-link, unique per relation.
    undercuts = links // 20
    pairs = [(i, (i + step) % nodes) for step in range(1, nodes) for i in range(nodes)]
    edges = Link.objects.bulk_create(
        Link(map=argument_map, source=rows[a], target=rows[b],
             relation=NODE_RELATIONS[k % 4], created_by=next(authors))
        for k, (a, b) in enumerate(pairs[:links - undercuts])
    )
    Link.objects.bulk_create(
        Link(map=argument_map, source=rows[(k + 5) % nodes], target_link=edges[k],
             relation="undercuts", created_by=next(authors))
        for k in range(undercuts)
    )
    return argument_map


@pytest.fixture
def library(db):
    return {"articles": make_articles(3), "authorities": make_authorities(70)}


@pytest.fixture
def big_map(cast, library):
    """Alice's map: 200 nodes, 400 links, Bob editing and Charlie reviewing."""
    def build(nodes=200, links=400, members=2):
        argument_map = ArgumentMap.objects.create(owner=cast["owner"], title="Big map")
        users = [cast["editor"], cast["reviewer"], *make_users(members - 2)]
        Membership.objects.bulk_create(
            Membership(map=argument_map, user=user, role=("editor", "reviewer", "viewer")[i % 3])
            for i, user in enumerate(users)
        )
        return fill_map(argument_map, nodes=nodes, links=links, articles=library["articles"],
                        authorities=library["authorities"],
                        authors=[cast["owner"], cast["editor"]])

    return build


SIZES = pytest.mark.parametrize("size", ["small", "large"])


# --- maps ------------------------------------------------------------------------------------


@SIZES
def test_map_list_query_count_is_flat(api, cast, library, django_assert_num_queries, size):
    owned, shared = (2, 1) if size == "small" else (20, 10)
    for i in range(owned + shared):
        owner = cast["owner"] if i < owned else cast["editor"]
        argument_map = ArgumentMap.objects.create(owner=owner, title=f"Map {i}")
        fill_map(argument_map, nodes=6, links=6, articles=library["articles"][: 1 + i % 3],
                 authorities=library["authorities"], authors=[owner])
        if i >= owned:
            Membership.objects.create(map=argument_map, user=cast["owner"], role="reviewer")
    ArgumentMap.objects.create(owner=cast["outsider"], title="Dave's, invisible to Alice")

    # count, the page of maps with owners and node/link counts, their articles
    with django_assert_num_queries(3):
        response = api.get("/api/maps/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == owned + shared == len(body["results"])
    assert {(m["node_count"], m["link_count"]) for m in body["results"]} == {(6, 6)}
    assert sorted(len(m["articles"]) for m in body["results"]) == sorted(
        1 + i % 3 for i in range(owned + shared))


@SIZES
def test_map_detail_query_count_is_flat(api, big_map, django_assert_num_queries, size):
    argument_map = big_map(nodes=20, links=40) if size == "small" else big_map()

    # the map with its owner, articles, members with users, nodes, links
    with django_assert_num_queries(5):
        response = api.get(f"/api/maps/{argument_map.pk}/")

    assert response.status_code == 200
    body = response.json()
    expected = (20, 40) if size == "small" else (200, 400)
    assert (len(body["nodes"]), len(body["links"]), len(body["members"])) == (*expected, 2)
    assert {n["kind"] for n in body["nodes"]} == {"passage", "claim", "authority"}
    assert {n["created_by"] for n in body["nodes"]} == {"alice", "bob"}


@SIZES
def test_node_list_query_count_is_flat(api, big_map, django_assert_num_queries, size):
    argument_map = big_map(nodes=20, links=40) if size == "small" else big_map()

    # the map and its memberships (the one door), count, the page with authorities/authors
    with django_assert_num_queries(4):
        response = api.get(f"/api/maps/{argument_map.pk}/nodes/", {"page_size": 500})

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == len(body["results"]) == (20 if size == "small" else 200)
    authority_slugs = [n["authority"] for n in body["results"] if n["kind"] == "authority"]
    assert authority_slugs[:2] == ["qc-authority-0", "qc-authority-1"]


@SIZES
def test_link_list_query_count_is_flat(api, big_map, django_assert_num_queries, size):
    argument_map = big_map(nodes=20, links=40) if size == "small" else big_map()

    with django_assert_num_queries(4):
        response = api.get(f"/api/maps/{argument_map.pk}/links/", {"page_size": 500})

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == len(body["results"]) == (40 if size == "small" else 400)
    assert {link["relation"] for link in body["results"]} == {
        "supports", "attacks", "relies_on", "disputes", "undercuts"}


@SIZES
def test_member_list_query_count_is_flat(api, big_map, django_assert_num_queries, size):
    argument_map = big_map(nodes=3, links=2, members=2 if size == "small" else 40)

    with django_assert_num_queries(4):
        response = api.get(f"/api/maps/{argument_map.pk}/members/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == len(body["results"]) == (2 if size == "small" else 40)
    assert body["results"][:2] == [
        {"id": body["results"][0]["id"], "user": "bob", "role": "editor",
         "created_at": body["results"][0]["created_at"]},
        {"id": body["results"][1]["id"], "user": "charlie", "role": "reviewer",
         "created_at": body["results"][1]["created_at"]},
    ]


# --- the catalogue and the articles ----------------------------------------------------------


@SIZES
def test_authority_list_query_count_is_flat(api, db, django_assert_num_queries, size):
    make_authorities(5 if size == "small" else 50)

    with django_assert_num_queries(2):  # count, page
        response = api.get("/api/authorities/")

    assert response.status_code == 200
    assert response.json()["count"] == (5 if size == "small" else 50)


@SIZES
def test_authority_detail_query_count_is_flat(api, db, django_assert_num_queries, size):
    from legalmap.authorities.models import AuthorityRelation

    hub, *others = make_authorities(3 if size == "small" else 41)
    AuthorityRelation.objects.bulk_create(
        [AuthorityRelation(source=hub, target=other, relation="limits") for other in others[::2]]
        + [AuthorityRelation(source=other, target=hub, relation="interprets")
           for other in others[1::2]]
    )

    # the authority; outgoing relations and their targets; incoming ones and their sources
    with django_assert_num_queries(5):
        response = api.get(f"/api/authorities/{hub.slug}/")

    assert response.status_code == 200
    assert len(response.json()["relations"]) == len(others)
    assert response.json()["relations"][0] == {
        "source": hub.slug, "relation": "limits", "target": others[0].slug, "note": ""}


@SIZES
def test_article_list_query_count_is_flat(api, db, django_assert_num_queries, size):
    make_articles(3 if size == "small" else 40)

    with django_assert_num_queries(2):  # count, page
        response = api.get("/api/articles/")

    assert response.status_code == 200
    assert response.json()["count"] == (3 if size == "small" else 40)
