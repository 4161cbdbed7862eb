"""Writes to articles. A text never changes in place under its passages: a new text is a
new revision, and every passage is re-found in it by quote, prefix and suffix."""

from django.db import transaction
from django.db.models import F
from django.utils.text import slugify

from .models import Article, ArticleRevision, text_sha256
from .signals import article_text_saved


def normalise_text(text: str) -> str:
    # Windows and old-Mac line endings become "\n" once, at the door, so the
    # offsets the browser reports and the ones we store count the same characters.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _queue_analysis(article) -> None:
    """Tell the apps above that this text is new (the analysis app finds the authorities
    it mentions, in a Celery task after the commit)."""
    article_text_saved.send(sender=Article, article=article)


def _unique_slug(title: str) -> str:
    base = slugify(title)[:100] or "article"
    slug, n = base, 2
    while Article.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def article_create(*, title, text, created_by=None, slug=None, source=Article.Source.PASTE,
                   **metadata) -> Article:
    article = Article(title=title, text=normalise_text(text), slug=slug or _unique_slug(title),
                      source=source, created_by=created_by, **metadata)
    article.sha256 = text_sha256(article.text)
    article.full_clean()
    article.save()
    ArticleRevision.objects.create(article=article, number=1, text=article.text,
                                   sha256=article.sha256)
    _queue_analysis(article)
    return article


@transaction.atomic
def article_update(*, article, text=None, **metadata) -> Article:
    for name, value in metadata.items():
        setattr(article, name, value)
    article.full_clean()
    article.save()
    if text is not None:
        article_revise(article=article, text=text)
    return article


@transaction.atomic
def article_revise(*, article, text) -> ArticleRevision | None:
    """Store a new text as the next revision and re-anchor the passages that quote it."""
    from legalmap.maps.anchoring import reanchor
    from legalmap.maps.models import ArgumentMap, Event, Node

    text = normalise_text(text)
    if text_sha256(text) == article.sha256:
        return None
    article.text = text
    article.revision += 1
    article.save()
    revision = ArticleRevision.objects.create(
        article=article, number=article.revision, text=text, sha256=article.sha256)
    _queue_analysis(article)

    changes = []
    for node in Node.objects.filter(article=article, kind=Node.Kind.PASSAGE):
        anchor = reanchor(text, node.quote, node.prefix, node.suffix, hint=node.start)
        before = {"start": node.start, "end": node.end, "anchor_status": node.anchor_status}
        if anchor is None:
            # Never dropped: kept with its quote and flagged for the student to fix.
            node.anchor_status = Node.AnchorStatus.ORPHANED
        else:
            node.start, node.end = anchor.start, anchor.end
            node.prefix = text[max(0, anchor.start - 32):anchor.start]
            node.suffix = text[anchor.end:anchor.end + 32]
            node.anchor_status = (
                Node.AnchorStatus.ANCHORED
                if (anchor.start, anchor.end) == (before["start"], before["end"])
                else Node.AnchorStatus.MOVED
            )
        node.save(update_fields=["start", "end", "prefix", "suffix", "anchor_status"])
        changes.append((node, before))
    map_ids = {node.map_id for node, _ in changes}
    ArgumentMap.objects.filter(pk__in=map_ids).update(version=F("version") + 1)
    versions = dict(ArgumentMap.objects.filter(pk__in=map_ids).values_list("pk", "version"))
    Event.objects.bulk_create(
        Event(map_id=node.map_id, actor=None, verb="node.reanchored", target_type="node",
              target_id=node.pk, before=before,
              after={"start": node.start, "end": node.end, "anchor_status": node.anchor_status,
                     "revision": article.revision},
              map_version=versions[node.map_id])
        for node, before in changes
    )
    return revision
