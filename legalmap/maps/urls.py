from django.urls import path

from . import matrix, reader, views

urlpatterns = [
    path("maps/<int:pk>/", views.map_page, name="map-page"),
    path("maps/<int:pk>/diagram.svg", views.diagram_svg, name="map-diagram-svg"),
    path("maps/<int:pk>/claims/", views.claim_create, name="map-claim-create"),
    path("maps/<int:pk>/authorities/", views.authority_add, name="map-authority-add"),
    path("maps/<int:pk>/links/", views.link_create, name="map-link-create"),
    path("maps/<int:pk>/links/<int:link_pk>/edit", views.link_edit, name="map-link-edit"),
    path("maps/<int:pk>/links/<int:link_pk>/delete", views.link_delete, name="map-link-delete"),
    path("maps/<int:pk>/nodes/<int:node_pk>/edit", views.node_edit, name="map-node-edit"),
    path("maps/<int:pk>/nodes/<int:node_pk>/delete", views.node_delete, name="map-node-delete"),
    path("matrix/", matrix.matrix_page, name="authority-matrix-page"),
    # The article reader (maps/reader.py): the page, then its JSON writes.
    path("maps/<int:pk>/articles/<int:article_pk>/", reader.article_reader, name="map-article"),
    path("maps/<int:pk>/articles/<int:article_pk>/passages/", reader.passage_create,
         name="map-article-passages"),
    path("maps/<int:pk>/articles/<int:article_pk>/passages/<int:node_pk>/",
         reader.passage_detail, name="map-article-passage"),
]
