"""The map page's Export menu: request a file, watch it being made (htmx polls the row),
download it. The API (``api.py``) is the same resource for scripts."""

from django.contrib import messages
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from legalmap.maps import selectors

from . import importers, services, uploads
from .models import Export


@require_POST
def export_create(request, pk):
    argument_map = selectors.get_map_for_user(request.user, pk)
    fmt, paper = request.POST.get("format", ""), request.POST.get("paper", "a4")
    if fmt not in Export.Format.values or paper not in Export.Paper.values:
        messages.error(request, "Pick one of the export formats and paper sizes offered.")
        return redirect(reverse("map-page", args=[argument_map.pk]))
    export = services.export_request(argument_map=argument_map, actor=request.user,
                                     format=fmt, paper=paper)
    messages.success(request, f"{export.get_format_display()} export started.")
    return redirect(reverse("map-page", args=[argument_map.pk]) + f"#export-{export.pk}")


@require_GET
def export_row(request, pk, export_pk):
    """One export's row, polled by htmx every second until it is done or failed."""
    argument_map = selectors.get_map_for_user(request.user, pk)
    export = get_object_or_404(Export, map=argument_map, pk=export_pk)
    return render(request, "exports/_export_row.html", {"map": argument_map, "export": export})


def recent_exports(argument_map, limit=5):
    return list(Export.objects.filter(map=argument_map).order_by("-created_at", "-id")[:limit])


def map_import(request):
    """The import page: an AIF or Argdown file → a new map of the user's own, or the form
    again (400) saying which line or node is at fault."""
    error, status = "", 200
    values = {"title": "", "format": ""}
    if request.method == "POST":
        values = {"title": request.POST.get("title", "").strip()[:200],
                  "format": request.POST.get("format", "").strip().lower()}
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise importers.ImportRejected("Choose a file to import.")
            argument_map = uploads.import_upload(upload=upload, owner=request.user,
                                                 chosen=values["format"],
                                                 title=values["title"])
        except (uploads.UnknownFormat, importers.ImportRejected) as exc:
            error, status = str(exc), 400
        else:
            nodes, links = argument_map.nodes.count(), argument_map.links.count()
            messages.success(request, f"Imported “{argument_map.title}”: {nodes} "
                             f"node{pluralize(nodes)}, {links} link{pluralize(links)}.")
            return redirect(reverse("map-page", args=[argument_map.pk]))
    elif request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    return render(request, "exports/import.html",
                  {"error": error, "values": values, "formats": uploads.IMPORT_FORMATS},
                  status=status)
