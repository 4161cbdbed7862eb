"""HTML pages and forms of reviews: what the templates show of threads and verdicts, the
review page with its round controls and reviewers, the notifications page. The forms of
threads and verdicts (htmx-enhanced) are in ``thread_views.py``.

Thin, like ``maps/views.py``: the map comes through ``get_map_for_user`` (404 for
outsiders), the services decide who may write (``PermissionDenied`` → 403) and what is
valid (``ValidationError`` → the form's error as a message, back where the form was).
The forms here POST and redirect; nothing here needs JavaScript.
"""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from legalmap.api import PreconditionFailed
from legalmap.http import ascii_int
from legalmap.maps import selectors as map_selectors
from legalmap.maps import services as map_services
from legalmap.maps.models import Membership

from . import selectors, services
from .models import Notification, ReviewRound, Verdict

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
    """The map's comments grouped into threads and its latest verdicts, from two queries.

    Bodies are rendered from Markdown by the templates (the ``comment_html`` filter), so a
    page or an htmx answer renders only the threads it draws, not every comment of the map.
    """

    def __init__(self, argument_map, *, verdicts: bool = True):
        comments = list(selectors.comment_list(argument_map))
        children = defaultdict(list)
        for comment in comments:
            children[comment.parent_id].append(comment)
        self.threads = defaultdict(list)  # ("link"|"node", id) → [root, …]
        self.orphans = []  # threads whose link or node was since deleted
        self.roots = {}  # a thread's first comment's id → it
        self._root_of = {}  # any comment's id → its thread's first comment's id
        for root in children[None]:
            root.entries = list(self._flatten(root, children, 0))
            self.roots[root.pk] = root
            self._root_of |= dict.fromkeys((c.pk for c, _ in root.entries), root.pk)
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
        for verdict in selectors.verdict_latest(argument_map) if verdicts else ():
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

    def root_of(self, comment_pk):
        """The first comment of the thread ``comment_pk`` is in (with its entries)."""
        return self.roots[self._root_of[comment_pk]]

    def open_count(self, kind: str, pk) -> int:
        """Open threads on ("link"|"node", pk); 0 for anything else."""
        return sum(1 for t in self.threads.get((kind, pk), []) if t.resolved_at is None)

    def diagram_marks(self) -> dict:
        """What the diagram marks (``maps.selectors.map_svg``), from what is loaded: the
        same as ``selectors.diagram_marks`` without its two queries."""
        latest = (v for verdicts in self.verdicts.values() for v in verdicts)
        return {"open_threads": self.open_threads(),
                "verdicts": selectors.verdict_marks(latest)}


def verdict_choices():
    return Verdict.Value.choices


# --- plumbing --------------------------------------------------------------------------


def _errors(request, exc: ValidationError) -> None:
    if hasattr(exc, "message_dict"):
        for field, errors in exc.message_dict.items():
            for error in errors:
                messages.error(request, error if field == "__all__" else f"{field}: {error}")
    else:
        for error in exc.messages:
            messages.error(request, error)


def _version(request) -> int | None:
    return ascii_int(request.POST, "version")


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
    number = ascii_int(request.POST, "round")
    try:
        review_round = services.round_finish(
            argument_map=argument_map, actor=request.user,
            outcome=request.POST.get("outcome", ""), note=request.POST.get("note", ""),
            number=number,
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
    which = request.GET.get("filter", "")
    context = review_context(request, argument_map, which if which in FILTERS else "",
                             page_url=request.get_full_path())
    return render(request, "reviews/review_page.html", context)


def review_context(request, argument_map, which: str, *, page_url: str) -> dict:
    """The review page's context; ``page_url`` is where its forms come back to (``next``),
    also when it is drawn again in answer to a refused form."""
    graph = map_selectors.map_graph(argument_map)
    review = Review(argument_map)
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
    return {
        "map": argument_map, "graph": graph, "rows": shown, "total": len(rows),
        "filters": FILTERS, "filter": which, "orphans": review.orphans, "rounds": rounds,
        "open_round": next((r for r in rounds if r.finished_at is None), None),
        "reviewers": reviewers, "changes": changes, "outcomes": ReviewRound.Outcome.choices,
        "verdict_choices": verdict_choices(), "page_url": page_url, **allowed}


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
    notification_id = ascii_int(request.POST, "id")
    if notification_id is not None:
        notification = Notification.objects.filter(recipient=request.user,
                                                   pk=notification_id).first()
        if notification is None:
            raise Http404("No such notification.")
        services.notification_mark_read(notification=notification, actor=request.user)
    else:
        services.notification_mark_all_read(actor=request.user)
    return redirect(reverse("notifications-page"))
