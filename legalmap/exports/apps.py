from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "legalmap.exports"
    label = "exports"
