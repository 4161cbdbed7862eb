from django.db import models
from django.db.models import Q


class Kind(models.TextChoices):
    CONSTITUTION = "constitution", "Constitutional provision"
    STATUTE = "statute", "Statute"
    TREATY = "treaty", "Treaty provision"
    EXECUTIVE_ORDER = "executive_order", "Executive order"
    DESIGNATION = "designation", "Designation"
    DETERMINATION = "determination", "Executive determination"
    DOCTRINE = "doctrine", "Customary rule / doctrine"
    CASE = "case", "Case"
    OPINION = "opinion", "Legal opinion"
    SOFT_LAW = "soft_law", "Non-binding instrument"


class Jurisdiction(models.TextChoices):
    US = "us", "United States"
    INTERNATIONAL = "international", "International"


class Authority(models.Model):
    """A legal source an argument can invoke or contest: a clause, statute, treaty article…"""

    Kind = Kind

    Jurisdiction = Jurisdiction

    slug = models.SlugField(
        max_length=80, unique=True, help_text="Stable identifier, e.g. `aumf-2001`."
    )
    name = models.CharField(max_length=300, help_text="Full official name.")
    short_name = models.CharField(max_length=120, help_text="What a diagram label shows.")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    jurisdiction = models.CharField(max_length=20, choices=Jurisdiction.choices)
    citation = models.CharField(max_length=300, help_text="The exact formal citation.")
    summary = models.TextField(help_text="A neutral summary of two to four sentences.")
    url = models.URLField(max_length=500, blank=True, help_text="Official text, where one exists.")
    aliases = models.JSONField(
        default=list,
        blank=True,
        help_text="Phrasings articles use for this authority (matched case-insensitively).",
    )
    verified = models.BooleanField(
        default=True, help_text="Whether the citation was checked against a primary source."
    )
    verification_note = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["slug"]
        verbose_name_plural = "authorities"
        constraints = [
            # Every authority must be citable: exports print the citation verbatim.
            models.CheckConstraint(condition=~Q(citation=""), name="authority_has_citation"),
            models.CheckConstraint(
                condition=Q(kind__in=Kind.values), name="authority_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(jurisdiction__in=Jurisdiction.values),
                name="authority_jurisdiction_valid",
            ),
        ]

    def __str__(self):
        return self.short_name or self.name


class Relation(models.TextChoices):
    IMPLEMENTS = "implements", "implements"
    LIMITS = "limits", "limits"
    AUTHORISES = "authorises", "authorises"
    INTERPRETS = "interprets", "interprets"
    DESIGNATED_UNDER = "designated_under", "designated under"
    EXCEPTION_TO = "exception_to", "is an exception to"


class AuthorityRelation(models.Model):
    """A typed edge in the catalogue: "source <relation> target"."""

    Relation = Relation

    source = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="relations_out")
    target = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="relations_in")
    relation = models.CharField(max_length=20, choices=Relation.choices)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["source__slug", "relation", "target__slug"]
        constraints = [
            # Reloading the catalogue must update, never duplicate, a relation.
            models.UniqueConstraint(
                fields=["source", "target", "relation"], name="authority_relation_unique"
            ),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")), name="authority_relation_not_reflexive"
            ),
            models.CheckConstraint(
                condition=Q(relation__in=Relation.values), name="authority_relation_valid"
            ),
        ]

    def __str__(self):
        return f"{self.source} {self.get_relation_display()} {self.target}"
