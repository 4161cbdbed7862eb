from django.conf import settings
from django.db import models
from django.db.models import Q

from legalmap.maps.models import ArgumentMap, Link, Node

MAX_COMMENT_CHARS = 10_000


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
    body = models.TextField(max_length=MAX_COMMENT_CHARS, help_text="Markdown.")
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
    reason = models.TextField(blank=True, max_length=MAX_COMMENT_CHARS)
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
