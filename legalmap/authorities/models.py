from django.db import models
from django.db.models import F, Q


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


# What the first date of each kind of authority means, as the detail page words it: a
# statute is enacted, a treaty signed, a case decided. The other dates read the same for all.
ENACTED_LABELS = {
    Kind.CONSTITUTION: "Adopted",
    Kind.STATUTE: "Enacted",
    Kind.TREATY: "Signed",
    Kind.EXECUTIVE_ORDER: "Signed",
    Kind.DESIGNATION: "Signed",
    Kind.DETERMINATION: "Issued",
    Kind.DOCTRINE: "Formulated",
    Kind.CASE: "Decided",
    Kind.OPINION: "Issued",
    Kind.SOFT_LAW: "Adopted",
}
ENDED_LABELS = {
    Kind.STATUTE: "Repealed",
    Kind.TREATY: "Terminated",
    Kind.EXECUTIVE_ORDER: "Revoked",
    Kind.DESIGNATION: "Revoked",
}
DATE_FIELDS = ["enacted_on", "in_force_on", "designated_on", "ended_on"]


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
    enacted_on = models.DateField(
        null=True, blank=True,
        help_text="When it was enacted, signed, adopted or decided (the first date it has).",
    )
    in_force_on = models.DateField(
        null=True, blank=True,
        help_text="When it entered into force, where that differs from the date above.",
    )
    designated_on = models.DateField(
        null=True, blank=True, help_text="For designations: when the designation took effect.",
    )
    ended_on = models.DateField(
        null=True, blank=True, help_text="When it expired, was revoked or was repealed.",
    )
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
            # A treaty cannot enter into force before it is signed, nor anything end
            # before it began: such a row is a typo in the catalogue, and a timeline
            # drawn from it would run backwards.
            models.CheckConstraint(
                condition=Q(enacted_on__isnull=True) | Q(in_force_on__isnull=True)
                | Q(in_force_on__gte=F("enacted_on")),
                name="authority_in_force_not_before_enacted",
                violation_error_message="in_force_on is earlier than enacted_on.",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | ((Q(enacted_on__isnull=True) | Q(ended_on__gte=F("enacted_on")))
                   & (Q(in_force_on__isnull=True) | Q(ended_on__gte=F("in_force_on")))),
                name="authority_ends_after_it_begins",
                violation_error_message="ended_on is earlier than enacted_on or in_force_on.",
            ),
        ]

    def __str__(self):
        return self.short_name or self.name

    def date_facts(self) -> list[tuple[str, object]]:
        """(label, date) for each date the authority has, in the order a reader expects:
        "Signed 26 June 1945", "In force 24 October 1945"."""
        facts = [
            (ENACTED_LABELS.get(self.kind, "Adopted"), self.enacted_on),
            ("In force", self.in_force_on),
            ("Designated", self.designated_on),
            (ENDED_LABELS.get(self.kind, "Ended"), self.ended_on),
        ]
        return [(label, day) for label, day in facts if day is not None]


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
