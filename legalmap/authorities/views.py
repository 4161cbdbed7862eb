"""The authority catalogue as pages: a searchable list and one authority with what uses it.

Everyone signed in reads the catalogue. The passages and claims shown on a detail page,
grouped by how they use the authority (docs/relations.md), come only from maps the user
may see (``ArgumentMap.objects.visible_to``): a student's unpublished argument is not the
catalogue's to reveal.
"""

from dataclasses import dataclass, field

from django.db.models import F
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from legalmap.maps.graph import AUTHORITY_RELATIONS, RELATION_LABELS
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
class RelationGroup:
    relation: str  # the stored value: relies_on, violates, disputes, complies
    label: str  # its words: "relies on", "says violates", …
    uses: list = field(default_factory=list)  # Links, source (passage or claim) preloaded


def authority_uses(user, authority) -> list[RelationGroup]:
    """Passages and claims that rely on ``authority``, say it is violated or complied with,
    or dispute that it applies, in the maps ``user`` may see: one group per relation used.

    One query whatever the number of rows: the passage or claim, its article (none for a
    claim) and its map come along by join; grouping happens in Python on the ordered rows.
    """
    links = (
        Link.objects.filter(
            map__in=ArgumentMap.objects.visible_to(user),
            relation__in=AUTHORITY_RELATIONS,
            target__kind=Node.Kind.AUTHORITY, target__authority=authority,
            source__kind__in=[Node.Kind.PASSAGE, Node.Kind.CLAIM],
        )
        .select_related("source__article", "map")
        # Neither the article's text (up to 200,000 characters) nor the map's description.
        .defer("source__article__text", "map__description")
        # Within a relation: the newest article first, passages in reading order, then
        # claims (no article) in the order they were made.
        # (nulls_last throughout: SQLite and PostgreSQL sort NULL at opposite ends.)
        .order_by(F("source__article__published").desc(nulls_last=True),
                  F("source__article__title").asc(nulls_last=True),
                  F("source__article_id").asc(nulls_last=True), "source__start", "id")
    )
    # In the order the four are listed everywhere: relies on, says violates, disputes, says
    # complies.
    groups = {relation: RelationGroup(relation, RELATION_LABELS[relation])
              for relation in AUTHORITY_RELATIONS}
    for link in links:
        groups[link.relation].uses.append(link)
    return [group for group in groups.values() if group.uses]


@require_GET
def authority_detail(request, slug):
    authority = get_object_or_404(Authority, slug=slug)
    # "X limits this" and "this limits Y" read differently, so keep the two directions apart.
    outgoing = authority.relations_out.select_related("target").order_by(
        "relation", "target__short_name")
    incoming = authority.relations_in.select_related("source").order_by(
        "relation", "source__short_name")
    groups = authority_uses(request.user, authority)
    return render(request, "authorities/detail.html", {
        "authority": authority, "outgoing": outgoing, "incoming": incoming,
        "groups": groups, "use_count": sum(len(g.uses) for g in groups),
    })
