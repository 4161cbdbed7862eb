from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from legalmap.maps.models import ArgumentMap


class Format(models.TextChoices):
    PDF = "pdf", "PDF"
    AIF = "aif", "AIF JSON"
    ARGDOWN = "argdown", "Argdown"
    WEB_ANNOTATION = "webanno", "W3C Web Annotation"
    SVG = "svg", "SVG diagram"
    CSV = "csv", "CSV of links"


class Status(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class Paper(models.TextChoices):
    A4 = "a4", "A4"
    LETTER = "letter", "US Letter"


class Export(models.Model):
    """A requested export of a map; a Celery task renders it."""

    Format = Format

    Status = Status

    Paper = Paper

    map = models.ForeignKey(ArgumentMap, on_delete=models.CASCADE, related_name="exports")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exports"
    )
    format = models.CharField(max_length=10, choices=Format.choices)
    paper = models.CharField(max_length=10, choices=Paper.choices, default=Paper.A4,
                             help_text="Page size of a PDF; other formats ignore it.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent done.")
    file = models.FileField(upload_to="exports/%Y/%m/", blank=True)
    error = models.TextField(blank=True, help_text="Why it failed, in words.")
    attempts = models.PositiveSmallIntegerField(default=0)
    heartbeat_at = models.DateTimeField(
        default=timezone.now,
        help_text="Last sign of life: when the job was (re)queued, claimed, or last reported "
                  "progress; a running attempt refreshes it while it renders. The sweeper "
                  "re-queues a queued or running job whose heartbeat is older than "
                  "EXPORTS_STALE_AFTER.")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # Which unfinished jobs have gone quiet? (the sweeper, every minute)
            models.Index(fields=["status", "heartbeat_at"], name="export_status_heartbeat"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="export_progress_percent"),
            models.CheckConstraint(
                condition=Q(format__in=Format.values), name="export_format_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="export_status_valid"
            ),
            models.CheckConstraint(condition=Q(paper__in=Paper.values), name="export_paper_valid"),
            # A finished export has its file; a failed one says why.
            models.CheckConstraint(
                condition=~Q(status="done") | ~Q(file=""), name="export_done_has_file"
            ),
            models.CheckConstraint(
                condition=~Q(status="failed") | ~Q(error=""), name="export_failed_has_reason"
            ),
        ]

    def __str__(self):
        return f"{self.get_format_display()} of {self.map} ({self.status})"
