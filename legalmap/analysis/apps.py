from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "legalmap.analysis"
    label = "analysis"

    def ready(self):
        from legalmap.articles.signals import article_text_saved

        from .services import suggestions_queue

        def queue(sender, article, **kwargs):
            suggestions_queue(article=article)

        article_text_saved.connect(queue, dispatch_uid="analysis.queue_suggestions",
                                   weak=False)
