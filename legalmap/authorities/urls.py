from django.urls import path

from . import views

urlpatterns = [
    path("authorities/", views.authority_list, name="authority-list-page"),
    path("authorities/<slug:slug>/", views.authority_detail, name="authority-detail-page"),
]
