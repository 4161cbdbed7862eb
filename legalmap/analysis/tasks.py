"""Celery tasks of analysis: take the id, re-fetch, call the service (STYLE.md habit 6)."""

from celery import shared_task
from django.db import OperationalError

from legalmap.articles.models import Article

from . import services


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=60,
    time_limit=90,
    # A locked or restarting database is worth waiting for; a bug is not.
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def analyse_article(article_id: int) -> int:
    """Store suggestions for the article's current text; a redelivery is a no-op because
    ``suggestions_compute`` skips a (text hash, catalogue) it already holds."""
    article = Article.objects.filter(pk=article_id).first()
    if article is None:  # deleted before the worker got to it
        return 0
    return len(services.suggestions_compute(article=article))
