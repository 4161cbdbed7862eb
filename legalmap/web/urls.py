from django.urls import path

from . import search, views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path("search/", search.search_page, name="search"),
    path("maps/new/", views.map_create, name="map-create-page"),
]
