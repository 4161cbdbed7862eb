"""Mounted under /api/ by legalmap/urls.py: path("api/", include("legalmap.analysis.urls_api"))."""

from django.urls import path

from . import api

urlpatterns = [
    path("articles/<int:article_pk>/suggestions/", api.suggestion_list,
         name="article-suggestions"),
    path("articles/<int:article_pk>/suggestions/<int:pk>/accept/", api.suggestion_accept,
         name="article-suggestion-accept"),
    path("articles/<int:article_pk>/suggestions/<int:pk>/dismiss/", api.suggestion_dismiss,
         name="article-suggestion-dismiss"),
]
