from django.urls import path

from . import views

urlpatterns = [
    path("maps/import/", views.map_import, name="map-import-page"),
    path("maps/<int:pk>/exports/", views.export_create, name="map-export-create"),
    path("maps/<int:pk>/exports/<int:export_pk>/row", views.export_row, name="map-export-row"),
]
