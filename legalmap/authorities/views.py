"""The authority catalogue as pages: a searchable list and one authority with what cites it.

Everyone signed in reads the catalogue. The passages shown on a detail page come only
from maps the user may see (``ArgumentMap.objects.visible_to``): a student's unpublished
argument is not the catalogue's to reveal.
"""

from dataclasses import dataclass, field

from django.db.models import F
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from legalmap.maps.models import ArgumentMap, Link, Node

from .api import AuthorityFilter
from .models import Authority, Jurisdiction, Kind


@require_GET
def authority_list(request):
    # The API's filter, so the page and /api/authorities/ match the same rows (and share
    # its SQLite JSON-escaping workaround for aliases).
    filterset = AuthorityFilter(request.GET or None, queryset=Authority.objects.order_by(
        "short_name", "slug"))
    valid = filterset.is_valid() if filterset.is_bound else True
    authorities = filterset.qs if valid else Authority.objects.none()
    context = {
        "authorities": authorities, "errors": None if valid else filterset.errors,
        "q": request.GET.get("q", ""), "kind": request.GET.get("kind", ""),
        "jurisdiction": request.GET.get("jurisdiction", ""),
        "kinds": Kind.choices, "jurisdictions": Jurisdiction.choices,
        "filtered": any(request.GET.get(k) for k in ("q", "kind", "jurisdiction")),
    }
    # htmx asks for the results only; a history restore (back button) needs the whole page.
    partial = request.htmx and not request.htmx.history_restore_request
    template = "authorities/_results.html" if partial else "authorities/list.html"
    # An unknown kind is the user's error, said plainly, not a silently unfiltered list.
    response = render(request, template, context, status=200 if valid else 400)
    # Same URL, two bodies: caches must key on the htmx header.
    patch_vary_headers(response, ["HX-Request"])
    return response


@dataclass
class ArticleGroup:
    article: object
    citations: list = field(default_factory=list)  # Links, source passage preloaded


def citing_passages(user, authority) -> list[ArticleGroup]:
    """Passages that invoke or contest ``authority``, in visible maps, grouped by article.

    One query whatever the number of rows: the passage, its article and map come along
    by join; grouping happens in Python on the ordered rows.
    """
    links = (
        Link.objects.filter(
            map__in=ArgumentMap.objects.visible_to(user),
            relation__in=[Link.Relation.INVOKES, Link.Relation.CONTESTS],
            target__kind=Node.Kind.AUTHORITY, target__authority=authority,
            source__kind=Node.Kind.PASSAGE,
        )
        .select_related("source__article", "map")
        # Neither the article's text (up to 200,000 characters) nor the map's description.
        .defer("source__article__text", "map__description")
        .order_by(F("source__article__published").desc(nulls_last=True),
                  "source__article__title", "source__article_id", "source__start", "id")
    )
    groups: dict[int, ArticleGroup] = {}
    for link in links:
        article = link.source.article
        groups.setdefault(article.pk, ArticleGroup(article)).citations.append(link)
    return list(groups.values())


@require_GET
def authority_detail(request, slug):
    authority = get_object_or_404(Authority, slug=slug)
    # "X limits this" and "this limits Y" read differently, so keep the two directions apart.
    outgoing = authority.relations_out.select_related("target").order_by(
        "relation", "target__short_name")
    incoming = authority.relations_in.select_related("source").order_by(
        "relation", "source__short_name")
    groups = citing_passages(request.user, authority)
    return render(request, "authorities/detail.html", {
        "authority": authority, "outgoing": outgoing, "incoming": incoming,
        "groups": groups, "citation_count": sum(len(g.citations) for g in groups),
    })
