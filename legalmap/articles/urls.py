from django.urls import path

from . import views

urlpatterns = [
    path("articles/", views.article_list, name="article-list-page"),
    path("articles/new/", views.article_create, name="article-create-page"),
    path("articles/<int:pk>/", views.article_detail, name="article-detail-page"),
]
