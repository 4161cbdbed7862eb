from django.conf import settings
from django.db import models
from django.db.models import Q

from legalmap.articles.models import Article
from legalmap.authorities.models import Authority


class Relation(models.TextChoices):
    """The four passage → authority relations of the maps (``maps.models.Relation``)."""

    RELIES_ON = "relies_on", "relies on"
    VIOLATES = "violates", "says violates"
    DISPUTES = "disputes", "disputes applicability"
    COMPLIES = "complies", "says complies"


class Suggestion(models.Model):
    """A machine-found passage of an article that relies on, says violates, disputes the
    applicability of, or says complies with an authority.

    Stored per article text hash: a new revision or a changed catalogue makes new ones.
    """

    Relation = Relation

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="suggestions")
    text_sha256 = models.CharField(max_length=64)
    catalogue_version = models.CharField(max_length=64, blank=True)
    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="suggestions")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    quote = models.TextField()
    stance = models.CharField(max_length=15, blank=True)
    speaker = models.CharField(max_length=200, blank=True)
    relation = models.CharField(max_length=10, choices=Relation.choices)
    confidence = models.FloatField()
    cues = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["article", "start", "authority"]
        indexes = [
            # "What are the current suggestions for this text?"
            models.Index(fields=["article", "text_sha256"], name="suggestion_article_text_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(start__lt=models.F("end")), name="suggestion_span"),
            models.CheckConstraint(
                condition=Q(confidence__gte=0, confidence__lte=1),
                name="suggestion_confidence_unit",
            ),
        ]

    def __str__(self):
        return f"{self.authority} in {self.article} @{self.start}"


class Analysis(models.Model):
    """That an article's text was analysed against a catalogue — kept even when nothing
    was found, so an article without suggestions is not re-analysed on every view."""

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="analysis")
    text_sha256 = models.CharField(max_length=64)
    catalogue_version = models.CharField(max_length=64)
    suggestions = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "analyses"

    def __str__(self):
        return f"{self.article}: {self.suggestions} suggestion(s)"


class SuggestionDismissal(models.Model):
    """A suggestion a map's editor turned down: hidden from that map only.

    Keyed by what the suggestion says (article, authority, span), not by the row, so a
    dismissal survives the suggestions being recomputed for a new catalogue.
    """

    map = models.ForeignKey("maps.ArgumentMap", on_delete=models.CASCADE,
                            related_name="suggestion_dismissals")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="+")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    dismissed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            # Dismissing twice is a no-op, not a second row.
            models.UniqueConstraint(fields=["map", "article", "authority", "start", "end"],
                                    name="suggestion_dismissal_unique"),
        ]

    def __str__(self):
        return f"{self.authority} @{self.start} dismissed in {self.map_id}"
