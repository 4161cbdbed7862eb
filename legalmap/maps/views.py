"""The map page: the diagram, its reasoning, and a side panel to inspect and edit.

Every view fetches the map through ``selectors.get_map_for_user`` (404 invisible,
403 read-only). Writes are plain POST forms that redirect back (they work without
JavaScript); htmx swaps the side panel when a node or link is clicked. Each form
carries the map version it was rendered from, so two people editing one map get
"the map changed" instead of silently overwriting each other.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from legalmap.api import PreconditionFailed
from legalmap.authorities.models import Authority
from legalmap.exports.views import recent_exports
from legalmap.http import ascii_int, is_ascii_digits, prefixed_id

from . import selectors, services
from .forms import ClaimForm, LinkEditForm, LinkForm, NodeEditForm
from .models import Link, Node


def _evaluate(argument_map):
    from . import reasoning

    graph = selectors.map_graph(argument_map)
    return graph, reasoning.evaluate(graph)


def _svg(argument_map, graph, evaluation, marks: dict) -> str:
    """The diagram with its review marks (open threads, latest verdicts), cached per map
    version and marks (``selectors.map_svg``)."""
    return selectors.map_svg(argument_map, graph, evaluation.labels, evaluation.link_labels,
                             **marks)


def _map_url(argument_map, selected: str = "") -> str:
    url = reverse("map-page", args=[argument_map.pk])
    return f"{url}?selected={selected}" if selected else url


def _acceptance(preferred, node_id: int) -> str:
    """Where a node stands under preferred semantics, in words."""
    if preferred.status != "ok":
        return ""
    if node_id in preferred.sceptical:
        return "accepted in every preferred extension (sceptically)"
    if node_id in preferred.credulous:
        return "accepted in some preferred extensions only (credulously)"
    return "rejected in every preferred extension"


def _panel_context(argument_map, graph, evaluation, selected: str, review) -> dict:
    """What the side panel shows for ``selected`` ("node-3", "link-7" or "")."""
    kind, _, raw_id = selected.partition("-")
    if not is_ascii_digits(raw_id):
        return {"panel": "map", "verdict_rows": [
            (link, review.verdicts[link.id]) for link in graph.links.values()
            if review.verdicts.get(link.id)]}
    pk = int(raw_id)
    if kind == "node" and pk in graph.nodes:
        node = graph.nodes[pk]
        links = [link for link in graph.links.values() if pk in (link.source, link.target)]
        return {"panel": "node", "node": node, "node_links": links,
                "label": evaluation.labels.get(pk, ""),
                "acceptance": _acceptance(evaluation.preferred, pk),
                "review": review.for_node(pk),
                "edit_form": NodeEditForm.for_node(node),
                "link_form": LinkForm(argument_map=argument_map, graph=graph,
                                      initial={"source": pk})}
    if kind == "link" and pk in graph.links:
        link = graph.links[pk]
        return {"panel": "link", "link": link,
                "label": evaluation.link_labels.get(pk, ""),
                "undercutters": [x for x in graph.links.values() if x.target_link == pk],
                "review": review.for_link(pk),
                "edit_form": LinkEditForm(initial={"relation": link.relation,
                                                   "rationale": link.rationale})}
    return {"panel": "missing"}


def _page_context(request, argument_map, *, selected="", forms=None):
    from legalmap.reviews import views as review_views

    graph, evaluation = _evaluate(argument_map)
    review = review_views.Review(argument_map)
    context = {
        "map": argument_map,
        "can_edit": selectors.can_edit(argument_map.user_role),
        "graph": graph,
        "evaluation": evaluation,
        # The review is loaded for the panel anyway: its marks cost no extra query.
        "svg": _svg(argument_map, graph, evaluation, review.diagram_marks()),
        "conclusions": selectors.conclusions(graph, evaluation),
        "claim_form": ClaimForm(),
        "link_form": LinkForm(argument_map=argument_map, graph=graph),
        "authorities": Authority.objects.order_by("short_name").only("slug", "short_name"),
        "selected": selected,
        "exports": recent_exports(argument_map),
        "verdict_choices": review_views.verdict_choices(),
        **review_views.permissions(argument_map, request.user),
    }
    context |= _panel_context(argument_map, graph, evaluation, selected, review)
    context |= forms or {}
    return context


@require_GET
def map_page(request, pk):
    argument_map = selectors.get_map_for_user(request.user, pk)
    selected = request.GET.get("selected", "")
    prefixed_id(selected, "selected", ("node", "link"))  # 400 for "node-²"
    context = _page_context(request, argument_map, selected=selected)
    if request.htmx and request.GET.get("panel"):
        return render(request, "maps/_panel.html", context)
    return render(request, "maps/map_page.html", context)


def render_map_page(request, argument_map, *, selected="", extra=None, status=200):
    """The whole map page with ``selected`` open in the panel: what a form of another app
    (a refused review comment, without JavaScript) answers with, ``extra`` in its context."""
    context = _page_context(request, argument_map, selected=selected, forms=extra)
    return render(request, "maps/map_page.html", context, status=status)


@require_GET
def diagram_svg(request, pk):
    argument_map = selectors.get_map_for_user(request.user, pk)
    from legalmap.reviews.selectors import diagram_marks

    graph, evaluation = _evaluate(argument_map)
    response = HttpResponse(_svg(argument_map, graph, evaluation, diagram_marks(argument_map)),
                            content_type="image/svg+xml; charset=utf-8")
    response["ETag"] = argument_map.etag
    return response


def _write(request, argument_map, form, action, *, selected=""):
    """Run ``action(form.cleaned_data)`` for a valid form; re-render the page on errors."""
    if form.is_valid():
        try:
            result = action(form.cleaned_data)
        except PreconditionFailed:
            messages.error(request, "Someone changed this map while you were editing. "
                                    "Here is the current version; apply your change again.")
            return redirect(_map_url(argument_map, selected))
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                target = field if field in form.fields else None
                for error in errors:
                    form.add_error(target, error if target else f"{field}: {error}")
        else:
            return redirect(_map_url(argument_map, result or selected))
    context = _page_context(request, argument_map, selected=selected,
                            forms={"bound_form": form, "bound_form_name": form.prefix or ""})
    return render(request, "maps/map_page.html", context, status=400)


def _expected(request, argument_map) -> int:
    # A form without its version is treated as stale rather than trusted blindly; one
    # with anything but digits in it is a 400 naming the field.
    version = ascii_int(request.POST, "version")
    if version is None:
        raise PreconditionFailed()
    return version


@require_POST
def claim_create(request, pk):
    argument_map = selectors.get_map_for_user(request.user, pk, write=True)
    form = ClaimForm(request.POST)

    def action(data):
        node = services.node_create(argument_map=argument_map, actor=request.user,
                                    expected_version=_expected(request, argument_map),
                                    kind=Node.Kind.CLAIM, text=data["text"])
        messages.success(request, "Claim added.")
        return f"node-{node.pk}"

    return _write(request, argument_map, form, action)


@require_POST
def authority_add(request, pk):
    argument_map = selectors.get_map_for_user(request.user, pk, write=True)
    authority = Authority.objects.filter(slug=request.POST.get("authority", "")).first()
    if authority is None:
        messages.error(request, "Pick an authority from the catalogue.")
        return redirect(_map_url(argument_map))
    existing = argument_map.nodes.filter(authority=authority).first()
    if existing:
        return redirect(_map_url(argument_map, f"node-{existing.pk}"))
    try:
        node = services.node_create(argument_map=argument_map, actor=request.user,
                                    expected_version=_expected(request, argument_map),
                                    kind=Node.Kind.AUTHORITY, authority=authority)
    except PreconditionFailed:
        messages.error(request, "Someone changed this map meanwhile; try again.")
        return redirect(_map_url(argument_map))
    messages.success(request, f"{authority.short_name} added to the map.")
    return redirect(_map_url(argument_map, f"node-{node.pk}"))


@require_POST
def link_create(request, pk):
    argument_map = selectors.get_map_for_user(request.user, pk, write=True)
    graph = selectors.map_graph(argument_map)
    form = LinkForm(request.POST, argument_map=argument_map, graph=graph)

    def action(data):
        link = services.link_create(argument_map=argument_map, actor=request.user,
                                    expected_version=_expected(request, argument_map), **data)
        messages.success(request, "Link added.")
        return f"link-{link.pk}"

    return _write(request, argument_map, form, action,
                  selected=request.POST.get("selected", ""))


def _get_link(argument_map, link_pk) -> Link:
    link = Link.objects.filter(map=argument_map, pk=link_pk).first()
    if link is None:
        raise Http404("No such link on this map.")
    link.map = argument_map
    return link


def _get_node(argument_map, node_pk) -> Node:
    node = Node.objects.filter(map=argument_map, pk=node_pk).select_related("authority",
                                                                              "article").first()
    if node is None:
        raise Http404("No such node on this map.")
    node.map = argument_map
    return node


@require_POST
def link_edit(request, pk, link_pk):
    argument_map = selectors.get_map_for_user(request.user, pk, write=True)
    link = _get_link(argument_map, link_pk)
    form = LinkEditForm(request.POST)

    def action(data):
        services.link_update(link=link, actor=request.user,
                             expected_version=_expected(request, argument_map), **data)
        messages.success(request, "Link saved.")
        return f"link-{link.pk}"

    return _write(request, argument_map, form, action, selected=f"link-{link.pk}")


def _delete(request, argument_map, key, delete) -> HttpResponse:
    """Run ``delete(expected_version)``; a stale form deletes nothing and says so."""
    try:
        result = delete(_expected(request, argument_map))
    except PreconditionFailed:
        messages.error(request, "Someone changed this map meanwhile; nothing was deleted.")
        return redirect(_map_url(argument_map, key))
    messages.success(request, result)
    return redirect(_map_url(argument_map))


@require_POST
def link_delete(request, pk, link_pk):
    argument_map = selectors.get_map_for_user(request.user, pk, write=True)
    link = _get_link(argument_map, link_pk)

    def delete(version):
        services.link_delete(link=link, actor=request.user, expected_version=version)
        return "Link deleted."

    return _delete(request, argument_map, f"link-{link.pk}", delete)


@require_POST
def node_edit(request, pk, node_pk):
    argument_map = selectors.get_map_for_user(request.user, pk, write=True)
    node = _get_node(argument_map, node_pk)
    form = NodeEditForm(request.POST, kind=node.kind)

    def action(data):
        services.node_update(node=node, actor=request.user,
                             expected_version=_expected(request, argument_map), **data)
        messages.success(request, "Saved.")
        return f"node-{node.pk}"

    return _write(request, argument_map, form, action, selected=f"node-{node.pk}")


@require_POST
def node_delete(request, pk, node_pk):
    argument_map = selectors.get_map_for_user(request.user, pk, write=True)
    node = _get_node(argument_map, node_pk)

    def delete(version):
        removed = services.node_delete(node=node, actor=request.user, expected_version=version)
        return f"Deleted, with {removed} link{'s' if removed != 1 else ''}."

    return _delete(request, argument_map, f"node-{node.pk}", delete)
