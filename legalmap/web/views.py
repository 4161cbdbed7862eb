from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from legalmap.maps import selectors, services
from legalmap.maps.models import Membership
from legalmap.reviews.selectors import maps_awaiting_review

from .forms import MapForm


def dashboard(request):
    maps = list(selectors.map_list(request.user))
    roles = dict(
        Membership.objects.filter(user=request.user, map__in=maps).values_list("map_id", "role")
    )
    # The selector decides what awaits a review (in review, I am a reviewer); the other
    # maps I review are merely shared with me.
    awaiting = set(maps_awaiting_review(request.user).values_list("pk", flat=True))
    groups = {"mine": [], "editor": [], "reviewer": [], "awaiting": [], "viewer": [],
              "other": []}
    for argument_map in maps:
        if argument_map.owner_id == request.user.pk:
            groups["mine"].append(argument_map)
        elif argument_map.pk in awaiting:
            groups["awaiting"].append(argument_map)
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


def _check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:
        return f"down: {type(error).__name__}"
    return "ok"


def _check_redis_and_worker() -> tuple[str, str]:
    """Redis answers a PING; a worker has written its heartbeat key (legalmap/celery.py)
    within the last three beats. Without REDIS_URL tasks run in-process: nothing to watch."""
    from legalmap.celery import redis_client

    client = redis_client()
    if client is None:
        return "not configured", "not configured (tasks run in-process)"
    try:
        client.ping()
        beating = client.exists(settings.WORKER_HEARTBEAT_KEY)
    except Exception as error:
        return f"down: {type(error).__name__}", "unknown: Redis is down"
    finally:
        client.close()
    return "ok", "ok" if beating else "down: no worker heartbeat"


@login_not_required
def healthz(request):
    """For the container health check and the operator: the database, Redis and a Celery
    worker, each named; 503 when any of them is down (issue 16)."""
    redis_state, worker_state = _check_redis_and_worker()
    checks = {"database": _check_database(), "redis": redis_state, "worker": worker_state}
    healthy = all(value == "ok" or value.startswith("not configured")
                  for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "degraded", **checks},
                        status=200 if healthy else 503)
