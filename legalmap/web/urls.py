from django.urls import path

from . import authority_pages, search, views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path("search/", search.search_page, name="search"),
    path("maps/new/", views.map_create, name="map-create-page"),
    path("authorities/<slug:slug>/", authority_pages.authority_detail,
         name="authority-detail-page"),
]
