"""Exports (issue 7): the PDF of a 200-node map with 100 comments (target < 10 s on one
core), the other formats, and the POST that queues a job (target < 100 ms at any size)."""

from django.db import transaction
from rest_framework.test import APIRequestFactory, force_authenticate

from benchmarks.api_bench import build_map
from legalmap.exports import services
from legalmap.exports.api import ExportViewSet
from legalmap.exports.formats import RENDERERS
from legalmap.reviews.models import Comment


def _comment(argument_map, author, n):
    links = list(argument_map.links.order_by("id")[:n])
    Comment.objects.bulk_create(
        Comment(map=argument_map, link=links[i % len(links)], author=author,
                body=f"Comment {i}: which authority supports this step?") for i in range(n))


def run(table, timed):
    from django.contrib.auth import get_user_model

    owner = get_user_model().objects.create_user("bench-exporter", password="x")
    rows = []
    view = ExportViewSet.as_view({"post": "create"})
    factory = APIRequestFactory()
    for n_nodes, n_links in [(200, 400), (1000, 2000)]:
        argument_map = build_map(owner, n_nodes, n_links)
        _comment(argument_map, owner, 100)
        if n_nodes == 200:
            for name in ["pdf", "aif", "argdown", "webanno", "csv", "svg"]:
                best, median = timed(lambda n=name, m=argument_map: RENDERERS[n].render(
                    services.export_bundle(m)), repeat=1 if name == "pdf" else 3)
                rows.append([f"{n_nodes} nodes / {n_links} links / 100 comments",
                             f"render {name} (with data)", f"{best:.0f}", f"{median:.0f}"])

        def post(map_pk=argument_map.pk):
            # Rolled back: the request and its INSERT are timed, not the task that the
            # commit would queue (eagerly run when no REDIS_URL is set).
            with transaction.atomic():
                request = factory.post(f"/api/maps/{map_pk}/exports/", {"format": "pdf"},
                                       format="json")
                force_authenticate(request, owner)
                response = view(request, map_pk=map_pk)
                assert response.status_code == 202, response.data
                transaction.set_rollback(True)

        best, median = timed(post)
        rows.append([f"{n_nodes} nodes / {n_links} links", "POST exports (202)", f"{best:.1f}",
                     f"{median:.1f}"])
    table("Exports (in-process)", ["map", "step", "best ms", "median ms"], rows)


if __name__ == "__main__":
    from benchmarks.__main__ import table, timed

    run(table, timed)
