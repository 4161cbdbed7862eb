"""Writes for reviews: rounds, comments, verdicts, notifications.

Same habits as ``maps/services.py``: keyword-only, ``full_clean`` for a 400 naming the
field, one transaction per service, an Event row for every change. Each service checks
the actor's role itself (a 403 as Django's ``PermissionDenied``): the views fetch the map
through ``get_map_for_user`` (404 for outsiders) but decide nothing else.

Comments and verdicts do not bump the map's version: the version is the ETag of the
graph a student edits, and a reviewer's comment must not make the student's next edit
fail with 412. Submitting and finishing a round do bump it: they change the map's status.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from legalmap.maps.graph import relation_label
from legalmap.maps.models import ArgumentMap, Link, Membership, Node
from legalmap.maps.selectors import map_role
from legalmap.maps.services import _bump_version, _record, _save, snapshot

from . import notifications
from .models import Comment, Notification, ReviewRound, Verdict

Status = ArgumentMap.Status

# Who may do what, by role on the map (maps.selectors.map_role).
COMMENTERS = {"owner", "editor", "reviewer", "instructor"}
RESOLVERS = {"owner", "reviewer", "instructor"}
SUBMITTERS = {"owner", "editor", "instructor"}
JUDGES = {"reviewer", "instructor"}

SUBMITTABLE = {Status.DRAFT, Status.CHANGES_REQUESTED}
LABEL_CHARS = 300


def _require(argument_map, actor, allowed: set[str], message: str) -> str:
    role = map_role(actor, argument_map)
    if role not in allowed:
        raise PermissionDenied(message)
    return role


def node_label(node: Node) -> str:
    return node.label[:LABEL_CHARS]


def link_label(link: Link) -> str:
    """“quote” supports The claim, “quote” says violates UNCLOS art. 92 — what a comment or
    verdict was about, kept as text so it stays readable after the student deletes the
    link (it reaches pages and mails: the relation in words, not its stored name)."""
    target = link.target.label if link.target_id else f"link {link.target_link_id}"
    return f"{link.source.label} {relation_label(link.relation)} {target}"[:LABEL_CHARS]


# --- rounds ----------------------------------------------------------------------------


def _graph_snapshot(argument_map) -> dict:
    nodes = Node.objects.filter(map=argument_map).select_related("authority").order_by("id")
    links = Link.objects.filter(map=argument_map).order_by("id")
    return {"nodes": [{"id": n.pk, **snapshot(n)} for n in nodes],
            "links": [{"id": x.pk, **snapshot(x)} for x in links]}


@transaction.atomic
def map_submit(*, argument_map, actor, expected_version=None) -> ReviewRound:
    """Draft or changes requested → in review: the next round, with the submitted state."""
    _require(argument_map, actor, SUBMITTERS,
             "Only the map's owner, its editors or an instructor may submit it for review.")
    if argument_map.status not in SUBMITTABLE:
        raise ValidationError({"status": (
            f"The map's status is {argument_map.status}; only a draft or a map with changes "
            "requested (draft, changes_requested) can be submitted for review.")})
    before = argument_map.status
    _bump_version(argument_map, expected_version)
    # Conditional on the status: of two concurrent submits exactly one moves the map.
    moved = ArgumentMap.objects.filter(pk=argument_map.pk, status__in=SUBMITTABLE).update(
        status=Status.IN_REVIEW, updated_at=timezone.now())
    if moved != 1:
        raise ValidationError({"status": "The map was submitted for review meanwhile."})
    argument_map.status = Status.IN_REVIEW
    last = ReviewRound.objects.filter(map=argument_map).aggregate(n=Max("number"))["n"] or 0
    review_round = ReviewRound(map=argument_map, number=last + 1, submitted_by=actor,
                               map_version=argument_map.version,
                               snapshot=_graph_snapshot(argument_map))
    review_round.full_clean(validate_constraints=False)
    _save(review_round, status="The map was submitted for review meanwhile.")
    _record(argument_map, actor, "map.submitted", review_round,
            before={"status": before},
            after={"status": Status.IN_REVIEW, "round": review_round.number})
    reviewers = Membership.objects.filter(
        map=argument_map, role=Membership.Role.REVIEWER).select_related("user")
    notifications.notify(
        dict.fromkeys((m.user for m in reviewers), "map.submitted"), actor=actor,
        argument_map=argument_map, review_round=review_round)
    return review_round


@transaction.atomic
def round_finish(*, argument_map, actor, outcome, note="", number=None,
                 expected_version=None) -> ReviewRound:
    """In review → approved or changes requested; ``number`` (if given) must be the open
    round, so a reviewer never finishes a round they did not look at."""
    _require(argument_map, actor, JUDGES,
             "Only a reviewer of this map or an instructor may finish a review round.")
    if outcome not in ReviewRound.Outcome.values:
        raise ValidationError({"outcome": f"Must be one of {', '.join(ReviewRound.Outcome)}."})
    if argument_map.status != Status.IN_REVIEW:
        raise ValidationError({"status": (
            f"The map's status is {argument_map.status}; only a map in review (in_review) "
            "has a round to finish.")})
    open_round = (ReviewRound.objects.filter(map=argument_map, finished_at__isnull=True)
                  .order_by("-number").first())
    if open_round is None:
        raise ValidationError({"status": "The map is in review but has no open round."})
    if number is not None and number != open_round.number:
        raise ValidationError({"status": (
            f"Round {number} is already finished; round {open_round.number} is open.")})
    _bump_version(argument_map, expected_version)
    now = timezone.now()
    # Conditional on the round still being open: two reviewers finishing at once, one wins.
    finished = ReviewRound.objects.filter(pk=open_round.pk, finished_at__isnull=True).update(
        finished_at=now, finished_by=actor, outcome=outcome, note=note)
    if finished != 1:
        raise ValidationError({"status": f"Round {open_round.number} was finished meanwhile."})
    ArgumentMap.objects.filter(pk=argument_map.pk).update(status=outcome, updated_at=now)
    argument_map.status = outcome
    open_round.refresh_from_db()
    open_round.full_clean(validate_constraints=False)
    _record(argument_map, actor, "round.finished", open_round,
            before={"status": Status.IN_REVIEW},
            after={"status": outcome, "round": open_round.number, "note": note})
    students = [argument_map.owner] + [
        m.user for m in Membership.objects.filter(
            map=argument_map, role=Membership.Role.EDITOR).select_related("user")]
    notifications.notify(dict.fromkeys(students, "round.finished"), actor=actor,
                         argument_map=argument_map, review_round=open_round)
    return open_round


# --- comments --------------------------------------------------------------------------


def _comment_target(argument_map, link, node, parent):
    """(link, node, label) of a new comment; a reply inherits its parent's target."""
    if link is not None and node is not None:
        raise ValidationError({"node": "A comment is about a link or a node, not both."})
    if link is not None and link.map_id != argument_map.pk:
        raise ValidationError({"link": "Must be a link of this map."})
    if node is not None and node.map_id != argument_map.pk:
        raise ValidationError({"node": "Must be a node of this map."})
    if parent is None:
        if link is None and node is None:
            raise ValidationError({"link": "Say which link (or node) this comment is about."})
        return link, node, link_label(link) if link is not None else node_label(node)
    if parent.map_id != argument_map.pk:
        raise ValidationError({"parent": "Must be a comment on this map."})
    if parent.deleted_at is not None:
        raise ValidationError({"parent": "That comment was deleted; reply to its thread."})
    given = (link.pk if link else None, node.pk if node else None)
    if given != (None, None) and given != (parent.link_id, parent.node_id):
        raise ValidationError({"parent": (
            "A reply must be about the same link or node as the comment it answers.")})
    # The parent's target may since have been deleted: the label still says what it was.
    return parent.link, parent.node, parent.target_label


@transaction.atomic
def comment_create(*, argument_map, actor, body, link=None, node=None,
                   parent=None) -> Comment:
    _require(argument_map, actor, COMMENTERS,
             "Viewers may read this map's review but not comment on it.")
    link, node, label = _comment_target(argument_map, link, node, parent)
    comment = Comment(map=argument_map, link=link, node=node, parent=parent, author=actor,
                      body=body, target_label=label)
    comment.full_clean()
    comment.save()
    _record(argument_map, actor, "comment.created", comment, after={
        "body": body, "link": comment.link_id, "node": comment.node_id,
        "parent": comment.parent_id, "target_label": label})
    recipients = {}
    # A reply goes to the author of the comment it answers, if they can still read the map.
    if parent is not None and map_role(parent.author, argument_map) is not None:
        recipients[parent.author] = "comment.replied"
    recipients.setdefault(argument_map.owner, "comment.created")
    notifications.notify(recipients, actor=actor, argument_map=argument_map, comment=comment)
    return comment


def _own_comment(comment, actor, verb: str) -> None:
    if comment.author_id != actor.pk:
        raise PermissionDenied(f"Only its author may {verb} a comment.")
    _require(comment.map, actor, COMMENTERS,
             "Viewers may read this map's review but not comment on it.")


@transaction.atomic
def comment_update(*, comment, actor, body) -> Comment:
    _own_comment(comment, actor, "edit")
    if comment.deleted_at is not None:
        raise ValidationError({"body": "This comment was deleted; it cannot be edited."})
    if body == comment.body:
        return comment
    before = {"body": comment.body}
    comment.body = body
    comment.edited_at = timezone.now()
    comment.full_clean()
    comment.save(update_fields=["body", "edited_at"])
    _record(comment.map, actor, "comment.updated", comment, before=before,
            after={"body": body})
    return comment


@transaction.atomic
def comment_delete(*, comment, actor) -> Comment:
    """Soft: the row stays so the thread shows where a comment was; the body goes."""
    _own_comment(comment, actor, "delete")
    if comment.deleted_at is not None:
        return comment
    # The event keeps the text: nothing written in a review is lost to the record.
    before = {"body": comment.body}
    comment.body = ""
    comment.deleted_at = timezone.now()
    comment.save(update_fields=["body", "deleted_at"])
    _record(comment.map, actor, "comment.deleted", comment, before=before)
    return comment


def _set_resolved(comment, actor, resolved: bool) -> Comment:
    verb = "resolve" if resolved else "reopen"
    _require(comment.map, actor, RESOLVERS,
             f"Only the map's owner, a reviewer or an instructor may {verb} a thread.")
    if comment.parent_id is not None:
        raise ValidationError({"parent": (
            f"Only a thread's first comment can be {verb}d; this one replies to "
            f"comment {comment.parent_id}.")})
    if (comment.resolved_at is not None) == resolved:
        return comment
    before = {"resolved_at": comment.resolved_at and comment.resolved_at.isoformat()}
    comment.resolved_at = timezone.now() if resolved else None
    comment.save(update_fields=["resolved_at"])
    _record(comment.map, actor, f"comment.{verb}d", comment, before=before,
            after={"resolved_at": comment.resolved_at and comment.resolved_at.isoformat()})
    return comment


@transaction.atomic
def comment_resolve(*, comment, actor) -> Comment:
    return _set_resolved(comment, actor, True)


@transaction.atomic
def comment_reopen(*, comment, actor) -> Comment:
    return _set_resolved(comment, actor, False)


# --- verdicts --------------------------------------------------------------------------


@transaction.atomic
def verdict_give(*, argument_map, actor, link, value, reason="") -> Verdict:
    """A new verdict; earlier ones by the same reviewer on the link stay as history."""
    role = map_role(actor, argument_map)
    if role in {"owner", "editor"}:
        raise PermissionDenied("Students never give verdicts on their own map.")
    _require(argument_map, actor, JUDGES,
             "Only a reviewer of this map or an instructor may give a verdict.")
    if link.map_id != argument_map.pk:
        raise ValidationError({"link": "Must be a link of this map."})
    verdict = Verdict(map=argument_map, link=link, reviewer=actor, value=value,
                      reason=reason, target_label=link_label(link))
    verdict.full_clean()
    verdict.save()
    _record(argument_map, actor, "verdict.given", verdict, after={
        "link": link.pk, "value": value, "reason": reason, "target_label": verdict.target_label})
    return verdict


# --- notifications ---------------------------------------------------------------------


def notification_mark_read(*, notification, actor) -> Notification:
    if notification.recipient_id != actor.pk:
        raise PermissionDenied("This notification is someone else's.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at)
    return notification


def notification_mark_all_read(*, actor) -> int:
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(
        read_at=timezone.now())
