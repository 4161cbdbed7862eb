from django.apps import AppConfig


class WebConfig(AppConfig):
    """Server-rendered pages: login, dashboard and the pages later issues add."""

    name = "legalmap.web"
    label = "web"

    def ready(self):
        from . import checks  # noqa: F401  (registers the system-package checks)
