from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "legalmap.articles"
    label = "articles"
