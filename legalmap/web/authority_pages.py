"""One authority's page: the catalogue entry, its relations to other authorities, and the
passages and claims that use it, grouped by how they use it (docs/relations.md), from the
maps the user may see only (a student's unpublished argument is not the catalogue's to
reveal). It lives here, above both, so that the catalogue imports nothing from the maps.
"""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from legalmap.authorities.models import Authority
from legalmap.maps.selectors import authority_uses


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
