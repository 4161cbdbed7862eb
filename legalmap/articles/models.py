import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q

# Long enough for a long-read; small enough that a page render stays fast.
MAX_ARTICLE_CHARS = 200_000


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Article(models.Model):
    """A source text. Offsets into ``text`` are Unicode code points."""

    class Source(models.TextChoices):
        SEED = "seed", "Seed corpus"
        UPLOAD = "upload", "Upload"
        PASTE = "paste", "Pasted"

    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=400)
    publisher = models.CharField(max_length=200, blank=True)
    author = models.CharField(max_length=200, blank=True)
    published = models.DateField(null=True, blank=True)
    url = models.URLField(max_length=1000, blank=True)
    text = models.TextField(help_text="The article body as readers see it; offsets point into it.")
    sha256 = models.CharField(max_length=64, editable=False, help_text="SHA-256 of `text`.")
    revision = models.PositiveIntegerField(default=1, help_text="Bumped on every new text.")
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.PASTE)
    seed_file = models.CharField(max_length=200, blank=True, help_text="File name under seeds/.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published", "title"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="article_text_not_empty"),
            models.CheckConstraint(condition=Q(revision__gte=1), name="article_revision_positive"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.sha256 = text_sha256(self.text)
        super().save(*args, **kwargs)


class ArticleRevision(models.Model):
    """Every text an article has had, so old offsets stay explainable."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    text = models.TextField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["article", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "number"], name="article_revision_number_unique"
            ),
        ]

    def __str__(self):
        return f"{self.article} r{self.number}"
