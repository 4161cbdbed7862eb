"""API routes of exports, included under ``api/`` by ``legalmap/urls.py`` (before the
project's router)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from .api import ExportViewSet, ImportView

router = SimpleRouter()
router.register(r"maps/(?P<map_pk>\d+)/exports", ExportViewSet, basename="export")

# Before the project's router: its "maps/<pk>/" would otherwise take "maps/import/".
urlpatterns = [path("maps/import/", ImportView.as_view(), name="map-import"), *router.urls]

