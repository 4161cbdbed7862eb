"""HTML pages and forms of reviews: threads and verdicts on the map page, the review page
with its round controls, the notifications page.

Thin, like ``maps/views.py``: the map comes through ``get_map_for_user`` (404 for
outsiders), the services decide who may write (``PermissionDenied`` → 403) and what is
valid (``ValidationError`` → the form's error as a message, back where the form was).
Forms POST and redirect; nothing here needs JavaScript.
"""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from legalmap.api import PreconditionFailed
from legalmap.maps import selectors as map_selectors
from legalmap.maps import services as map_services
from legalmap.maps.models import Link, Membership, Node

from . import markdown, selectors, services
from .models import Comment, Notification, ReviewRound, Verdict

FILTERS = {"": "All links", "open": "Open threads", "unsound": "Unsound",
           "noverdict": "No verdict yet"}


# --- what the templates show -----------------------------------------------------------


def permissions(argument_map, user) -> dict:
    """What the signed-in user may do here, asked of the services' role sets (the services
    check again on every POST; this only decides which controls to draw)."""
    role = argument_map.user_role
    return {"can_comment": role in services.COMMENTERS,
            "can_resolve": role in services.RESOLVERS,
            "can_judge": role in services.JUDGES,
            "can_submit": (role in services.SUBMITTERS
                           and argument_map.status in services.SUBMITTABLE),
            "can_finish": (role in services.JUDGES
                           and argument_map.status == services.Status.IN_REVIEW),
            "can_manage": map_selectors.can_manage(role),
            "user_id": user.pk}


class Review:
    """The map's comments grouped into threads and its latest verdicts, from two queries."""

    def __init__(self, argument_map):
        comments = list(selectors.comment_list(argument_map))
        children = defaultdict(list)
        for comment in comments:
            comment.html = markdown.render(comment.body)
            children[comment.parent_id].append(comment)
        self.threads = defaultdict(list)  # ("link"|"node", id) → [root, …]
        self.orphans = []  # threads whose link or node was since deleted
        for root in children[None]:
            root.entries = list(self._flatten(root, children, 0))
            # A reply answers the thread's latest live comment (its author is told); a
            # deleted comment takes no replies (services.comment_create).
            live = [c for c, _ in root.entries if c.deleted_at is None]
            root.reply_to = live[-1].pk if live else None
            if root.link_id:
                self.threads[("link", root.link_id)].append(root)
            elif root.node_id:
                self.threads[("node", root.node_id)].append(root)
            else:
                self.orphans.append(root)
        self.verdicts = defaultdict(list)  # link id → latest verdict per reviewer
        for verdict in selectors.verdict_latest(argument_map):
            self.verdicts[verdict.link_id].append(verdict)

    @staticmethod
    def _flatten(comment, children, depth):
        """A thread as (comment, depth) rows in reading order: replies indented."""
        yield comment, min(depth, 3)  # deep chains stay readable in a narrow panel
        for reply in children[comment.pk]:
            yield from Review._flatten(reply, children, depth + 1)

    def open_threads(self) -> dict[int, int]:
        counts: dict[int, int] = {}
        for (kind, pk), roots in self.threads.items():
            n = sum(1 for root in roots if root.resolved_at is None)
            if kind == "link" and n:
                counts[pk] = n
        return counts

    def for_link(self, pk) -> dict:
        threads = self.threads.get(("link", pk), [])
        return {"threads": threads, "verdicts": self.verdicts.get(pk, []),
                "open": sum(1 for t in threads if t.resolved_at is None)}

    def for_node(self, pk) -> dict:
        threads = self.threads.get(("node", pk), [])
        return {"threads": threads, "open": sum(1 for t in threads if t.resolved_at is None)}


def verdict_choices():
    return Verdict.Value.choices


# --- plumbing --------------------------------------------------------------------------


def _back(request, argument_map, default=""):
    """Where a form came from (``next``, same site only), else the map page."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()},
                                                   require_https=request.is_secure()):
        return redirect(target)
    url = reverse("map-page", args=[argument_map.pk])
    return redirect(f"{url}?selected={default}" if default else url)


def _errors(request, exc: ValidationError) -> None:
    if hasattr(exc, "message_dict"):
        for field, errors in exc.message_dict.items():
            for error in errors:
                messages.error(request, error if field == "__all__" else f"{field}: {error}")
    else:
        for error in exc.messages:
            messages.error(request, error)


def _version(request) -> int | None:
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else None


def _get_comment(argument_map, comment_pk) -> Comment:
    comment = Comment.objects.filter(map=argument_map, pk=comment_pk).first()
    if comment is None:
        raise Http404("No such comment on this map.")
    comment.map = argument_map  # with its memberships prefetched by the one door
    return comment


def _target_key(comment) -> str:
    if comment.link_id:
        return f"link-{comment.link_id}"
    return f"node-{comment.node_id}" if comment.node_id else ""


# --- comments --------------------------------------------------------------------------


@require_POST
def comment_create(request, pk):
    argument_map = map_selectors.get_map_for_user(request.user, pk)
    link = node = parent = None
    if request.POST.get("parent", "").isdigit():
        parent = _get_comment(argument_map, request.POST["parent"])
    elif request.POST.get("link", "").isdigit():
        link = Link.objects.filter(map=argument_map, pk=request.POST["link"]).first()
        if link is None:
            messages.error(request, "That link is no longer on this map; nothing was posted.")
            return _back(request, argument_map)
    elif request.POST.get("node", "").isdigit():
        node = Node.objects.filter(map=argument_map, pk=request.POST["node"]).first()
        if node is None:
            messages.error(request, "That node is no longer on this map; nothing was posted.")
            return _back(request, argument_map)
    try:
        comment = services.comment_create(argument_map=argument_map, actor=request.user,
                                          body=request.POST.get("body", ""), link=link,
                                          node=node, parent=parent)
    except ValidationError as exc:
        _errors(request, exc)
        return _back(request, argument_map)
    messages.success(request, "Reply posted." if parent else "Comment posted.")
    return _back(request, argument_map, _target_key(comment))


@require_POST
def comment_edit(request, pk, comment_pk):
    argument_map = map_selectors.get_map_for_user(request.user, pk)
    comment = _get_comment(argument_map, comment_pk)
    try:
        services.comment_update(comment=comment, actor=request.user,
                                body=request.POST.get("body", ""))
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, "Comment saved.")
    return _back(request, argument_map, _target_key(comment))


@require_POST
def comment_delete(request, pk, comment_pk):
    argument_map = map_selectors.get_map_for_user(request.user, pk)
    comment = _get_comment(argument_map, comment_pk)
    services.comment_delete(comment=comment, actor=request.user)
    messages.success(request, "Comment deleted.")
    return _back(request, argument_map, _target_key(comment))


def _resolution(resolve: bool):
    @require_POST
    def view(request, pk, comment_pk):
        argument_map = map_selectors.get_map_for_user(request.user, pk)
        comment = _get_comment(argument_map, comment_pk)
        service = services.comment_resolve if resolve else services.comment_reopen
        try:
            service(comment=comment, actor=request.user)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, "Thread resolved." if resolve else "Thread reopened.")
        return _back(request, argument_map, _target_key(comment))

    return view


comment_resolve = _resolution(True)
comment_reopen = _resolution(False)


# --- verdicts --------------------------------------------------------------------------


@require_POST
def verdict_give(request, pk, link_pk):
    argument_map = map_selectors.get_map_for_user(request.user, pk)
    link = Link.objects.filter(map=argument_map, pk=link_pk).first()
    if link is None:
        raise Http404("No such link on this map.")
    try:
        verdict = services.verdict_give(argument_map=argument_map, actor=request.user,
                                        link=link, value=request.POST.get("value", ""),
                                        reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, f"Verdict recorded: {verdict.get_value_display()}.")
    return _back(request, argument_map, f"link-{link.pk}")


# --- rounds ----------------------------------------------------------------------------


def _review_url(argument_map) -> str:
    return reverse("map-review-page", args=[argument_map.pk])


@require_POST
def map_submit(request, pk):
    argument_map = map_selectors.get_map_for_user(request.user, pk)
    try:
        review_round = services.map_submit(argument_map=argument_map, actor=request.user,
                                           expected_version=_version(request))
    except PreconditionFailed:
        messages.error(request, "The map changed since this page was loaded; look again "
                                "and submit once more.")
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, f"Submitted for review (round {review_round.number}).")
    return redirect(_review_url(argument_map))


@require_POST
def round_finish(request, pk):
    argument_map = map_selectors.get_map_for_user(request.user, pk)
    number = request.POST.get("round", "")
    try:
        review_round = services.round_finish(
            argument_map=argument_map, actor=request.user,
            outcome=request.POST.get("outcome", ""), note=request.POST.get("note", ""),
            number=int(number) if number.isdigit() else None,
            expected_version=_version(request))
    except PreconditionFailed:
        messages.error(request, "The map changed since this page was loaded; look at the "
                                "changes, then finish the round.")
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, f"Round {review_round.number} finished: "
                                  f"{review_round.get_outcome_display()}.")
    return redirect(_review_url(argument_map))


# --- reviewers -------------------------------------------------------------------------


@require_POST
def reviewer_add(request, pk):
    argument_map = map_selectors.get_map_for_user(request.user, pk, manage=True)
    who = request.POST.get("user", "").strip()
    user = get_user_model().objects.filter(
        Q(username__iexact=who) | Q(email__iexact=who)).first() if who else None
    if user is None:
        messages.error(request, f"No user with the username or email “{who}”.")
        return redirect(_review_url(argument_map))
    try:
        map_services.membership_create(argument_map=argument_map, user=user,
                                       role=Membership.Role.REVIEWER, actor=request.user,
                                       expected_version=None)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, f"{user.username} is now a reviewer of this map.")
    return redirect(_review_url(argument_map))


@require_POST
def reviewer_remove(request, pk, membership_pk):
    argument_map = map_selectors.get_map_for_user(request.user, pk, manage=True)
    membership = Membership.objects.filter(map=argument_map, pk=membership_pk,
                                           role=Membership.Role.REVIEWER).select_related(
                                               "user").first()
    if membership is None:
        raise Http404("No such reviewer on this map.")
    membership.map = argument_map
    map_services.membership_delete(membership=membership, actor=request.user,
                                   expected_version=None)
    messages.success(request, f"{membership.user.username} no longer reviews this map.")
    return redirect(_review_url(argument_map))


# --- the review page -------------------------------------------------------------------


def _row_matches(row, which: str) -> bool:
    if which == "open":
        return row["open"] > 0
    if which == "unsound":
        return any(v.value == Verdict.Value.UNSOUND for v in row["verdicts"])
    if which == "noverdict":
        return not row["verdicts"]
    return True


@require_GET
def review_page(request, pk):
    argument_map = map_selectors.get_map_for_user(request.user, pk)
    graph = map_selectors.map_graph(argument_map)
    review = Review(argument_map)
    which = request.GET.get("filter", "")
    which = which if which in FILTERS else ""
    rows = [{"link": link, **review.for_link(link.id)} for link in graph.links.values()]
    shown = [row for row in rows if _row_matches(row, which)]
    rounds = list(selectors.round_list(argument_map))
    reviewers = list(Membership.objects.filter(map=argument_map,
                                               role=Membership.Role.REVIEWER)
                     .select_related("user").order_by("user__username"))
    allowed = permissions(argument_map, request.user)
    changes = None
    if argument_map.user_role in services.JUDGES or allowed["can_submit"]:
        changes = selectors.changes_since_last_round(argument_map, request.user)
    return render(request, "reviews/review_page.html", {
        "map": argument_map, "graph": graph, "rows": shown, "total": len(rows),
        "filters": FILTERS, "filter": which, "orphans": review.orphans, "rounds": rounds,
        "open_round": next((r for r in rounds if r.finished_at is None), None),
        "reviewers": reviewers, "changes": changes, "outcomes": ReviewRound.Outcome.choices,
        "verdict_choices": verdict_choices(), **allowed})


# --- notifications ---------------------------------------------------------------------

VERBS = {"comment.created": "commented on", "comment.replied": "replied to your comment on",
         "map.submitted": "submitted for review", "round.finished": "finished a round of"}


@require_GET
def notifications_page(request):
    items = list(selectors.notification_list(request.user)[:100])
    for item in items:
        item.words = VERBS.get(item.verb, item.verb)
    return render(request, "reviews/notifications.html", {"items": items})


@require_POST
def notifications_read(request):
    """One notification (``id``) or all of them read."""
    if request.POST.get("id", "").isdigit():
        notification = Notification.objects.filter(recipient=request.user,
                                                   pk=request.POST["id"]).first()
        if notification is None:
            raise Http404("No such notification.")
        services.notification_mark_read(notification=notification, actor=request.user)
    else:
        services.notification_mark_all_read(actor=request.user)
    return redirect(reverse("notifications-page"))
