from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from legalmap.maps import selectors
from legalmap.maps.models import Membership


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
    return render(request, "web/dashboard.html", {"groups": groups})


@login_not_required
def healthz(request):
    """For the container health check: the app answers and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
