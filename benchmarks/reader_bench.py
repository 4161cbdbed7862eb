"""Server render time of the article reader with many passages, and its SQL query count."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from legalmap.analysis.services import suggestions_compute
from legalmap.articles.models import Article, text_sha256
from legalmap.authorities.models import Authority
from legalmap.maps.models import ArgumentMap, Link, Node

STANCES = ["justification", "critique", "claim", "fact"]


def build(owner, n_passages: int):
    """An article of ~30,000 characters with ``n_passages`` passages that overlap and nest,
    each third one linked to an authority (so the hover text and filters have work), and
    its suggestions ("international waters" beside "struck": UNCLOS) already computed."""
    sentence = "The vessel — “go-fast” 🚤 — was struck in international waters. "
    text = "\n\n".join(sentence * 8 for _ in range(60))
    article = Article.objects.create(slug=f"reader-bench-{n_passages}", title="Bench article",
                                     text=text, sha256=text_sha256(text))
    argument_map = ArgumentMap.objects.create(owner=owner, title=f"Reader {n_passages}")
    argument_map.articles.add(article)
    authorities = [Authority.objects.get_or_create(
        slug=f"reader-bench-{i}", defaults={
            "name": f"Bench {i}", "short_name": f"RB{i}", "kind": "statute",
            "jurisdiction": "us", "citation": f"{i} U.S.C. § {i}", "summary": "."})[0]
        for i in range(10)]
    authority_nodes = Node.objects.bulk_create(
        [Node(map=argument_map, kind="authority", authority=a) for a in authorities])
    passages = []
    for i in range(n_passages):
        start = (i * 97) % (len(text) - 200)
        end = start + 20 + (i * 13) % 160
        passages.append(Node(map=argument_map, kind="passage", article=article, start=start,
                             end=end, quote=text[start:end], stance=STANCES[i % 4],
                             speaker=f"Speaker {i % 7}"))
    passages = Node.objects.bulk_create(passages)
    Link.objects.bulk_create([
        Link(map=argument_map, source=p, target=authority_nodes[i % 10],
             relation="disputes" if i % 2 else "relies_on")
        for i, p in enumerate(passages) if i % 3 == 0])
    suggestions_compute(article=article)  # as the analysis task does when the text arrives
    return f"/maps/{argument_map.pk}/articles/{article.pk}/"


def run(table, timed):
    from django.contrib.auth import get_user_model

    owner = get_user_model().objects.create_user("reader-bench-owner", password="x")
    client = Client()
    client.force_login(owner)
    rows = []
    for n_passages in (30, 300):
        url = build(owner, n_passages)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, response.content[:200]
        n_queries = len(queries)
        best, median = timed(lambda url=url: client.get(url), repeat=9)
        rows.append([f"{n_passages} passages", len(response.content) // 1024, n_queries,
                     f"{best:.1f}", f"{median:.1f}", "≤ 150" if n_passages == 300 else ""])
    table("Article reader page (in-process render, no network)",
          ["article", "KiB", "queries", "best ms", "median ms", "goal ms"], rows)
