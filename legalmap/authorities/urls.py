from django.urls import path

from . import views

urlpatterns = [
    path("authorities/", views.authority_list, name="authority-list-page"),
    # One authority's page shows the maps' uses of it: legalmap.web.authority_pages.
]
