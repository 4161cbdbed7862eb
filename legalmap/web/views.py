from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from legalmap.maps import selectors, services
from legalmap.maps.models import Membership

from .forms import MapForm


def dashboard(request):
    maps = list(selectors.map_list(request.user))
    roles = dict(
        Membership.objects.filter(user=request.user, map__in=maps).values_list("map_id", "role")
    )
    groups = {"mine": [], "editor": [], "reviewer": [], "viewer": [], "other": []}
    for argument_map in maps:
        if argument_map.owner_id == request.user.pk:
            groups["mine"].append(argument_map)
        else:
            groups[roles.get(argument_map.pk, "other")].append(argument_map)
    return render(request, "web/dashboard.html", {"groups": groups, "form": MapForm()})


@require_POST
def map_create(request):
    """Anyone signed in may start a map; they own it."""
    form = MapForm(request.POST)
    if not form.is_valid():
        return render(request, "web/map_new.html", {"form": form}, status=400)
    argument_map = services.map_create(owner=request.user, **form.cleaned_data)
    return redirect(reverse("map-page", args=[argument_map.pk]))


@login_not_required
def healthz(request):
    """For the container health check: the app answers and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
