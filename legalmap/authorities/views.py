"""The authority catalogue as a searchable list. One authority's page, which shows the
passages and claims of maps that use it, lives in ``legalmap.web.authority_pages``: the
catalogue imports nothing above it."""

from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

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
