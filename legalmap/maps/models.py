from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q

from legalmap.articles.models import Article
from legalmap.authorities.models import Authority

from .labels import node_label

MAX_CLAIM_CHARS = 2_000
MAX_RATIONALE_CHARS = 5_000
MAX_SPEAKER_CHARS = 200


class ArgumentMapQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Maps ``user`` may read: their own, those they are a member of, all for staff."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self
        member = Membership.objects.filter(map=OuterRef("pk"), user=user)
        return self.filter(Q(owner=user) | Exists(member))


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved"


class ArgumentMap(models.Model):
    Status = Status

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=5_000)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_maps"
    )
    articles = models.ManyToManyField(Article, blank=True, related_name="maps")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(
        default=1, help_text="Bumped on every change to the map or its contents; the ETag."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArgumentMapQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.CheckConstraint(condition=Q(version__gte=1), name="map_version_positive"),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="map_status_valid"),
        ]

    def __str__(self):
        return self.title

    @property
    def etag(self) -> str:
        return f'"{self.version}"'


class Role(models.TextChoices):
    EDITOR = "editor", "Editor"
    REVIEWER = "reviewer", "Reviewer"
    VIEWER = "viewer", "Viewer"


class Membership(models.Model):
    Role = Role

    map = models.ForeignKey(ArgumentMap, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["map", "user__username"]
        constraints = [
            # One role per person per map: the role decides what they may do.
            models.UniqueConstraint(fields=["map", "user"], name="membership_unique_per_map"),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="membership_role_valid"),
        ]

    def __str__(self):
        return f"{self.user} {self.role} on {self.map}"


class Kind(models.TextChoices):
    PASSAGE = "passage", "Passage"
    AUTHORITY = "authority", "Authority"
    CLAIM = "claim", "Claim"


class Stance(models.TextChoices):
    JUSTIFICATION = "justification", "Justification"
    CRITIQUE = "critique", "Critique"
    CLAIM = "claim", "Claim"
    FACT = "fact", "Fact"


class AnchorStatus(models.TextChoices):
    ANCHORED = "anchored", "Anchored"
    MOVED = "moved", "Re-anchored in a new revision"
    ORPHANED = "orphaned", "Not found in the current revision"


class Node(models.Model):
    Kind = Kind

    Stance = Stance

    AnchorStatus = AnchorStatus

    map = models.ForeignKey(ArgumentMap, on_delete=models.CASCADE, related_name="nodes")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # passage
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.PROTECT, related_name="passages"
    )
    start = models.PositiveIntegerField(
        null=True, blank=True, help_text="Code-point offset of the first character (inclusive)."
    )
    end = models.PositiveIntegerField(
        null=True, blank=True, help_text="Code-point offset after the last character (exclusive)."
    )
    quote = models.TextField(blank=True, help_text="The exact text of the span.")
    prefix = models.CharField(max_length=64, blank=True, help_text="Text just before the span.")
    suffix = models.CharField(max_length=64, blank=True, help_text="Text just after the span.")
    stance = models.CharField(max_length=15, choices=Stance.choices, blank=True)
    speaker = models.CharField(max_length=MAX_SPEAKER_CHARS, blank=True)
    anchor_status = models.CharField(
        max_length=10, choices=AnchorStatus.choices, default=AnchorStatus.ANCHORED
    )
    # authority
    authority = models.ForeignKey(
        Authority, null=True, blank=True, on_delete=models.PROTECT, related_name="nodes"
    )
    # claim text, or the student's note on a passage
    text = models.TextField(blank=True, max_length=MAX_CLAIM_CHARS)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["map", "id"]
        indexes = [
            # "Which passages of this map sit in this article?" (the reader page)
            models.Index(fields=["map", "article"], name="node_map_article_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="node_kind_valid"),
            # A passage is a non-empty span of one article, with a stance.
            models.CheckConstraint(
                condition=~Q(kind="passage")
                | Q(
                    article__isnull=False,
                    start__isnull=False,
                    end__isnull=False,
                    start__lt=models.F("end"),
                    authority__isnull=True,
                    stance__in=["justification", "critique", "claim", "fact"],
                )
                & ~Q(quote=""),
                name="node_passage_has_span",
            ),
            # An authority node is only a pointer into the catalogue.
            models.CheckConstraint(
                condition=~Q(kind="authority")
                | Q(authority__isnull=False, article__isnull=True, start__isnull=True),
                name="node_authority_has_authority",
            ),
            # A claim is the student's own words, anchored nowhere.
            models.CheckConstraint(
                condition=~Q(kind="claim")
                | Q(authority__isnull=True, article__isnull=True, start__isnull=True)
                & ~Q(text=""),
                name="node_claim_has_text",
            ),
            # One node per authority per map, so every link to it meets in one place.
            models.UniqueConstraint(
                fields=["map", "authority"],
                condition=Q(kind="authority"),
                name="node_authority_once_per_map",
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        authority = str(self.authority) if self.kind == self.Kind.AUTHORITY else ""
        return node_label(self.kind, quote=self.quote, text=self.text, authority=authority)


class Relation(models.TextChoices):
    SUPPORTS = "supports", "supports"
    ATTACKS = "attacks", "attacks"
    UNDERCUTS = "undercuts", "undercuts"
    # Passage or claim → authority (issue 14; docs/relations.md says how each one reasons).
    RELIES_ON = "relies_on", "relies on"
    VIOLATES = "violates", "says violates"
    DISPUTES = "disputes", "disputes applicability"
    COMPLIES = "complies", "says complies"


class Link(models.Model):
    Relation = Relation

    map = models.ForeignKey(ArgumentMap, on_delete=models.CASCADE, related_name="links")
    source = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="links_out")
    target = models.ForeignKey(
        Node, null=True, blank=True, on_delete=models.CASCADE, related_name="links_in",
        help_text="The node supported or attacked, or the authority relied on, said to be "
                  "violated or complied with, or whose applicability is disputed.",
    )
    target_link = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="undercutters",
        help_text="For `undercuts`: the link (inference) under attack.",
    )
    relation = models.CharField(
        max_length=10, choices=Relation.choices,
        help_text="supports, attacks, undercuts (a link); relies_on, violates, disputes, "
                  "complies (a passage or claim → an authority).")
    rationale = models.TextField(blank=True, max_length=MAX_RATIONALE_CHARS)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["map", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(relation__in=Relation.values), name="link_relation_valid"
            ),
            # An undercut attacks an inference (a link); everything else joins two nodes.
            models.CheckConstraint(
                condition=Q(relation="undercuts", target__isnull=True, target_link__isnull=False)
                | (~Q(relation="undercuts") & Q(target__isnull=False, target_link__isnull=True)),
                name="link_target_fits_relation",
            ),
            # A node cannot support or attack itself.
            models.CheckConstraint(
                condition=~Q(source=models.F("target")), name="link_no_self_loop"
            ),
            # Saying the same thing twice adds nothing and double-counts in reasoning.
            models.UniqueConstraint(
                fields=["source", "target", "relation"],
                condition=Q(target__isnull=False),
                name="link_unique_per_relation",
            ),
            models.UniqueConstraint(
                fields=["source", "target_link"],
                condition=Q(target_link__isnull=False),
                name="link_undercut_unique",
            ),
        ]

    def __str__(self):
        target = self.target if self.target_id else f"link {self.target_link_id}"
        return f"{self.source} {self.get_relation_display()} {target}"


class Event(models.Model):
    """One row per change: who did what to which object, with before and after."""

    map = models.ForeignKey(ArgumentMap, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    verb = models.CharField(max_length=40, help_text="e.g. `node.created`, `link.deleted`.")
    target_type = models.CharField(max_length=20)
    target_id = models.BigIntegerField(null=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    map_version = models.PositiveIntegerField(help_text="The map's version after the change.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["map", "id"]
        indexes = [
            # "What changed in this map since version N?" (review round diffs)
            models.Index(fields=["map", "map_version"], name="event_map_version_idx"),
        ]

    def __str__(self):
        return f"{self.verb} #{self.target_id}"
