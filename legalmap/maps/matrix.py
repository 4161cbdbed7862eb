"""The authority matrix: how each article uses each authority, and who says so.

Rows are authorities, columns articles (of one map, or every article), cells count the
passages of each of the four relations (issue 14): relying on the authority, saying the
action violates it, disputing that it applies, saying the action complies with it. Built in
three queries whatever the size.
"""

from dataclasses import dataclass, field

from django.shortcuts import render
from django.views.decorators.http import require_GET
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from legalmap.articles.models import Article
from legalmap.authorities.models import Authority
from legalmap.http import ascii_int

from . import selectors
from .graph import AUTHORITY_RELATIONS, RELATION_LABELS
from .models import ArgumentMap, Link


@dataclass
class Cell:
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(AUTHORITY_RELATIONS, 0))
    speakers: set[str] = field(default_factory=set)
    passages: list[dict] = field(default_factory=list)

    @property
    def speaker_list(self) -> list[str]:
        return sorted(self.speakers)

    @property
    def tallies(self) -> list[tuple[str, str, int]]:
        """(relation, its words, how many) for each relation with at least one passage."""
        return [(r, RELATION_LABELS[r], n) for r, n in self.counts.items() if n]


@dataclass
class Matrix:
    authorities: list
    articles: list
    cells: dict  # (authority id, article id) -> Cell
    argument_map: ArgumentMap | None = None

    def rows(self):
        """Template-friendly: [(authority, [(article, cell or None), ...]), ...]."""
        return [(a, [(art, self.cells.get((a.pk, art.pk))) for art in self.articles])
                for a in self.authorities]

    def to_dict(self) -> dict:
        return {
            "map": self.argument_map.pk if self.argument_map else None,
            "authorities": [{"slug": a.slug, "short_name": a.short_name,
                             "citation": a.citation} for a in self.authorities],
            "articles": [{"id": a.pk, "title": a.title, "publisher": a.publisher}
                         for a in self.articles],
            "cells": [
                {"authority": authority.slug, "article": article.pk,
                 **cell.counts,
                 "speakers": sorted(cell.speakers), "passages": cell.passages}
                for authority, row in self.rows() for article, cell in row if cell
            ],
        }


def authority_matrix(user, argument_map: ArgumentMap | None = None) -> Matrix:
    maps = [argument_map] if argument_map else ArgumentMap.objects.visible_to(user)
    links = (
        Link.objects.filter(map__in=maps, relation__in=AUTHORITY_RELATIONS,
                            source__kind="passage", target__kind="authority")
        .values("relation", "map_id", "source_id", "source__quote", "source__speaker",
                "source__stance", "source__article_id", "target__authority_id")
        .order_by("source__article_id", "source__start", "source_id")
    )
    cells: dict[tuple[int, int], Cell] = {}
    for row in links:
        key = (row["target__authority_id"], row["source__article_id"])
        cell = cells.setdefault(key, Cell())
        cell.counts[row["relation"]] += 1
        if row["source__speaker"]:
            cell.speakers.add(row["source__speaker"])
        cell.passages.append({"node": row["source_id"], "map": row["map_id"],
                              "relation": row["relation"],
                              "relation_label": RELATION_LABELS[row["relation"]],
                              "quote": row["source__quote"],
                              "speaker": row["source__speaker"],
                              "stance": row["source__stance"]})
    used_authorities = {a for a, _ in cells}
    authorities = list(Authority.objects.filter(pk__in=used_authorities).order_by("short_name"))
    if argument_map:
        articles = list(argument_map.articles.order_by("-published", "title"))
    else:
        articles = list(Article.objects.order_by("-published", "title"))
    return Matrix(authorities, articles, cells, argument_map)


def _map_from_query(request):
    pk = ascii_int(request.GET, "map")
    if pk is None:
        return None
    return selectors.get_map_for_user(request.user, pk)


@require_GET
def matrix_page(request):
    argument_map = _map_from_query(request)
    matrix = authority_matrix(request.user, argument_map)
    return render(request, "maps/matrix.html", {"matrix": matrix, "map": argument_map})


class AuthorityMatrixView(APIView):
    """Authorities × articles: per cell, the passages relying on the authority, saying the
    action violates it, disputing that it applies and saying the action complies with it
    (``relies_on``, ``violates``, ``disputes``, ``complies``: counts and the passages)."""

    @extend_schema(
        parameters=[OpenApiParameter("map", OpenApiTypes.INT, description=(
            "Limit to one map and its articles; default: every map you may see."))],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        return Response(authority_matrix(request.user, _map_from_query(request)).to_dict())
