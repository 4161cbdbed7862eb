"""Queue (or, without Redis, run) the suggestion analysis for articles: all, or by id.

Use after ``load_seeds`` / ``load_authorities``; articles already analysed for their
current text and catalogue are skipped by the task itself.
"""

from django.core.management.base import BaseCommand

from legalmap.analysis.tasks import analyse_article
from legalmap.articles.models import Article


class Command(BaseCommand):
    help = "Compute authority suggestions for articles (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, help="Article ids (default: all).")

    def handle(self, *args, ids, **options):
        articles = Article.objects.order_by("pk")
        if ids:
            articles = articles.filter(pk__in=ids)
        pks = list(articles.values_list("pk", flat=True))
        for pk in pks:
            analyse_article.delay(pk)
        self.stdout.write(f"Queued analysis of {len(pks)} article(s).")
