"""Reads for reviews. The map itself is always fetched through ``get_map_for_user``."""

from django.db.models import Count, Exists, OuterRef

from legalmap.authorities.models import Authority
from legalmap.maps.graph import relation_label
from legalmap.maps.labels import node_label
from legalmap.maps.models import ArgumentMap, Event, Membership, Node
from legalmap.maps.services import snapshot

from .models import Comment, Notification, ReviewRound, Verdict


def comment_list(argument_map):
    return Comment.objects.filter(map=argument_map).select_related("author").order_by(
        "created_at", "id")


def verdict_history(argument_map):
    """Every verdict ever given on the map, oldest first (links since deleted included)."""
    return Verdict.objects.filter(map=argument_map).select_related("reviewer").order_by(
        "created_at", "id")


def verdict_latest(argument_map):
    """The verdict that counts: each reviewer's latest on each link still in the map."""
    newer = Verdict.objects.filter(link=OuterRef("link"), reviewer=OuterRef("reviewer"),
                                   pk__gt=OuterRef("pk"))
    return (verdict_history(argument_map).filter(link__isnull=False)
            .exclude(Exists(newer)).order_by("link", "reviewer__username"))


def open_thread_counts(argument_map) -> dict[int, int]:
    """Link id → its open threads: first comments not resolved (a thread whose first
    comment was deleted is still open), as ``views.Review.open_threads`` counts them."""
    rows = (Comment.objects.filter(map=argument_map, parent__isnull=True, link__isnull=False,
                                   resolved_at__isnull=True)
            .values("link").annotate(n=Count("id")).order_by())
    return {row["link"]: row["n"] for row in rows}


def verdict_marks(verdicts) -> dict[int, list[tuple[str, str]]]:
    """Link id → [(value, reviewer's name)], from ``verdict_latest``'s rows (in its order)."""
    marks: dict[int, list[tuple[str, str]]] = {}
    for verdict in verdicts:
        who = verdict.reviewer.get_full_name() or verdict.reviewer.username
        marks.setdefault(verdict.link_id, []).append((verdict.value, who))
    return marks


def diagram_marks(argument_map) -> dict:
    """What the diagram marks on links (``maps.selectors.map_svg``'s keywords), in two
    queries, for the callers that have not loaded the whole review."""
    return {"open_threads": open_thread_counts(argument_map),
            "verdicts": verdict_marks(verdict_latest(argument_map))}


def round_list(argument_map):
    return ReviewRound.objects.filter(map=argument_map).select_related(
        "submitted_by", "finished_by").order_by("number")


def maps_awaiting_review(user):
    """Maps in review where ``user`` is a reviewer: the reviewer's dashboard."""
    reviewing = Membership.objects.filter(map=OuterRef("pk"), user=user,
                                          role=Membership.Role.REVIEWER)
    return (ArgumentMap.objects.filter(status=ArgumentMap.Status.IN_REVIEW)
            .filter(Exists(reviewing)).select_related("owner").order_by("updated_at", "id"))


def notification_list(user):
    return Notification.objects.filter(recipient=user).select_related(
        "actor", "map", "comment", "round").order_by("-created_at", "-id")


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


# --- what changed since a round ---------------------------------------------------------


def baseline_round(argument_map, reviewer) -> ReviewRound | None:
    """The round a reviewer compares against: the last one they finished; failing that
    the last finished round (someone else reviewed it); None before any round ended."""
    finished = ReviewRound.objects.filter(map=argument_map, finished_at__isnull=False)
    return (finished.filter(finished_by=reviewer).order_by("-number").first()
            or finished.order_by("-number").first())


def _snapshot_label(data: dict | None, authorities: dict[str, str] | None = None) -> str:
    """A node as ``Node.label`` names it, from an event's or snapshot's picture of it
    (authorities by short name when ``authorities`` maps their slugs)."""
    if not data:
        return ""
    slug = data.get("authority", "")
    return node_label(data.get("kind", ""), quote=data.get("quote", ""),
                      text=data.get("text") or "", authority=(authorities or {}).get(slug, slug))


def _net_changes(events) -> dict[str, dict[int, tuple[str, dict | None, dict | None]]]:
    """Per target type and id: (added|removed|altered, before, after), from the first
    event's ``before`` and the last event's ``after``. Created-then-deleted nets out."""
    first, last = {}, {}
    for event in events:
        key = (event.target_type, event.target_id)
        first.setdefault(key, event)
        last[key] = event
    changes: dict[str, dict] = {"node": {}, "link": {}}
    for key, start in first.items():
        end = last[key]
        created = start.verb.endswith(".created")
        deleted = end.verb.endswith(".deleted")
        if created and deleted:
            continue
        if created:
            changes[key[0]][key[1]] = ("added", None, end.after)
        elif deleted:
            changes[key[0]][key[1]] = ("removed", start.before, None)
        elif start.before != end.after:
            changes[key[0]][key[1]] = ("altered", start.before, end.after)
    return changes


def changes_since(argument_map, review_round: ReviewRound | None) -> dict:
    """Nodes and links added, removed and altered since ``review_round`` was submitted,
    built from the event rows, with readable labels even for what no longer exists."""
    result = {"since_round": None, "since_version": None, "until_version": argument_map.version,
              "nodes": {"added": [], "removed": [], "altered": []},
              "links": {"added": [], "removed": [], "altered": []}}
    if review_round is None:
        return result
    result |= {"since_round": review_round.number, "since_version": review_round.map_version}
    events = list(Event.objects.filter(
        map=argument_map, map_version__gt=review_round.map_version,
        target_type__in=["node", "link"],
        verb__in=["node.created", "node.updated", "node.deleted",
                  "link.created", "link.updated", "link.deleted"],
    ).order_by("id"))
    changes = _net_changes(events)

    # Labels for link ends: the node as it is now, else as the events or the submitted
    # snapshot last saw it (a node deleted since still has a name).
    node_data = {n["id"]: n for n in review_round.snapshot.get("nodes", [])}
    link_data = {x["id"]: x for x in review_round.snapshot.get("links", [])}
    for event in events:
        pictures = node_data if event.target_type == "node" else link_data
        pictures[event.target_id] = event.after or event.before
    current = Node.objects.filter(map=argument_map).select_related("authority")
    node_data |= {node.pk: snapshot(node) for node in current}
    slugs = {n["authority"] for n in node_data.values() if n and n.get("authority")}
    authorities = dict(Authority.objects.filter(slug__in=slugs)
                       .values_list("slug", "short_name")) if slugs else {}

    def node_label(data):
        return _snapshot_label(data, authorities)

    def node_name(pk):
        return node_label(node_data.get(pk)) or f"node {pk}"

    def link_name(data):
        if not data:
            return ""
        if data.get("target") is not None:
            target = node_name(data["target"])
        else:
            inner = link_data.get(data.get("target_link"))
            target = f"({link_name(inner)})" if inner else f"link {data.get('target_link')}"
        # The relation in words; a round submitted before issue 14 still says `invokes`.
        return f"{node_name(data['source'])} {relation_label(data['relation'])} {target}"

    for kind, label in (("node", node_label), ("link", link_name)):
        for pk, (change, before, after) in sorted(changes[kind].items()):
            result[kind + "s"][change].append(
                {"id": pk, "label": label(after or before), "before": before, "after": after})
    return result


def changes_since_last_round(argument_map, reviewer) -> dict:
    return changes_since(argument_map, baseline_round(argument_map, reviewer))
