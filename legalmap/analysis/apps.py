from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "legalmap.analysis"
    label = "analysis"
