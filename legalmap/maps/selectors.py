"""Reads. ``get_map_for_user`` is the one door to a map: 404 if invisible, 403 if read-only."""

from django.db.models import Count, Prefetch
from django.http import Http404
from rest_framework.exceptions import PermissionDenied

from .models import ArgumentMap, Link, Membership, Node


def map_role(user, argument_map: ArgumentMap) -> str | None:
    """The user's role on the map: owner, instructor, editor, reviewer, viewer or None."""
    if not user.is_authenticated:
        return None
    if argument_map.owner_id == user.pk:
        return "owner"
    if user.is_staff:
        return "instructor"
    membership = next(
        (m for m in argument_map.memberships.all() if m.user_id == user.pk), None
    )
    return membership.role if membership else None


def can_edit(role: str | None) -> bool:
    return role in {"owner", "instructor", "editor"}


def can_manage(role: str | None) -> bool:
    """Change members, status and delete the map."""
    return role in {"owner", "instructor"}


def get_map_for_user(user, pk, *, write=False, manage=False, queryset=None) -> ArgumentMap:
    queryset = queryset if queryset is not None else ArgumentMap.objects.all()
    try:
        argument_map = queryset.prefetch_related("memberships").get(pk=pk)
    except (ArgumentMap.DoesNotExist, ValueError, TypeError):
        raise Http404("No such map.") from None
    role = map_role(user, argument_map)
    if role is None:
        raise Http404("No such map.")
    if manage and not can_manage(role):
        raise PermissionDenied("Only the map's owner or an instructor may do this.")
    if write and not can_edit(role):
        raise PermissionDenied("You can read this map but not change it.")
    argument_map.user_role = role
    return argument_map


def map_list(user):
    return (
        ArgumentMap.objects.visible_to(user)
        .select_related("owner")
        .annotate(
            node_count=Count("nodes", distinct=True), link_count=Count("links", distinct=True)
        )
        .order_by("-updated_at", "-id")
    )


def node_list(argument_map: ArgumentMap):
    return argument_map.nodes.select_related("authority", "article").order_by("id")


def link_list(argument_map: ArgumentMap):
    return argument_map.links.order_by("id")


def map_detail_queryset():
    return ArgumentMap.objects.select_related("owner").prefetch_related(
        "articles",
        Prefetch("memberships", queryset=Membership.objects.select_related("user")),
        Prefetch("nodes", queryset=Node.objects.select_related("authority", "created_by")
                 .order_by("id")),
        Prefetch("links", queryset=Link.objects.select_related("created_by").order_by("id")),
    )
