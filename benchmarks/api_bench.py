"""Map API read times on a large map, with the number of SQL queries each takes."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from legalmap.articles.models import Article, text_sha256
from legalmap.authorities.models import Authority
from legalmap.maps.models import ArgumentMap, Link, Node


def build_map(owner, n_nodes: int, n_links: int) -> ArgumentMap:
    """A map of authorities, passages and claims, written by ``owner`` (so authors join)."""
    text = "The vessel was struck in international waters. " * 200
    # One article per size, shared by every map of that size (api and exports benches).
    article, _ = Article.objects.get_or_create(
        slug=f"bench-{n_nodes}", defaults={"title": "Bench", "text": text,
                                           "sha256": text_sha256(text)})
    argument_map = ArgumentMap.objects.create(owner=owner, title=f"Bench {n_nodes}")
    argument_map.articles.add(article)
    authorities = [
        Authority.objects.get_or_create(
            slug=f"bench-authority-{i}",
            defaults={"name": f"Bench {i}", "short_name": f"B{i}", "kind": "statute",
                      "jurisdiction": "us", "citation": f"{i} U.S.C. § {i}", "summary": "."},
        )[0]
        for i in range(n_nodes // 10)
    ]
    nodes = [Node(map=argument_map, kind="authority", authority=a) for a in authorities]
    while len(nodes) < n_nodes:
        i = len(nodes)
        if i % 2:
            start = (i * 7) % 9000
            nodes.append(Node(map=argument_map, kind="passage", article=article, start=start,
                              end=start + 20, quote=text[start:start + 20], stance="critique"))
        else:
            nodes.append(Node(map=argument_map, kind="claim", text=f"Claim {i}",
                                  created_by=owner))
    nodes = Node.objects.bulk_create(nodes)
    targets = [n for n in nodes if n.kind != "authority"]
    links, seen = [], set()
    k = 0
    while len(links) < n_links:
        source, target = nodes[k % len(nodes)], targets[(k * 31 + 7) % len(targets)]
        k += 1
        if source.pk == target.pk or (source.pk, target.pk) in seen:
            continue
        seen.add((source.pk, target.pk))
        links.append(Link(map=argument_map, source=source, target=target,
                          relation="attacks" if k % 3 == 0 else "supports",
                          created_by=owner))
    Link.objects.bulk_create(links)
    return argument_map


def run(table, timed):
    from django.contrib.auth import get_user_model

    owner = get_user_model().objects.create_user("bench-owner", password="x")
    client = APIClient()
    client.force_authenticate(owner)
    rows = []
    for n_nodes, n_links in [(200, 400), (500, 1000)]:
        argument_map = build_map(owner, n_nodes, n_links)
        for label, url in [
            ("map detail", f"/api/maps/{argument_map.pk}/"),
            ("node list (page of 500)", f"/api/maps/{argument_map.pk}/nodes/?page_size=500"),
            ("link list (page of 500)", f"/api/maps/{argument_map.pk}/links/?page_size=500"),
        ]:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200, response.content[:200]
            n_queries = len(queries)  # before later requests reset the query log
            best, median = timed(lambda url=url: client.get(url))
            rows.append([f"{n_nodes} nodes / {n_links} links", label, n_queries,
                         f"{best:.1f}", f"{median:.1f}"])
    table("Map API reads (in-process, no network)",
          ["map", "endpoint", "queries", "best ms", "median ms"], rows)
