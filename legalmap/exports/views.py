"""The map page's Export menu: request a file, watch it being made (htmx polls the row),
download it. The API (``api.py``) is the same resource for scripts."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from legalmap.maps import selectors

from . import services
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
