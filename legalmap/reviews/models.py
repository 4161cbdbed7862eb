from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q

from legalmap.maps.models import ArgumentMap, Link, Node

MAX_COMMENT_CHARS = 10_000
# A TextField's max_length only sizes the form widget; full_clean() enforces the validator,
# so the HTML forms refuse an over-long body with a 400 as the API's serializers do.
WITHIN_LIMIT = [MaxLengthValidator(MAX_COMMENT_CHARS)]


class Comment(models.Model):
    """A review comment on a link or a node, possibly a reply in a thread.

    The link or node may later be deleted by the student; the comment stays,
    with ``target_label`` keeping what it was about (nothing a reviewer wrote
    is lost).
    """

    map = models.ForeignKey(ArgumentMap, on_delete=models.CASCADE, related_name="comments")
    link = models.ForeignKey(
        Link, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )
    node = models.ForeignKey(
        Node, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )
    target_label = models.CharField(max_length=300, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments"
    )
    body = models.TextField(max_length=MAX_COMMENT_CHARS, validators=WITHIN_LIMIT,
                            help_text="Markdown.")
    resolved_at = models.DateTimeField(null=True, blank=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["map", "created_at", "id"]
        constraints = [
            # A comment is about one thing: a link or a node, not both.
            models.CheckConstraint(
                condition=~Q(link__isnull=False, node__isnull=False),
                name="comment_one_target",
            ),
            # A deleted comment keeps its row (the thread shows the gap) but not its body.
            models.CheckConstraint(
                condition=Q(deleted_at__isnull=False) | ~Q(body=""),
                name="comment_has_body_unless_deleted",
            ),
        ]

    def __str__(self):
        return f"comment {self.pk} by {self.author}"


class Value(models.TextChoices):
    SOUND = "sound", "Sound"
    UNSOUND = "unsound", "Unsound"
    NEEDS_AUTHORITY = "needs_authority", "Needs authority"
    NEEDS_EVIDENCE = "needs_evidence", "Needs evidence"


class Verdict(models.Model):
    """A reviewer's judgement of one link. The latest per (link, reviewer) counts."""

    Value = Value

    map = models.ForeignKey(ArgumentMap, on_delete=models.CASCADE, related_name="verdicts")
    link = models.ForeignKey(
        Link, null=True, blank=True, on_delete=models.SET_NULL, related_name="verdicts"
    )
    target_label = models.CharField(max_length=300, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="verdicts"
    )
    value = models.CharField(max_length=20, choices=Value.choices)
    reason = models.TextField(blank=True, max_length=MAX_COMMENT_CHARS, validators=WITHIN_LIMIT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["map", "created_at", "id"]
        indexes = [
            # "What is each reviewer's latest verdict on this link?"
            models.Index(fields=["link", "reviewer", "-created_at"], name="verdict_latest_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(value__in=Value.values), name="verdict_value_valid"),
        ]

    def __str__(self):
        return f"{self.value} by {self.reviewer}"


class Outcome(models.TextChoices):
    APPROVED = "approved", "Approved"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"


class ReviewRound(models.Model):
    """One submission of a map for review, and how the review of it ended.

    ``snapshot`` keeps the submitted state (nodes and links as ``maps.services.snapshot``
    pictures them), so what a reviewer saw stays readable whatever the student does next.
    """

    Outcome = Outcome

    map = models.ForeignKey(ArgumentMap, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveIntegerField(help_text="1 for the first submission, then 2, 3, …")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    map_version = models.PositiveIntegerField(
        help_text="The map's version once submitted: diffs count events after it."
    )
    snapshot = models.JSONField(
        default=dict, help_text='{"nodes": [{"id": …, …}], "links": [{"id": …, …}]} at submission.'
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    finished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    note = models.TextField(blank=True, max_length=MAX_COMMENT_CHARS, validators=WITHIN_LIMIT)

    class Meta:
        ordering = ["map", "number"]
        constraints = [
            # Round numbers count submissions of one map; two "round 2"s would make
            # "changes since my last round" ambiguous.
            models.UniqueConstraint(fields=["map", "number"], name="round_number_unique_per_map"),
            # A round is open (no outcome yet) or finished (an outcome, a time): never half.
            models.CheckConstraint(
                condition=Q(finished_at__isnull=True, outcome="")
                | Q(finished_at__isnull=False, outcome__in=Outcome.values),
                name="round_outcome_iff_finished",
            ),
            # At most one open round per map: the map is in review once at a time.
            models.UniqueConstraint(
                fields=["map"], condition=Q(finished_at__isnull=True),
                name="round_one_open_per_map",
            ),
        ]

    def __str__(self):
        return f"round {self.number} of {self.map}"


class Notification(models.Model):
    """Something that happened on a map, for one person: the unread count and the email."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    verb = models.CharField(
        max_length=40,
        help_text="comment.created, comment.replied, map.submitted or round.finished.",
    )
    map = models.ForeignKey(ArgumentMap, on_delete=models.CASCADE, related_name="notifications")
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    round = models.ForeignKey(
        ReviewRound, null=True, blank=True, on_delete=models.CASCADE,
        related_name="notifications",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(
        null=True, blank=True,
        help_text="Set by the mail task when it claims this notification: a redelivered "
                  "task finds it set and sends nothing.",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # "How many unread notifications has this person?" (every page header)
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
        ]

    def __str__(self):
        return f"{self.verb} for {self.recipient}"
